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

    @Test func smallBodiesAreNotCompressed() {
        let reply = Fixture.service().call(.get, "/healthz", headers: [("Accept-Encoding", "gzip")])
        #expect(reply["Content-Encoding"] == nil)
    }
}
