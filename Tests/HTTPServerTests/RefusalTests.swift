import HTTPTypes
import Testing
@testable import HTTPServer
import HTTPTestSupport

@Suite("Refusals")
struct RefusalTests {
    @Test("the application's refusal hook writes what the server refuses, with the refusal's status")
    func hookWritesTheAnswer() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoopThreads = 1
        // The hook claims 200: the server must still answer with the refusal's own status.
        let server = Server(configuration: configuration, refusal: { refusal in
            Response(status: .ok, headerFields: [.contentType: "application/x-test"], body: Array("refused: \(refusal.reason)".utf8))
        }) { _ in Response(status: .ok) }
        try server.start()
        defer {
            server.shutdown()
            server.wait()
        }
        let client = try LoopbackClient(port: server.port)
        client.send("GET / HTTP/1.1\r\n\r\n")
        let response = try #require(client.readResponse())
        #expect(response.status == 400)
        #expect(response.header("Content-Type") == "application/x-test")
        #expect(response.text == "refused: malformed(HTTPServer.HTTPParseError.invalidHost)")
    }

    @Test("every refusal has a client-safe detail and the status its RFC clause names", arguments: [
        (Refusal.Reason.headerTimeout, 408), (.bodyTooSlow, 408), (.tooManyConnections, 503), (.tooManyBodiesInFlight, 503),
        (.malformed(.contentTooLarge), 413), (.malformed(.targetTooLong), 414), (.malformed(.headerFieldsTooLarge), 431),
        (.malformed(.methodNotImplemented), 501), (.malformed(.versionNotSupported), 505), (.malformed(.invalidChunk), 400),
    ])
    func statuses(_ reason: Refusal.Reason, _ status: Int) {
        let refusal = Refusal(reason: reason)
        #expect(refusal.status.code == status)
        #expect(refusal.detail.hasSuffix("."))
        let plain = Refusal.plainText(refusal)
        #expect(plain.status.code == status)
        #expect(String(decoding: plain.body, as: UTF8.self) == refusal.detail + "\n")
    }
}
