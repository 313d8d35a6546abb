import ArgumentParser
import Glibc
import HTTPServer
import KPIService
import Logging

/// `kpi-server serve` (the default): runs the service until SIGTERM or SIGINT, then drains gracefully.
struct Serve: ParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Run the HTTP service (the default subcommand).")

    @Option(help: "Address to listen on; '::' for IPv6 and IPv4 (env HOST, default 0.0.0.0).")
    var host: String?
    @Option(help: "Port to listen on; 0 picks a free one (env PORT, default 8080).")
    var port: Int?
    @Option(help: "Largest request body in bytes; larger is 413 (env MAX_BODY_BYTES, default 8388608).")
    var maxBodyBytes: Int?
    @Option(help: "Bytes of request bodies being received and of answers waiting for their clients, across all connections; past it a body, or an answer over 16 KiB, gets 503 with Retry-After (env MAX_BODY_BYTES_IN_FLIGHT, default 67108864).")
    var maxBodyBytesInFlight: Int?
    @Option(help: "Slowest body upload or response download in bytes per second, judged over --transfer-rate-window; slower is closed; 0 turns it off (env MIN_TRANSFER_RATE, default 1024).")
    var minTransferRate: Int?
    @Option(help: "Seconds over which --min-transfer-rate is judged (env TRANSFER_RATE_WINDOW, default 10).")
    var transferRateWindow: Double?
    @Option(help: "Most open connections; past it new ones get 503 (env MAX_CONNECTIONS, default 10000).")
    var maxConnections: Int?
    @Option(help: "Largest header section in bytes; larger is 431 (env MAX_HEADER_BYTES, default 16384).")
    var maxHeaderBytes: Int?
    @Option(help: "Most requests on one keep-alive connection (env MAX_REQUESTS_PER_CONNECTION, default 10000).")
    var maxRequestsPerConnection: Int?
    @Option(help: "Seconds to receive a whole header section (env HEADER_TIMEOUT, default 10).")
    var headerTimeout: Double?
    @Option(help: "Seconds a body may make no progress (env BODY_TIMEOUT, default 30).")
    var bodyTimeout: Double?
    @Option(help: "Seconds an idle keep-alive connection stays open (env IDLE_TIMEOUT, default 60).")
    var idleTimeout: Double?
    @Option(help: "Seconds a graceful shutdown may take (env DRAIN_TIMEOUT, default 10).")
    var drainTimeout: Double?
    @Option(help: "Seconds between /readyz turning 503 and the listener closing on shutdown (env SHUTDOWN_DELAY, default 0).")
    var shutdownDelay: Double?
    @Option(help: "Event-loop threads (env THREADS, default: one per CPU).")
    var threads: Int?
    @Option(help: "Threads for heavy requests (series, compare, batch, bodies of 16 KiB or more), off the event loops (env WORKER_THREADS, default: one per CPU).")
    var workerThreads: Int?
    @Option(help: "Most record evaluations one request may ask for (records × periods × scenarios, customers × months); past it a 422 too-much-work (env MAX_WORK, default 1000000).")
    var maxWork: Int?
    @Option(help: "trace, debug, info, notice, warning, error or critical (env LOG_LEVEL, default info).")
    var logLevel: String?
    @Option(help: "json or text (env LOG_FORMAT, default json).")
    var logFormat: String?
    @Option(help: "File of API keys, one per line; the KPI routes, /batch, /series and /compare then need 'Authorization: Bearer <key>' (env KPI_API_KEYS_FILE; or the keys themselves, comma-separated, in KPI_API_KEYS).")
    var apiKeysFile: String?
    @Option(help: "PEM certificate chain, leaf first; with --tls-key the port speaks HTTPS only, TLS 1.2 or later (env TLS_CERTIFICATE_FILE).")
    var tlsCertificate: String?
    @Option(help: "PEM private key of that certificate, unencrypted; needs --tls-certificate (env TLS_KEY_FILE).")
    var tlsKey: String?

    func run() throws {
        let settings = try resolve()
        Server.returnLargeAllocationsToTheSystem()
        let sink = LogSink()
        LoggingSystem.bootstrap { _ in LineLogHandler(format: settings.logFormat, level: settings.logLevel, sink: sink) }
        let application = Application(configuration: settings.service, logger: Logger(label: "kpi-service"))
        try application.shutdownOnSignals()
        do {
            try application.start()
        } catch let error as TLSError {
            // An unreadable or mismatched certificate or key is a configuration error, like a bad flag.
            printError("kpi-server: \(error)")
            throw CommandFailure(status: 2)
        } catch {
            printError("kpi-server: cannot listen on \(settings.service.server.host):\(settings.service.server.port): \(error)")
            throw CommandFailure(status: 1)
        }
        application.wait()
        sink.flush()
    }

    /// Everything `serve` needs, from flags, then environment, then defaults.
    struct Settings {
        var service: ServiceConfiguration
        var logLevel: Logger.Level
        var logFormat: LogFormat
    }

    func resolve() throws -> Settings {
        var server = ServerConfiguration()
        server.host = try Environment.resolve(host, "HOST", default: "0.0.0.0")
        server.port = try Environment.resolve(port, "PORT", default: 8080)
        guard (0...65535).contains(server.port) else { throw ValidationError("port must be from 0 to 65535") }
        server.maxBodyBytes = try positive(Environment.resolve(maxBodyBytes, "MAX_BODY_BYTES", default: server.maxBodyBytes), "max-body-bytes")
        server.maxBodyBytesInFlight = try positive(
            Environment.resolve(maxBodyBytesInFlight, "MAX_BODY_BYTES_IN_FLIGHT", default: server.maxBodyBytesInFlight), "max-body-bytes-in-flight")
        server.minTransferRate = try Environment.resolve(minTransferRate, "MIN_TRANSFER_RATE", default: server.minTransferRate)
        guard server.minTransferRate >= 0 else { throw ValidationError("min-transfer-rate must be 0 or more bytes per second") }
        server.transferRateWindow = try seconds(Environment.resolve(transferRateWindow, "TRANSFER_RATE_WINDOW", default: server.transferRateWindow.seconds), "transfer-rate-window")
        server.maxConnections = try positive(Environment.resolve(maxConnections, "MAX_CONNECTIONS", default: server.maxConnections), "max-connections")
        server.maxHeaderBytes = try positive(Environment.resolve(maxHeaderBytes, "MAX_HEADER_BYTES", default: server.maxHeaderBytes), "max-header-bytes")
        server.maxRequestsPerConnection = try positive(
            Environment.resolve(maxRequestsPerConnection, "MAX_REQUESTS_PER_CONNECTION", default: server.maxRequestsPerConnection),
            "max-requests-per-connection")
        server.headerReadTimeout = try seconds(Environment.resolve(headerTimeout, "HEADER_TIMEOUT", default: server.headerReadTimeout.seconds), "header-timeout")
        server.bodyReadTimeout = try seconds(Environment.resolve(bodyTimeout, "BODY_TIMEOUT", default: server.bodyReadTimeout.seconds), "body-timeout")
        server.idleTimeout = try seconds(Environment.resolve(idleTimeout, "IDLE_TIMEOUT", default: server.idleTimeout.seconds), "idle-timeout")
        server.drainTimeout = try seconds(Environment.resolve(drainTimeout, "DRAIN_TIMEOUT", default: server.drainTimeout.seconds), "drain-timeout")
        server.eventLoopThreads = try positive(Environment.resolve(threads, "THREADS", default: server.eventLoopThreads), "threads")
        server.workerThreads = try positive(Environment.resolve(workerThreads, "WORKER_THREADS", default: server.workerThreads), "worker-threads")
        switch (tlsCertificate ?? Environment.value("TLS_CERTIFICATE_FILE"), tlsKey ?? Environment.value("TLS_KEY_FILE")) {
        case (nil, nil):
            break
        case let (certificate?, key?):
            server.tls = TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key)
        default:
            throw ValidationError("tls-certificate and tls-key go together: set both (env TLS_CERTIFICATE_FILE, TLS_KEY_FILE) or neither")
        }
        let delay = try Environment.resolve(shutdownDelay, "SHUTDOWN_DELAY", default: 0)
        guard delay >= 0, delay.isFinite else { throw ValidationError("shutdown-delay must be 0 or more seconds") }

        let levelText = try Environment.resolve(logLevel, "LOG_LEVEL", default: "info")
        guard let level = Logger.Level(rawValue: levelText.lowercased()) else {
            throw ValidationError("log-level must be one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let formatText = try Environment.resolve(logFormat, "LOG_FORMAT", default: "json")
        guard let format = LogFormat(rawValue: formatText.lowercased()) else {
            throw ValidationError("log-format must be json or text")
        }

        let keys = try resolveAPIKeys()
        var service = ServiceConfiguration(server: server, apiKeys: keys, shutdownDelay: .milliseconds(Int64(delay * 1000)))
        service.maxWork = try positive(Environment.resolve(maxWork, "MAX_WORK", default: service.maxWork), "max-work")
        return Settings(service: service, logLevel: level, logFormat: format)
    }

    /// The keys from `--api-keys-file`, else the file named by `KPI_API_KEYS_FILE`, else `KPI_API_KEYS`.
    /// No key (an open service) only when none of them is set: set but empty, blank, holding a key that
    /// could never match (``APIKeys/init(parsing:)``) or both variables at once stops start-up.
    private func resolveAPIKeys() throws -> APIKeys {
        let fileVariable = Environment.valueIfSet("KPI_API_KEYS_FILE")
        let listVariable = Environment.valueIfSet("KPI_API_KEYS")
        let source: String
        let text: String
        if let path = apiKeysFile ?? fileVariable {
            guard apiKeysFile != nil || listVariable == nil else {
                throw ValidationError("KPI_API_KEYS_FILE and KPI_API_KEYS are both set: set one")
            }
            guard !path.isEmpty else { throw ValidationError("api-keys-file (env KPI_API_KEYS_FILE) is empty: name a file or unset it") }
            (source, text) = (path, try Environment.readFile(path))
        } else if let list = listVariable {
            (source, text) = ("KPI_API_KEYS", list)
        } else {
            return APIKeys([])
        }
        do {
            return try APIKeys(parsing: text)
        } catch {
            throw ValidationError("\(source): \(error)")
        }
    }

    private func positive(_ value: Int, _ name: String) throws -> Int {
        guard value > 0 else { throw ValidationError("\(name) must be greater than 0") }
        return value
    }

    private func seconds(_ value: Double, _ name: String) throws -> Duration {
        guard value > 0, value.isFinite, value <= 86_400 else { throw ValidationError("\(name) must be from 0 to 86400 seconds, exclusive of 0") }
        return .milliseconds(Int64(value * 1000))
    }
}

extension Duration {
    /// The duration in seconds (the unit of the timeout flags).
    fileprivate var seconds: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
