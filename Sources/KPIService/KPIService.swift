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
/// connection.
public final class KPIService: Sendable {
    private let router: Router
    private let apiKeys: APIKeys
    private let logger: Logger
    private let metrics = ServiceMetrics()
    private let requestIDs = RequestIDGenerator()
    private let draining = Atomic<Bool>(false)
    private let connectionCount = Mutex<@Sendable () -> Int>({ 0 })

    /// A service checking bearer tokens against `apiKeys` (none: open) and logging through `logger`.
    public init(apiKeys: APIKeys = APIKeys([]), logger: Logger = Logger(label: "kpi-service")) {
        self.apiKeys = apiKeys
        self.logger = logger
        var router = Router()
        Self.addServiceRoutes(to: &router)
        for definition in KPIRegistry.all {
            router.add("/" + definition.id, Route(label: "/" + definition.id, method: .post, requiresAuthorization: true) { request, _ in
                .json(try RequestBody.read(request) { bytes throws(BodyError) in try definition.evaluate(json: bytes) }.serialized())
            })
        }
        self.router = router
    }

    /// Whether the service is draining for shutdown (`/readyz` answers 503).
    public var isDraining: Bool { draining.load(ordering: .relaxed) }

    /// Turns `/readyz` to 503 so that load balancers stop sending new work.
    public func beginDraining() { draining.store(true, ordering: .relaxed) }

    /// Where `/metrics` reads the number of open connections from (the server, once it exists).
    public func setConnectionCount(_ count: @escaping @Sendable () -> Int) {
        connectionCount.withLock { $0 = count }
    }

    /// Answers one request.
    public func handle(_ request: Request) -> Response {
        let started = ContinuousClock.now
        metrics.requestStarted()
        let path = Self.pathWithoutQuery(request.path)
        let route = router.route(for: path)
        var response: Response
        do {
            response = try dispatch(request, path: path, route: route)
        } catch let error as any ProblemConvertible {
            response = error.problem(instance: path).response(headerFields: error.headerFields)
        } catch {
            // A 500 never says what went wrong inside; the log does.
            logger.error("unexpected error", metadata: ["path": .string(path), "error": .string("\(error)")])
            response = Problem(status: .internalServerError, detail: "the service could not answer this request", instance: path).response()
        }
        return finish(response, for: request, path: path, route: route, started: started)
    }

    /// Judges a request from its head, before its body is read (the server's head check): 401 for a route
    /// that needs a bearer token without a valid one, 415 for a content coding or a media type a route with
    /// a JSON body cannot read. `nil` lets the body be read; 404 and 405 are left to ``handle(_:)``.
    /// A refusal is logged and counted like any answer.
    public func checkHead(_ request: Request) -> Response? {
        let path = Self.pathWithoutQuery(request.path)
        guard let route = router.route(for: path), route.accepts(request.method) else { return nil }
        let refusal: ServiceError
        if route.requiresAuthorization, let error = apiKeys.check(request.headerFields.value(of: .authorization)) {
            refusal = error
        } else if route.method == .post, let error = RequestBody.headError(of: request) {
            refusal = error
        } else {
            return nil
        }
        let started = ContinuousClock.now
        metrics.requestStarted()
        let response = refusal.problem(instance: path).response(headerFields: refusal.headerFields)
        return finish(response, for: request, path: path, route: route, started: started)
    }

    /// Compresses, adds the request id, counts and logs a response.
    private func finish(_ response: Response, for request: Request, path: String, route: Route?, started: ContinuousClock.Instant) -> Response {
        var response = response
        Compression.apply(to: &response, acceptEncoding: request.headerFields.value(of: .acceptEncoding))
        let requestID = requestIDs.id(for: request.headerFields.value(of: RequestIDGenerator.field))
        // Handlers do not set the request id: appended, it costs less than the subscript's replace-all.
        response.headerFields.append(HTTPField(name: RequestIDGenerator.field, value: requestID))
        let elapsed = ContinuousClock.now - started
        let nanoseconds = elapsed.nanoseconds
        let label = route?.label ?? "unmatched"
        metrics.requestFinished(route: label, status: response.status.code, nanoseconds: nanoseconds)
        let record = RequestLogRecord(
            method: request.method.rawValue, path: path, status: response.status.code,
            bytes: response.body.count, nanoseconds: nanoseconds, requestID: requestID)
        logger.info("request", metadata: ["request": .stringConvertible(record)])
        return response
    }

