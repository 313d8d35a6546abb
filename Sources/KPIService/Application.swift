import Dispatch
import Glibc
import HTTPServer
import KPICore
import Logging
import Synchronization

/// Everything the service needs to run: the HTTP server's settings, API keys, logging and shutdown timing.
public struct ServiceConfiguration: Sendable {
    /// Listening address, limits and timeouts of the HTTP server.
    public var server: ServerConfiguration
    /// Bearer tokens for the KPI routes and `/batch` (empty: open).
    public var apiKeys: APIKeys
    /// Time between `/readyz` turning 503 and the server closing its listening socket, so that a load
    /// balancer polling readiness stops sending new connections first.
    public var shutdownDelay: Duration
    /// The most record evaluations one request may ask for; past it, a 422 `too-much-work` (``WorkBudget``).
    public var maxWork = WorkBudget.defaultLimit

    public init(server: ServerConfiguration = ServerConfiguration(), apiKeys: APIKeys = APIKeys([]), shutdownDelay: Duration = .zero) {
        self.server = server
        self.apiKeys = apiKeys
        self.shutdownDelay = shutdownDelay
    }
}

/// The running service: the HTTP server wired to ``KPIService``, with graceful shutdown on SIGTERM/SIGINT.
///
/// Shutdown sequence: `/readyz` turns 503, after `shutdownDelay` the server stops accepting, in-flight requests
/// finish and their responses are written, idle keep-alive connections close, all bounded by the server's
/// drain timeout; then ``wait()`` returns.
public final class Application: Sendable {
    /// The request handler.
    public let service: KPIService
    private let server: Server
    private let configuration: ServiceConfiguration
    private let logger: Logger
    private let shuttingDown = Atomic<Bool>(false)

    /// An application that is not yet listening.
    public init(configuration: ServiceConfiguration, logger: Logger = Logger(label: "kpi-service")) {
        self.configuration = configuration
        self.logger = logger
        let service = KPIService(apiKeys: configuration.apiKeys, maxWork: configuration.maxWork, logger: logger)
        self.service = service
        let server = Server(
            configuration: configuration.server, refusal: { service.refusal($0) }, headCheck: { service.checkHead($0) },
            offload: { service.runsOffLoop($0) }
        ) { request in service.handle(request) }
        self.server = server
        service.setConnectionCount { server.openConnections }
    }

    /// Binds and starts serving; returns at once. A shutdown requested earlier (a signal during start-up)
    /// stops the server straight away.
    public func start() throws {
        try server.start()
        logger.info("listening", metadata: [
            "host": .string(configuration.server.host), "port": .stringConvertible(server.port),
            "apiKeys": .stringConvertible(configuration.apiKeys.count),
        ])
    }

    /// The bound port (the picked one when configured with port 0).
    public var port: Int { server.port }

    /// Starts the graceful shutdown (idempotent; callable from any thread).
    public func shutdown() {
        guard !shuttingDown.exchange(true, ordering: .relaxed) else { return }
        logger.info("draining", metadata: ["shutdownDelayMs": .stringConvertible(configuration.shutdownDelay.milliseconds)])
        service.beginDraining()
        let server = self.server
        if configuration.shutdownDelay > .zero {
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(configuration.shutdownDelay.nanoseconds))) {
                server.shutdown()
            }
        } else {
            server.shutdown()
        }
    }

    /// Shuts down gracefully on SIGTERM or SIGINT (see ``ShutdownSignals``). Call it before ``start()``,
    /// so that the server's threads inherit the blocked signals and none arriving during start-up is lost.
    public func shutdownOnSignals() throws {
        try ShutdownSignals.handle { [weak self] _ in self?.shutdown() }
    }

    /// Blocks until the server has stopped.
    public func wait() {
        server.wait()
        logger.info("stopped")
    }
}
