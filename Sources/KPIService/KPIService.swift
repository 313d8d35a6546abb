import HTTPServer
import HTTPTypes
import JSON
import KPICore
import Logging
import Synchronization

/// The KPI service's request handler: routes every request to a KPI computation or a service endpoint and
/// turns every failure into an RFC 9457 problem.
///
/// Routes come from ``KPIRegistry`` (`POST /<kpi-id>` for each KPI) plus the service endpoints. Each request
/// is logged once (method, path, status, bytes, duration, request id) and counted in the Prometheus metrics.
/// The handler is synchronous and CPU-only; the HTTP server runs it on the event-loop thread that owns the
/// connection, or on its worker pool for the requests ``runsOffLoop(_:)`` picks. No request may ask for
/// more than ``maxWork`` record evaluations (``WorkBudget``).
public final class KPIService: Sendable {
    private let router: Router
    private let apiKeys: APIKeys
    private let logger: Logger
    private let accessLog: AccessLog
    private let metrics = ServiceMetrics()
    private let requestIDs = RequestIDGenerator()
    private let draining = Atomic<Bool>(false)
    private let connectionCount = Mutex<@Sendable () -> Int>({ 0 })
    /// The most record evaluations one request may ask for (``WorkBudget``).
    public let maxWork: Int

    /// A service checking bearer tokens against `apiKeys` (none: open), logging through `logger`, and
    /// refusing requests that ask for more than `maxWork` record evaluations.
    public init(apiKeys: APIKeys = APIKeys([]), maxWork: Int = WorkBudget.defaultLimit, logger: Logger = Logger(label: "kpi-service")) {
        self.apiKeys = apiKeys
        self.maxWork = maxWork
        self.logger = logger
        self.accessLog = AccessLog(logger)
        self.router = Router(Endpoints.all)
        Documents.prepare()
    }

    /// Whether the service is draining for shutdown (`/readyz` answers 503).
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Turns `/readyz` to 503 so that load balancers stop sending new work.
    public func beginDraining() { draining.store(true, ordering: .relaxed) }

    /// Where `/metrics` reads the number of open connections from (the server, once it exists).
    public func setConnectionCount(_ count: @escaping @Sendable () -> Int) {
        connectionCount.withLock { $0 = count }
    }

    /// The largest answer any route gives (before compression): past it the answer is a 422
    /// `/problems/response-too-large` saying its size. Twice the `/batch` and `/series` item budget, so that
    /// those answers fit unless their last item alone is huge; a single KPI answer of that size (a cohort table
    /// of thousands of start months) is more than a caller can use, and slow readers of many such answers would
    /// hold them all.
    static let maxResponseBytes = 16 * 1024 * 1024

    /// Answers one request.
    public func handle(_ request: Request) -> Response {
        let started = ContinuousClock.now
        metrics.requestStarted()
        let path = Self.pathWithoutQuery(request.path)
        let route = router.match(path)
        var response: Response
        do {
            response = maxWork == WorkBudget.defaultLimit
                ? try dispatch(request, path: path, route: route)
                : try WorkBudget.$limit.withValue(maxWork) { try dispatch(request, path: path, route: route) }
            if response.body.count > Self.maxResponseBytes {
                throw ServiceError.responseTooLarge(bytes: response.body.count, limit: Self.maxResponseBytes)
            }
        } catch let error as any ProblemConvertible {
            response = error.problem(instance: path).response(headerFields: error.headerFields)
        } catch {
            // A 500 never says what went wrong inside; the log does.
            logger.error("unexpected error", metadata: ["path": .string(path), "error": .string("\(error)")])
            response = Problem(.internalError, detail: "the service could not answer this request", instance: path).response()
        }
        return finish(response, for: request, path: path, route: route, started: started)
    }

    /// Bodies of at least this many bytes are read and computed on the server's worker pool (see
    /// ``runsOffLoop(_:)``): below it, a request's work is bounded small enough to run on its event loop.
    public static let offLoopBodyBytes = 16 * 1024

    /// Whether `request` runs on the server's worker pool instead of its event loop (the server's offload
    /// hook): every `/series`, `/compare` and `/batch` (their work multiplies by points, sides and items)
    /// and every body of ``offLoopBodyBytes`` or more (records). The small KPI requests that make up most
    /// traffic stay on the loop, where they cost no thread hop.
    public func runsOffLoop(_ request: Request) -> Bool {
        if request.body.count >= Self.offLoopBodyBytes { return true }
        guard request.method == .post else { return false }
        let path = Self.pathWithoutQuery(request.path)
        return path == "/series" || path == "/compare" || path == "/batch"
    }

