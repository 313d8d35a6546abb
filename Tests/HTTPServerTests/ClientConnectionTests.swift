import HTTPServer
import Testing

@Suite("ClientConnection")
struct ClientConnectionTests {
    /// RFC 9112 §4: `status-line = HTTP-version SP status-code SP [ reason-phrase ]`; the reason may be empty or
    /// absent, anything else that is not this shape has no status.
    @Test("reads the status code of a status line, and none from what is not one", arguments: [
        ("HTTP/1.1 200 OK", 200), ("HTTP/1.1 503 Service Unavailable", 503), ("HTTP/1.1 204 ", 204),
        ("HTTP/1.1 204", 204), ("HTTP/1.0 404 Not Found", 404),
        ("", nil), ("HTTP/1.1", nil), ("HTTP/1.1 OK", nil), ("HTP/1.1 200 OK", nil), ("200 OK", nil),
    ] as [(String, Int?)])
    func statusLine(_ line: String, _ status: Int?) {
        #expect(ClientConnection.status(ofStatusLine: line[...]) == status)
    }
}
