import HTTPServer
import HTTPTypes
import JSON
import KPIService

/// A reply as a test sees it.
struct Reply {
    var status: Int
    var headerFields: HTTPFields
    var body: [UInt8]

    /// The body parsed as JSON (fails the test's `#require` when it is not).
    var json: JSONValue? { try? JSONReader.parse(body) }
    var text: String { String(decoding: body, as: UTF8.self) }
    subscript(_ name: String) -> String? { headerFields[HTTPField.Name(name)!] }
}

/// Builds requests and calls a service in process (no sockets).
enum Fixture {
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

    static func service(apiKeys: [String] = []) -> KPIService {
        KPIService(apiKeys: APIKeys(apiKeys))
    }
}

extension KPIService {
    /// Calls the handler in process.
    func call(
        _ method: HTTPRequest.Method, _ path: String, body: String? = nil,
        contentType: String? = "application/json", headers: [(String, String)] = []
    ) -> Reply {
        let response = handle(Fixture.request(method, path, body: body, contentType: contentType, headers: headers))
        return Reply(status: response.status.code, headerFields: response.headerFields, body: response.body)
    }
}

/// A JSON value from test text (traps on bad JSON: test data is ours).
func json(_ text: String) -> JSONValue {
    try! JSONReader.parse(Array(text.utf8))
}
