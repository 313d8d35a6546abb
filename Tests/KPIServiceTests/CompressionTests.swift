import Foundation
import Testing

@testable import KPIService

@Suite struct CompressionTests {
    @Test(arguments: [
        ("gzip", true), ("GZIP", true), ("deflate, gzip;q=0.5", true), ("br;q=1, *", true), ("x-gzip", true),
        ("gzip;q=0", false), ("deflate", false), ("identity", false), ("gzip; q=0.0", false), ("", false),
    ])
    func acceptEncodingIsReadWithItsWeights(field: String, accepted: Bool) {
        #expect(Compression.acceptsGzip(field) == accepted)
    }

    @Test func aLargeJSONBodyIsGzippedAndRoundTripsThroughGunzip() throws {
        let service = Fixture.service()
        let plain = service.call(.get, "/kpis")
        #expect(plain["Content-Encoding"] == nil)
        #expect(plain["Vary"] == "Accept-Encoding")
        let compressed = service.call(.get, "/kpis", headers: [("Accept-Encoding", "gzip")])
        #expect(compressed["Content-Encoding"] == "gzip")
        #expect(compressed.body.count < plain.body.count)
        #expect(Array(compressed.body.prefix(2)) == [0x1F, 0x8B])
        // Decompress with the system's gzip to check the member independently of zlib's inflate in Swift.
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("gz-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("body.gz")
        try Data(compressed.body).write(to: file)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/gzip")
        process.arguments = ["-d", file.path]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        let restored = try Data(contentsOf: directory.appendingPathComponent("body"))
        #expect(Array(restored) == plain.body)
    }

    /// Both variants are built with the route: every request gets the very same body storage, which a
    /// per-request compression (or serialization) would allocate anew.
    @Test(arguments: ["/kpis", "/openapi.yaml", "/kpis/cac"])
    func constantDocumentsAreCompressedOnceNotPerRequest(path: String) {
        let service = Fixture.service()
        let first = service.call(.get, path, headers: [("Accept-Encoding", "gzip")])
        let second = service.call(.get, path, headers: [("Accept-Encoding", "br, gzip;q=0.5")])
        #expect(first["Content-Encoding"] == "gzip")
        #expect(first["Vary"] == "Accept-Encoding")
        #expect(second.body == first.body)
        #expect(storage(of: second.body) == storage(of: first.body))
        let plain = service.call(.get, path, headers: [("Accept-Encoding", "gzip;q=0")])
        let plainAgain = service.call(.get, path)
        #expect(plain["Content-Encoding"] == nil)
        #expect(plain["Vary"] == "Accept-Encoding")
        #expect(plain.body.count > first.body.count)
        #expect(storage(of: plainAgain.body) == storage(of: plain.body))
        #expect(service.call(.head, path, headers: [("Accept-Encoding", "gzip")])["Content-Encoding"] == "gzip")
    }

    private func storage(of bytes: [UInt8]) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    @Test func smallBodiesAreNotCompressed() {
        let reply = Fixture.service().call(.get, "/healthz", headers: [("Accept-Encoding", "gzip")])
        #expect(reply["Content-Encoding"] == nil)
    }
}
