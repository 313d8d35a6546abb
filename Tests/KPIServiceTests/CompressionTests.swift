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

    @Test(arguments: TestTransport.allCases)
    func aLargeJSONBodyIsGzippedAndRoundTripsThroughGunzip(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let plain = try client.execute(.get, "/kpis")
            #expect(plain["Content-Encoding"] == nil)
            #expect(plain["Vary"] == "Accept-Encoding")
            let compressed = try client.execute(.get, "/kpis", headers: [("Accept-Encoding", "gzip")])
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
    }

    /// Both variants are built with the route: every request gets the very same body storage, which a
    /// per-request compression (or serialization) would allocate anew.
    /// In process only: the storage is only shared before the bytes go out.
    @Test(arguments: ["/kpis", "/openapi.yaml", "/kpis/cac"])
    func constantDocumentsAreCompressedOnceNotPerRequest(path: String) throws {
        try Application.testing().test(.inProcess) { client in
            let first = try client.execute(.get, path, headers: [("Accept-Encoding", "gzip")])
            let second = try client.execute(.get, path, headers: [("Accept-Encoding", "br, gzip;q=0.5")])
            #expect(first["Content-Encoding"] == "gzip")
            #expect(first["Vary"] == "Accept-Encoding")
            #expect(second.body == first.body)
            #expect(storage(of: second.body) == storage(of: first.body))
            let plain = try client.execute(.get, path, headers: [("Accept-Encoding", "gzip;q=0")])
            let plainAgain = try client.execute(.get, path)
            #expect(plain["Content-Encoding"] == nil)
            #expect(plain["Vary"] == "Accept-Encoding")
            #expect(plain.body.count > first.body.count)
            #expect(storage(of: plainAgain.body) == storage(of: plain.body))
            #expect(try client.execute(.head, path, headers: [("Accept-Encoding", "gzip")])["Content-Encoding"] == "gzip")
        }
    }

    private func storage(of bytes: [UInt8]) -> UnsafeRawPointer? {
        bytes.withUnsafeBytes { $0.baseAddress }
    }

    @Test(arguments: TestTransport.allCases)
    func smallBodiesAreNotCompressed(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.get, "/healthz", headers: [("Accept-Encoding", "gzip")])
            #expect(reply["Content-Encoding"] == nil)
        }
    }
}
