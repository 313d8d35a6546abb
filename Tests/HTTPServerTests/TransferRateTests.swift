import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Testing

/// A minimum of 1,000 B/s judged over 300 ms windows; every timeout stays at its (long) default.
private func slowRateLimit(_ configuration: inout ServerConfiguration) {
    configuration.minTransferRate = 1_000
    configuration.transferRateWindow = .milliseconds(300)
}

/// The minimum transfer rate: bodies and responses that crawl are cut off, normal clients are not.
extension ServerTests {
    @Test("answers 408 and closes when a body trickles in below the minimum rate")
    func tricklingBodyIsClosed() throws {
        try withServer(slowRateLimit) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1000\r\n\r\n")
            var trickled = 0
            while trickled < 500, !client.isReadable(milliseconds: 20) {
                client.send("a")
                trickled += 1
            }
            #expect(trickled < 500, "one byte every 20 ms kept the body alive")
            let response = try #require(client.readResponse())
            #expect(response.status == 408)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            client.shutdownWrite()
            #expect(client.isClosedByPeer())
        }
    }

    @Test("keeps a client that sends its body in pieces at a normal rate, and one pausing between requests")
    func normalClientIsNotClosed() throws {
        try withServer(slowRateLimit) { server in
            let client = try LoopbackClient(port: server.port)
            let piece = String(repeating: "b", count: 8_192)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: \(8 * piece.utf8.count)\r\n\r\n")
            for _ in 0..<8 {
                usleep(50_000)
                client.send(piece)
            }
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.body.count == "POST / ".utf8.count + 8 * piece.utf8.count)
            // Idle time between requests is not a slow transfer.
            for index in 0..<8 {
                usleep(100_000)
                client.send("POST /\(index) HTTP/1.1\r\nHost: a\r\nContent-Length: 2\r\n\r\nok")
                #expect(client.readResponse()?.text == "POST /\(index) ok")
            }
        }
    }

    @Test("closes a connection whose client stops reading a large response")
    func stalledDownloadIsClosed() throws {
        let big = [UInt8](repeating: UInt8(ascii: "d"), count: 32 << 20)
        try withServer({
            $0.minTransferRate = 64 * 1_024
            $0.transferRateWindow = .milliseconds(300)
        }, handler: { _ in Response(status: .ok, body: big) }) { server in
            // A fixed receive buffer: no autotuning that could take in the whole response.
            let client = try LoopbackClient(port: server.port, receiveBuffer: 65_536)
            client.send("GET /big HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(eventually { server.openConnections == 1 })
            // The client reads nothing; the idle timeout (60 s) is far away.
            #expect(eventually { server.openConnections == 0 })
            #expect(client.readToEnd() < big.count)
        }
    }
}