    private func dispatch(_ request: Request, path: String, route: Route?) throws -> Response {
        let method = request.method
        guard let route else {
            // RFC 9110 §9.3.7: `OPTIONS *` asks about the server as a whole.
            if path == "*", method == .options { return Response(status: .noContent, headerFields: [.allow: "GET, HEAD, OPTIONS, POST"]) }
            throw ServiceError.notFound(path: path)
        }
        if method == .options { return Response(status: .noContent, headerFields: [.allow: route.allow]) }
        guard route.accepts(method) else { throw ServiceError.methodNotAllowed(allow: route.allow) }
        if route.requiresAuthorization, let error = apiKeys.check(request.headerFields.value(of: .authorization)) {
            throw error
        }
        return try route.handler(request, self)
    }

    private static func pathWithoutQuery(_ target: String) -> String {
        guard let query = target.utf8.firstIndex(of: UInt8(ascii: "?")) else { return target }
        return String(target[..<query])
    }

    // MARK: Service endpoints

    /// Documents that never change are serialized here, once; those large enough to be compressed are
    /// ``ConstantResponse``s, compressed once too.
    private static func addServiceRoutes(to router: inout Router) {
        let root = Response.json(ServiceInfo.document)
        router.add("/", Route(label: "/", method: .get, requiresAuthorization: false) { _, _ in root })
        let catalogue = ConstantResponse(.json(Catalogue.all))
        router.add("/kpis", Route(label: "/kpis", method: .get, requiresAuthorization: false) { request, _ in
            catalogue.response(for: request)
        })
        var entries: [String: ConstantResponse] = [:]
        for definition in KPIRegistry.all { entries[definition.id] = ConstantResponse(.json(Catalogue.entry(definition))) }
        router.setCatalogueEntry(Route(label: "/kpis/{id}", method: .get, requiresAuthorization: false) { [entries] request, _ in
            let path = pathWithoutQuery(request.path)
            let id = String(path.dropFirst(Router.catalogueEntryPrefix.count))
            guard let entry = entries[id] else { throw ServiceError.notFound(path: path) }
            return entry.response(for: request)
        })
        router.add("/batch", Route(label: "/batch", method: .post, requiresAuthorization: true) { request, _ in
            .json(try RequestBody.read(request, Batch.evaluate))
        })
        let ok = Response.json(["status": "ok"])
        router.add("/healthz", Route(label: "/healthz", method: .get, requiresAuthorization: false) { _, _ in ok })
        let ready = Response.json(["status": "ready"])
        router.add("/readyz", Route(label: "/readyz", method: .get, requiresAuthorization: false) { _, service in
            if service.isDraining { throw ServiceError.draining }
            return ready
        })
        router.add("/metrics", Route(label: "/metrics", method: .get, requiresAuthorization: false) { _, service in
            let connections = service.connectionCount.withLock { $0 }()
            return Response(
                status: .ok, headerFields: [.contentType: MediaType.prometheus],
                body: service.metrics.exposition(openConnections: connections))
        })
        let openAPI = ConstantResponse(
            Response(status: .ok, headerFields: [.contentType: MediaType.openAPI], body: Array(OpenAPIDocument.yaml().utf8)))
        router.add("/openapi.yaml", Route(label: "/openapi.yaml", method: .get, requiresAuthorization: false) { request, _ in
            openAPI.response(for: request)
        })
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
