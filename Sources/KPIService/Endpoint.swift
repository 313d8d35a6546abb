import HTTPServer
import HTTPTypes
import JSON
import KPICore

/// One route of the service (a class: dispatch hands it around by reference), declared once: from the list of them (``Endpoints/all``) come the dispatch,
/// the `Allow` field, the root document's links, the metrics and log labels, and the OpenAPI paths.
final class Endpoint: Sendable {
    /// What a handler is given besides the request.
    struct Context {
        /// The service (for the routes that report its own state).
        let service: KPIService
        /// The value of the path's trailing `{…}` segment (`cac` in `/kpis/cac`); `nil` for exact paths.
        let parameter: String?
    }

    /// How a route answers: a response, or an error (a ``ProblemConvertible`` becomes its problem; anything
    /// else a generic 500).
    typealias Handler = @Sendable (Request, Context) throws -> Response

    /// The method (`HEAD` goes with `GET`, `OPTIONS` with every route).
    let method: HTTPRequest.Method
    /// The path; it may end in one parameter segment, `/kpis/{id}`. Also the label in metrics and logs.
    let path: String
    /// Whether the route needs a bearer token when API keys are configured.
    let requiresAuthorization: Bool
    /// The name of the route in the root document's `links`, if it is listed there.
    let link: String?
    /// The record formats the route's body may come in besides JSON (``RecordFormat``).
    let recordFormats: [RecordFormat]
    /// The route's OpenAPI operation.
    let operation: Operation
    let handler: Handler

    init(
        _ method: HTTPRequest.Method, _ path: String, requiresAuthorization: Bool = false, link: String? = nil,
        recordFormats: [RecordFormat] = [], operation: Operation, handler: @escaping Handler
    ) {
        self.method = method
        self.path = path
        self.requiresAuthorization = requiresAuthorization
        self.link = link
        self.recordFormats = recordFormats
        self.operation = operation
        self.handler = handler
    }

    /// The `Allow` field value (RFC 9110 §10.2.1).
    var allow: String { method == .get ? "GET, HEAD, OPTIONS" : "OPTIONS, POST" }

    /// Whether `requestMethod` is served by this route (RFC 9110 §9.3.2: HEAD is GET without the body).
    func accepts(_ requestMethod: HTTPRequest.Method) -> Bool {
        requestMethod == method || (method == .get && requestMethod == .head)
    }

    /// The path before its parameter segment (`/kpis/`), or `nil` for an exact path.
    var parameterPrefix: Substring? {
        guard path.hasSuffix("}"), let open = path.lastIndex(of: "{") else { return nil }
        return path[..<open]
    }

    /// The parameter's name (`id` in `/kpis/{id}`).
    var parameterName: Substring? {
        guard let prefix = parameterPrefix else { return nil }
        return path[prefix.endIndex...].dropFirst().dropLast()
    }
}

/// What the OpenAPI document says about one route.
struct Operation: Sendable {
    /// The body a route reads.
    struct Body: Sendable {
        /// The name of its component schema.
        var schema: String
        var example: JSONValue
        /// The same body as record lines, by media type (`application/x-ndjson`, `text/csv`): a description
        /// and an example text.
        var lines: [(mediaType: String, description: String, example: String)] = []
    }

    /// The `operationId`.
    var id: String
    var summary: String
    var description: String?
    var tags: [String] = []
    /// The values the path parameter takes, when they are a closed list.
    var parameterValues: [String]?
    /// Query parameters (OpenAPI parameter objects).
    var queryParameters: [JSONValue] = []
    var body: Body?
    /// The 200 answer: its description, media type and schema.
    var success: (description: String, mediaType: String, schema: JSONValue)
    /// The error statuses it documents (each refers to a shared response).
    var errors: [Int]
}
