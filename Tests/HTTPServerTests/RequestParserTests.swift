import HTTPTypes
import Testing
@testable import HTTPServer

/// One row of the parser table: raw request bytes and what the parser must report.
struct ParserCase: CustomTestStringConvertible, Sendable {
    let name: String
    let raw: String
    let expected: [Outcome]
    var testDescription: String { name }

    init(_ name: String, _ raw: String, _ expected: Outcome...) {
        self.name = name
        self.raw = raw
        self.expected = expected
    }
}

private let host = "Host: example.com\r\n"

/// Requests the parser accepts (RFC 9112 §2–§7).
let acceptedRequests: [ParserCase] = [
    ParserCase("a minimal HTTP/1.1 GET", "GET / HTTP/1.1\r\n\(host)\r\n", .get()),
    ParserCase("HTTP/1.0 without Host closes", "GET /a HTTP/1.0\r\n\r\n", .get("/a", keepAlive: false)),
    ParserCase("HTTP/1.0 asking for keep-alive stays open", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", .get()),
    ParserCase("Connection close is honoured", "GET / HTTP/1.1\r\n\(host)Connection: foo, close\r\n\r\n", .get(keepAlive: false)),
    ParserCase("HTTP/1.2 is served as 1.1", "GET / HTTP/1.2\r\n\(host)\r\n", .get()),
    ParserCase("an absolute-form target yields its path", "GET http://example.com/a?b=1 HTTP/1.1\r\n\(host)\r\n", .get("/a?b=1")),
    ParserCase("an absolute-form target without path yields /", "GET HTTPS://example.com HTTP/1.1\r\n\(host)\r\n", .get("/")),
    ParserCase("an absolute-form target with only a query", "GET http://example.com?x HTTP/1.1\r\n\(host)\r\n", .get("/?x")),
    ParserCase("QUERY is recognised and handed on", "QUERY /q HTTP/1.1\r\n\(host)Content-Length: 2\r\n\r\n{}", .request(method: "QUERY", path: "/q", body: "{}", keepAlive: true)),
    ParserCase("OPTIONS * is asterisk-form", "OPTIONS * HTTP/1.1\r\n\(host)\r\n", .request(method: "OPTIONS", path: "*", body: "", keepAlive: true)),
    ParserCase("one empty line before a request is ignored", "\r\nGET / HTTP/1.1\r\n\(host)\r\n", .get()),
    ParserCase("a Content-Length body", "POST / HTTP/1.1\r\n\(host)Content-Length: 5\r\n\r\nhello", .post("hello")),
    ParserCase("Content-Length with surrounding whitespace", "POST / HTTP/1.1\r\n\(host)Content-Length:  5 \r\n\r\nhello", .post("hello")),
    ParserCase("a POST with neither header has an empty body", "POST / HTTP/1.1\r\n\(host)\r\n", .post("")),
    ParserCase(
        "a GET body is framed by its length and discarded, never read as a request",
        "GET / HTTP/1.1\r\n\(host)Content-Length: 19\r\n\r\nGET /x HTTP/1.1\r\n\r\nGET /y HTTP/1.1\r\n\(host)\r\n",
        .request(method: "GET", path: "/", body: "GET /x HTTP/1.1\r\n\r\n", keepAlive: true), .get("/y")
    ),
    ParserCase("a chunked body", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", .post("hello world")),
    ParserCase("chunked is case-insensitive", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: ChUnKeD\r\n\r\n1\r\nx\r\n0\r\n\r\n", .post("x")),
    ParserCase(
        "chunk extensions with token and quoted-string values are ignored",
        "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n5;a=b ;c=\"q;\\\"\"\r\nhello\r\nA ; x\r\n0123456789\r\n0;last\r\n\r\n",
        .post("hello0123456789")
    ),
    ParserCase(
        "trailer fields are accepted and never used for framing",
        "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\nContent-Length: 99\r\nX-Trailer: y\r\n\r\n",
        .post("ok")
    ),
    ParserCase("100-continue is announced for a body", "POST / HTTP/1.1\r\n\(host)Expect: 100-continue\r\nContent-Length: 2\r\n\r\nok", .continueExpected, .post("ok")),
    ParserCase("100-continue is announced for a chunked body", "POST / HTTP/1.1\r\n\(host)Expect: 100-Continue\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", .continueExpected, .post("")),
    ParserCase("100-continue is not sent without a body", "POST / HTTP/1.1\r\n\(host)Expect: 100-continue\r\n\r\n", .post("")),
    ParserCase("100-continue is never sent to HTTP/1.0", "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nx", .post("x", keepAlive: false)),
    ParserCase("obs-text in a field value is accepted", "GET / HTTP/1.1\r\n\(host)X-Name: caf\u{e9}\r\n\r\n", .get()),
    ParserCase("an empty field value is accepted", "GET / HTTP/1.1\r\n\(host)X-Empty:\r\n\r\n", .get()),
    ParserCase("an IPv6 literal Host with port", "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n", .get()),
]

/// Requests the parser refuses, with the error (and so the status) it must report.
let refusedRequests: [ParserCase] = [
    // RFC 9112 §6.3 framing.
    ParserCase("Content-Length with Transfer-Encoding", "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", .error(.contentLengthWithTransferEncoding)),
    ParserCase("a duplicate Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: 3\r\nContent-Length: 3\r\n\r\nabc", .error(.invalidContentLength)),
    ParserCase("a list-valued Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: 3, 3\r\n\r\nabc", .error(.invalidContentLength)),
    ParserCase("a signed Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: +3\r\n\r\nabc", .error(.invalidContentLength)),
    ParserCase("a negative Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: -1\r\n\r\n", .error(.invalidContentLength)),
    ParserCase("a hex Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: 0x3\r\n\r\n", .error(.invalidContentLength)),
    ParserCase("a Content-Length with inner space", "POST / HTTP/1.1\r\n\(host)Content-Length: 1 2\r\n\r\n", .error(.invalidContentLength)),
    ParserCase("an empty Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length:\r\n\r\n", .error(.invalidContentLength)),
    ParserCase("an overflowing Content-Length", "POST / HTTP/1.1\r\n\(host)Content-Length: 99999999999999999999999\r\n\r\n", .error(.invalidContentLength)),
    ParserCase("a coding other than chunked", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip\r\n\r\n", .error(.invalidTransferEncoding)),
    ParserCase("chunked not last", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked, gzip\r\n\r\n", .error(.invalidTransferEncoding)),
    ParserCase("an empty Transfer-Encoding", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: ,\r\n\r\n", .error(.invalidTransferEncoding)),
    ParserCase("another coding before chunked", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: gzip, chunked\r\n\r\n", .error(.unsupportedTransferCoding)),
    ParserCase("chunked twice", "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", .error(.unsupportedTransferCoding)),
    ParserCase("Transfer-Encoding on HTTP/1.0", "POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", .error(.invalidTransferEncoding)),
    // RFC 9112 §7.1 chunks.
    ParserCase("a 0x chunk size", chunked("0x5\r\nhello\r\n0\r\n\r\n"), .error(.invalidChunk)),
    ParserCase("a + chunk size", chunked("+5\r\nhello\r\n0\r\n\r\n"), .error(.invalidChunk)),
    ParserCase("a - chunk size", chunked("-5\r\nhello\r\n0\r\n\r\n"), .error(.invalidChunk)),
    ParserCase("an _ in a chunk size", chunked("1_0\r\n"), .error(.invalidChunk)),
    ParserCase("an empty chunk size", chunked("\r\nhello\r\n"), .error(.invalidChunk)),
    ParserCase("junk after a chunk size without ;", chunked("5 x\r\nhello\r\n"), .error(.invalidChunk)),
    ParserCase("a chunk size over 16 hex digits", chunked("00000000000000001\r\nx\r\n"), .error(.invalidChunk)),
    ParserCase("chunk data not followed by CRLF", chunked("5\r\nhelloX\r\n0\r\n\r\n"), .error(.invalidChunk)),
    ParserCase("chunk data followed by a bare LF", chunked("5\r\nhello\n0\r\n\r\n"), .error(.invalidChunk)),
    ParserCase("a bare LF ending a chunk size", chunked("5\nhello\r\n"), .error(.invalidChunk)),
    ParserCase("a bare LF ending a trailer", chunked("0\r\nX: y\n\r\n"), .error(.invalidLineEnding)),
    ParserCase("a malformed trailer", chunked("0\r\nno colon\r\n\r\n"), .error(.invalidFieldName)),
    ParserCase("chunk extensions over the limit", chunked("1;" + String(repeating: "a", count: 40) + "\r\nx\r\n0\r\n\r\n"), .error(.chunkExtensionTooLong)),
    ParserCase("a control character in a chunk extension", chunked("1;a\u{1}\r\nx\r\n0\r\n\r\n"), .error(.invalidChunk)),
    // RFC 9112 §2.2 line endings.
    ParserCase("a bare LF after the request line", "GET / HTTP/1.1\n\(host)\r\n", .error(.invalidLineEnding)),
    ParserCase("a bare LF after a field line", "GET / HTTP/1.1\r\n\(host)X: y\n\r\n", .error(.invalidLineEnding)),
    ParserCase("a bare LF ending the head", "GET / HTTP/1.1\r\n\(host)\n", .error(.invalidLineEnding)),
    ParserCase("a bare CR in the request line", "GET /\r HTTP/1.1\r\n\(host)\r\n", .error(.invalidLineEnding)),
    ParserCase("a bare CR in a field value", "GET / HTTP/1.1\r\n\(host)X: a\rb\r\n\r\n", .error(.invalidLineEnding)),
    // RFC 9112 §5 field lines.
    ParserCase("NUL in a field value", "GET / HTTP/1.1\r\n\(host)X: a\u{0}b\r\n\r\n", .error(.invalidFieldValue)),
    ParserCase("DEL in a field value", "GET / HTTP/1.1\r\n\(host)X: a\u{7F}\r\n\r\n", .error(.invalidFieldValue)),
    ParserCase("whitespace between name and colon", "GET / HTTP/1.1\r\n\(host)X-A : b\r\n\r\n", .error(.invalidFieldName)),
    ParserCase("obs-fold", "GET / HTTP/1.1\r\n\(host)X: a\r\n  b\r\n\r\n", .error(.obsoleteLineFolding)),
    ParserCase("obs-fold right after the request line", "GET / HTTP/1.1\r\n \(host)\r\n", .error(.obsoleteLineFolding)),
    ParserCase("a field line without colon", "GET / HTTP/1.1\r\n\(host)NoColon\r\n\r\n", .error(.invalidFieldName)),
    ParserCase("an empty field name", "GET / HTTP/1.1\r\n\(host): v\r\n\r\n", .error(.invalidFieldName)),
    ParserCase("a non-token byte in a name", "GET / HTTP/1.1\r\n\(host)X(y): v\r\n\r\n", .error(.invalidFieldName)),
    // RFC 9112 §3 request line.
    ParserCase("two spaces after the method", "GET  / HTTP/1.1\r\n\(host)\r\n", .error(.invalidRequestLine)),
    ParserCase("two spaces before the version", "GET /  HTTP/1.1\r\n\(host)\r\n", .error(.invalidRequestLine)),
    ParserCase("a trailing space", "GET / HTTP/1.1 \r\n\(host)\r\n", .error(.invalidRequestLine)),
    ParserCase("a tab as separator", "GET\t/ HTTP/1.1\r\n\(host)\r\n", .error(.invalidRequestLine)),
    ParserCase("a leading space", " GET / HTTP/1.1\r\n\(host)\r\n", .error(.invalidRequestLine)),
    ParserCase("two empty lines before a request", "\r\n\r\nGET / HTTP/1.1\r\n\(host)\r\n", .error(.invalidRequestLine)),
    ParserCase("a lowercase version", "GET / http/1.1\r\n\(host)\r\n", .error(.invalidVersion)),
    ParserCase("trailing garbage after the version", "GET / HTTP/1.1x\r\n\(host)\r\n", .error(.invalidVersion)),
    ParserCase("a version without minor", "GET / HTTP/1\r\n\(host)\r\n", .error(.invalidVersion)),
    ParserCase("a two-digit minor version", "GET / HTTP/1.10\r\n\(host)\r\n", .error(.invalidVersion)),
    ParserCase("an HTTP/0.9 request", "GET /x\r\n\r\n", .error(.http09Request)),
    ParserCase("HTTP/2.0", "GET / HTTP/2.0\r\n\(host)\r\n", .error(.versionNotSupported)),
    ParserCase("HTTP/3.0", "GET / HTTP/3.0\r\n\(host)\r\n", .error(.versionNotSupported)),
    ParserCase("the HTTP/2 connection preface", "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", .error(.versionNotSupported)),
    ParserCase("a relative target", "GET x HTTP/1.1\r\n\(host)\r\n", .error(.invalidTarget)),
    ParserCase("a control character in the target", "GET /a\u{1}b HTTP/1.1\r\n\(host)\r\n", .error(.invalidTarget)),
    ParserCase("a fragment in the target", "GET /a#b HTTP/1.1\r\n\(host)\r\n", .error(.invalidTarget)),
    ParserCase("a non-http absolute target", "GET ftp://example.com/ HTTP/1.1\r\n\(host)\r\n", .error(.invalidTarget)),
    ParserCase("an absolute target without authority", "GET http:///x HTTP/1.1\r\n\(host)\r\n", .error(.invalidTarget)),
    ParserCase("asterisk-form with GET", "GET * HTTP/1.1\r\n\(host)\r\n", .error(.invalidTarget)),
    ParserCase("an unknown method", "BREW / HTTP/1.1\r\n\(host)\r\n", .error(.methodNotImplemented)),
    ParserCase("a lowercase method is unknown", "get / HTTP/1.1\r\n\(host)\r\n", .error(.methodNotImplemented)),
    ParserCase("a method with a non-token byte", "G(T / HTTP/1.1\r\n\(host)\r\n", .error(.invalidRequestLine)),
    // RFC 9112 §3.2 Host.
    ParserCase("a missing Host on 1.1", "GET / HTTP/1.1\r\n\r\n", .error(.invalidHost)),
    ParserCase("a duplicate Host", "GET / HTTP/1.1\r\n\(host)\(host)\r\n", .error(.invalidHost)),
    ParserCase("a Host with a space", "GET / HTTP/1.1\r\nHost: a b\r\n\r\n", .error(.invalidHost)),
    ParserCase("a Host with a slash", "GET / HTTP/1.1\r\nHost: a/b\r\n\r\n", .error(.invalidHost)),
    // Limits.
    ParserCase("a header section over its limit", "GET / HTTP/1.1\r\n\(host)X: \(String(repeating: "a", count: 600))\r\n\r\n", .error(.headerFieldsTooLarge)),
    ParserCase("too many fields", "GET / HTTP/1.1\r\n\(host)" + String(repeating: "X: y\r\n", count: 8) + "\r\n", .error(.headerFieldsTooLarge)),
    ParserCase("a target over its limit", "GET /\(String(repeating: "a", count: 64)) HTTP/1.1\r\n\(host)\r\n", .error(.targetTooLong)),
    ParserCase("a streamed target over its limit", "GET /\(String(repeating: "a", count: 200))", .error(.targetTooLong)),
    ParserCase("a Content-Length over the body limit", "POST / HTTP/1.1\r\n\(host)Content-Length: 33\r\n\r\n", .error(.contentTooLarge)),
    ParserCase("a body over its limit with 100-continue gets no 100", "POST / HTTP/1.1\r\n\(host)Expect: 100-continue\r\nContent-Length: 33\r\n\r\n", .error(.contentTooLarge)),
    ParserCase("chunked data past the limit", chunked("20\r\n" + String(repeating: "a", count: 32) + "\r\n1\r\n"), .error(.contentTooLarge)),
    // Nothing pipelined behind a refused request is answered.
    ParserCase("a request behind a refused one is not parsed", "GET / HTTP/9.9\r\n\(host)\r\nGET / HTTP/1.1\r\n\(host)\r\n", .error(.versionNotSupported)),
]

private func chunked(_ body: String) -> String {
    "POST / HTTP/1.1\r\n\(host)Transfer-Encoding: chunked\r\n\r\n" + body
}

@Suite("Request parser")
struct RequestParserTests {
    @Test("accepts", arguments: acceptedRequests)
    func accepts(_ row: ParserCase) {
        #expect(parse(row.raw) == row.expected)
    }

    @Test("refuses", arguments: refusedRequests)
    func refuses(_ row: ParserCase) {
        #expect(parse(row.raw) == row.expected)
    }

    @Test("gives the same outcome when bytes arrive one at a time", arguments: acceptedRequests + refusedRequests)
    func byteByByte(_ row: ParserCase) {
        #expect(parseByteByByte(row.raw) == row.expected)
    }

    @Test("every refusal has the status its rule names")
    func refusalStatuses() {
        let statuses: [HTTPParseError: Int] = [
            .invalidRequestLine: 400, .http09Request: 400, .invalidVersion: 400, .invalidTarget: 400,
            .invalidLineEnding: 400, .obsoleteLineFolding: 400, .invalidFieldName: 400, .invalidFieldValue: 400,
            .invalidHost: 400, .contentLengthWithTransferEncoding: 400, .invalidContentLength: 400,
            .invalidTransferEncoding: 400, .invalidChunk: 400, .chunkExtensionTooLong: 400, .incompleteRequest: 400,
            .contentTooLarge: 413, .targetTooLong: 414, .headerFieldsTooLarge: 431,
            .unsupportedTransferCoding: 501, .methodNotImplemented: 501, .versionNotSupported: 505,
        ]
        for (error, status) in statuses {
            #expect(error.status.code == status, "\(error)")
        }
    }

    @Test("reports an incomplete request when the input ends mid-request", arguments: [
        "GET / HTTP/1.1\r\nHost: a\r\n",
        "POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhel",
        "POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    ])
    func incompleteAtEnd(_ raw: String) {
        #expect(parse(raw, atEnd: true) == [.error(.incompleteRequest)])
    }

    @Test("reports nothing when the input ends between requests")
    func completeAtEnd() {
        #expect(parse("GET / HTTP/1.1\r\nHost: a\r\n\r\n", atEnd: true) == [.get()])
    }

    @Test("keeps repeated fields in order, names case-insensitive, and Host as the authority")
    func repeatedFields() throws {
        let request = try #require(firstRequest("GET /p HTTP/1.1\r\nhost: example.com:80\r\nAccept: a\r\nX-A: 1\r\naccept: b\r\n\r\n"))
        #expect(request.head.headerFields[values: .accept] == ["a", "b"])
        #expect(request.head.headerFields[HTTPField.Name("x-a")!] == "1")
        #expect(request.head.authority == "example.com:80")
        #expect(request.head.headerFields[HTTPField.Name("Host")!] == nil)
        #expect(request.version == .http1_1)
    }

    @Test("uses the authority of an absolute-form target over Host")
    func absoluteFormAuthority() throws {
        let request = try #require(firstRequest("GET http://origin.example/x HTTP/1.1\r\nHost: other\r\n\r\n"))
        #expect(request.head.authority == "origin.example")
        #expect(request.head.scheme == "http")
        #expect(request.head.path == "/x")
    }
}
