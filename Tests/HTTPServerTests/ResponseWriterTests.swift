import HTTPTypes
import Testing
@testable import HTTPServer

@Suite("Response writer")
struct ResponseWriterTests {
    private func written(_ response: Response, isHead: Bool = false, close: Bool = false, http10: Bool = false) -> (String, Bool) {
        var output: [UInt8] = []
        let closes = ResponseWriter(serverName: "test").append(response, to: &output, isHead: isHead, close: close, http10: http10)
        return (String(decoding: output, as: UTF8.self), closes)
    }

    @Test("writes the status line, handler fields, Date, Server and Content-Length")
    func fields() {
        let (text, closes) = written(Response(status: .created, headerFields: [.contentType: "text/plain", .location: "/x"], body: Array("hi".utf8)))
        #expect(text.hasPrefix("HTTP/1.1 201 Created\r\nContent-Type: text/plain\r\nLocation: /x\r\nDate: "))
        #expect(text.hasSuffix(" GMT\r\nServer: test\r\nContent-Length: 2\r\n\r\nhi"))
        #expect(!closes)
    }

    @Test("replaces the handler's framing fields with its own")
    func framing() {
        let (text, _) = written(Response(status: .ok, headerFields: [.contentLength: "99", .transferEncoding: "chunked"], body: [1]))
        #expect(!text.contains("99"))
        #expect(!text.contains("chunked"))
        #expect(text.contains("Content-Length: 1\r\n"))
    }

    @Test("sends HEAD's Content-Length without the body")
    func head() {
        let (text, _) = written(Response(status: .ok, body: Array("hello".utf8)), isHead: true)
        #expect(text.hasSuffix("Content-Length: 5\r\n\r\n"))
    }

    @Test("announces the close, or keep-alive to HTTP/1.0")
    func connection() {
        #expect(written(Response(status: .ok), close: true).0.contains("Connection: close\r\n"))
        #expect(written(Response(status: .ok), http10: true).0.contains("Connection: keep-alive\r\n"))
        let (text, closes) = written(Response(status: .ok, headerFields: [.connection: "close"]))
        #expect(closes && text.contains("Connection: close\r\n"))
    }

    @Test("sends no Content-Length or body with 204")
    func noContent() {
        let (text, _) = written(Response(status: .noContent, body: [1, 2]))
        #expect(!text.contains("Content-Length"))
        #expect(text.hasSuffix("\r\n\r\n"))
    }
}
