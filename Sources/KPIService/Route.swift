import HTTPServer
import HTTPTypes

/// One path of the service: which methods it answers and what it does.
struct Route: Sendable {
    /// How a route answers: a response, or an error (a ``ProblemConvertible`` becomes its problem; anything
    /// else a generic 500). The service is passed for the routes that report its own state.
    typealias Handler = @Sendable (Request, KPIService) throws -> Response

    /// The label used in metrics and logs (`/kpis/{id}` rather than `/kpis/cac`).
    let label: String
    /// The methods the route answers (`HEAD` goes with `GET`, `OPTIONS` with every route).
    let method: HTTPRequest.Method
    /// Whether the route needs a bearer token when API keys are configured.
    let requiresAuthorization: Bool
    let handler: Handler

    /// The `Allow` field value (RFC 9110 §10.2.1).
    var allow: String { method == .get ? "GET, HEAD, OPTIONS" : "OPTIONS, POST" }

    /// Whether `requestMethod` is served by this route (RFC 9110 §9.3.2: HEAD is GET without the body).
    func accepts(_ requestMethod: HTTPRequest.Method) -> Bool {
        requestMethod == method || (method == .get && requestMethod == .head)
    }
}

/// The routing table: exact paths, plus the one parameterised path `/kpis/{id}`.
struct Router: Sendable {
    private var exact: [String: Route] = [:]
    private var catalogueEntry: Route?

    static let catalogueEntryPrefix = "/kpis/"

    /// Adds a route for an exact path.
    mutating func add(_ path: String, _ route: Route) {
        precondition(exact[path] == nil, "route \(path) declared twice")
        exact[path] = route
    }

    /// Sets the route for `/kpis/{id}`.
    mutating func setCatalogueEntry(_ route: Route) {
        catalogueEntry = route
    }

    /// The route for `path` (no query), or `nil`.
    func route(for path: String) -> Route? {
        if let route = exact[path] { return route }
        if path.hasPrefix(Self.catalogueEntryPrefix), path.utf8.count > Self.catalogueEntryPrefix.utf8.count {
            return catalogueEntry
        }
        return nil
    }

    /// Every exact path, sorted (for the root document).
    var paths: [String] { exact.keys.sorted() }
}
