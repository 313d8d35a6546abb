import HTTPServer
import HTTPTestSupport
import HTTPTypes
import JSON
import KPIService
import Testing

/// How a test's requests reach the service, after HummingbirdTesting's `.router` and `.live`: the same test
/// body runs either way (`@Test(arguments: TestTransport.allCases)`).
enum TestTransport: String, CaseIterable, Sendable, CustomTestStringConvertible {
    /// The service's handler is called with a built ``Request``: no socket, no server, no head check.
    case inProcess
    /// The real server on 127.0.0.1, on a port the system picks; each request is sent as bytes on a new
    /// connection (through the server's head check, parser and response writer).
    case live

    var testDescription: String { rawValue }
}

extension Application {
    /// An application set up for tests: 127.0.0.1, a port the system picks, 2 event-loop threads, a 3 s
    /// drain; `apiKeys` as bearer tokens (none: open); then `configure` for anything else.
    static func testing(apiKeys: [String] = [], _ configure: (inout ServiceConfiguration) -> Void = { _ in }) -> Application {
        var server = ServerConfiguration()
        server.host = "127.0.0.1"
        server.port = 0
        server.eventLoopThreads = 2
        server.drainTimeout = .seconds(3)
        var configuration = ServiceConfiguration(server: server, apiKeys: APIKeys(apiKeys))
        configure(&configuration)
        return Application(configuration: configuration)
    }

    /// Runs `body` with a client that reaches this application through `transport`. For ``TestTransport/live``
    /// the server is started first, and shut down (and waited for) after.
    func test<T>(_ transport: TestTransport, _ body: (TestClient) throws -> T) throws -> T {
        let client = TestClient(application: self, transport: transport)
        guard transport == .live else { return try body(client) }
        try start()
        defer {
            shutdown()
            wait()
        }
        return try body(client)
    }
}

/// Sends requests to an application under test (see ``Application/test(_:_:)``).
struct TestClient {
    let application: Application
    let transport: TestTransport

    /// The application's request handler.
    var service: KPIService { application.service }

    /// Sends one request and returns the answer. `body`, when given, comes with `contentType` (if any);
    /// `headers` are added as they are.
    func execute(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
        contentType: String? = "application/json", headers: [(String, String)] = []
    ) throws -> Reply {
        switch transport {
        case .inProcess:
            let response = service.handle(Self.request(method, path, body: body, contentType: contentType, headers: headers))
            return Reply(status: response.status.code, headerFields: response.headerFields, body: response.body)
        case .live:
            // Long enough for the largest batch a test sends, in a debug build.
            let connection = try LoopbackClient(port: application.port, timeoutSeconds: 30)
            var head = "\(method.rawValue) \(path) HTTP/1.1\r\nHost: localhost\r\n"
            if body != nil, let contentType { head += "Content-Type: \(contentType)\r\n" }
            for (name, value) in headers { head += "\(name): \(value)\r\n" }
            let bytes = Array((body ?? "").utf8)
            if body != nil || method == .post { head += "Content-Length: \(bytes.count)\r\n" }
            guard connection.send(Array((head + "\r\n").utf8) + bytes),
                let response = connection.readResponse(isHead: method == .head)
            else { throw TestClientError.noResponse(method: method, path: path) }
            var fields = HTTPFields()
            for (name, value) in response.headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
            return Reply(status: response.status, headerFields: fields, body: response.body)
        }
    }

    /// The live server's port.
    var port: Int { application.port }

    /// A new connection to the live server, for tests where the bytes are the point.
    func connect() throws -> LoopbackClient {
        precondition(transport == .live, "only a live application has a socket")
        return try LoopbackClient(port: application.port)
    }

    /// The request ``execute(_:_:body:contentType:headers:)`` hands the service in process.
    static func request(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
        contentType: String? = "application/json", headers: [(String, String)] = []
    ) -> Request {
        var fields = HTTPFields()
        if body != nil, let contentType { fields[.contentType] = contentType }
        for (name, value) in headers { fields.append(HTTPField(name: HTTPField.Name(name)!, value: value)) }
        let head = HTTPRequest(method: method, scheme: nil, authority: "localhost", path: path, headerFields: fields)
        return Request(head: head, body: Array((body ?? "").utf8))
    }
}

enum TestClientError: Error {
    /// The live server sent no complete response (closed, or the timeout passed).
    case noResponse(method: HTTPRequest.Method, path: String)
}

/// A reply as a test sees it, whichever the transport.
struct Reply {
    var status: Int
    var headerFields: HTTPFields
    var body: [UInt8]

    /// The body parsed as JSON (fails the test's `#require` when it is not).
    var json: JSONValue? { try? JSONReader.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
    subscript(_ name: String) -> String? { headerFields[HTTPField.Name(name)!] }
}