    /// Judges a request from its head, before its body is read (the server's head check): 401 for a route
    /// that needs a bearer token without a valid one, 415 for a content coding or a media type a route with
    /// a JSON body cannot read. `nil` lets the body be read; 404 and 405 are left to ``handle(_:)``.
    /// A refusal is logged and counted like any answer.
    public func checkHead(_ request: Request) -> Response? {
        let path = Self.pathWithoutQuery(request.path)
        guard let route = router.match(path), route.endpoint.accepts(request.method) else { return nil }
        let refusal: ServiceError
        if route.endpoint.requiresAuthorization, let error = apiKeys.check(request.headerFields.value(of: .authorization)) {
            refusal = error
        } else if route.endpoint.method == .post,
            let error = RequestBody.headError(of: request, accepting: route.endpoint.recordFormats)
        {
            refusal = error
        } else {
            return nil
        }
        let started = ContinuousClock.now
        metrics.requestStarted()
        let response = refusal.problem(instance: path).response(headerFields: refusal.headerFields)
        return finish(response, for: request, path: path, route: route, started: started)
    }

    /// The answer to a request the HTTP server refuses itself (malformed, too slow, over a limit): the
    /// same problem details as every other error (the server's `refusal` hook).
    public func refusal(_ refusal: Refusal) -> Response {
        var response = Problem(refusal: refusal).response()
        response.headerFields.append(Self.noSniff)
        return response
    }

    /// `X-Content-Type-Options: nosniff` on every response: answers reflect what the request sent (a 404's
    /// `instance` is the path asked for), and a browser must never read them as anything but their declared type.
    private static let noSniff = HTTPField(name: .xContentTypeOptions, value: "nosniff")

    /// Compresses, adds the request id and `X-Content-Type-Options`, counts and logs a response.
    private func finish(_ response: Response, for request: Request, path: String, route: Router.Match?, started: ContinuousClock.Instant) -> Response {
        var response = response
        Compression.apply(to: &response, acceptEncoding: request.headerFields.value(of: .acceptEncoding))
        let requestID = requestIDs.id(for: request.headerFields.value(of: RequestIDGenerator.field))
        // Handlers do not set the request id: appended, it costs less than the subscript's replace-all.
        response.headerFields.append(HTTPField(name: RequestIDGenerator.field, value: requestID))
        response.headerFields.append(Self.noSniff)
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.nanoseconds
        let label = route?.endpoint.path ?? "unmatched"
        metrics.requestFinished(route: label, status: response.status.code, nanoseconds: nanoseconds)
        accessLog.log(AccessRecord(
            method: request.method.rawValue, path: path, status: response.status.code, bytes: response.body.count,
            nanoseconds: Int(nanoseconds), requestID: requestID))
        return response
    }

    private func dispatch(_ request: Request, path: String, route: Router.Match?) throws -> Response {
        let method = request.method
        guard let route else {
            // RFC 9110 §9.3.7: `OPTIONS *` asks about the server as a whole.
            if path == "*", method == .options { return Response(status: .noContent, headerFields: [.allow: "GET, HEAD, OPTIONS, POST"]) }
            throw ServiceError.notFound(path: path)
        }
        let endpoint = route.endpoint
        if method == .options { return Response(status: .noContent, headerFields: [.allow: endpoint.allow]) }
        guard endpoint.accepts(method) else { throw ServiceError.methodNotAllowed(allow: endpoint.allow) }
        if endpoint.requiresAuthorization, let error = apiKeys.check(request.headerFields.value(of: .authorization)) {
            throw error
        }
        return try endpoint.handler(request, Endpoint.Context(service: self, parameter: route.parameter))
    }

    private static func pathWithoutQuery(_ target: String) -> String {
        guard let query = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target }
        return String(target[..<query])
    }

    /// `GET /metrics`: the Prometheus exposition with the current number of open connections.
    func metricsResponse() -> Response {
        let connections = connectionCount.withLock { $0 }()
        return Response(
            status: .ok, headerFields: [.contentType: MediaType.prometheus],
            body: metrics.exposition(openConnections: connections))
    }
}

extension Response {
    /// A 200 `application/json` response.
    static func json(_ value: JSONValue) -> Response {
        .json(value.serialized())
    }

    /// A 200 `application/json` response with JSON text already written.
    static func json(_ body: [UInt8]) -> Response {
        Response(status: .ok, headerFields: jsonFields, body: body)
    }

    /// `Content-Type: application/json`, built once: every KPI answer shares it until its request id is added.
    private static let jsonFields: HTTPFields = [.contentType: MediaType.json]
}

extension ValidationError: ProblemConvertible {
    public func problem(instance: String) -> Problem { Problem(validation: self, instance: instance) }
}
