import Logging

/// One request's access-log entry, typed: the `request` line's fields.
public struct AccessRecord: Sendable {
    /// The request method, e.g. `POST`.
    public var method: String
    /// The request target without its query.
    public var path: String
    /// The response status code.
    public var status: Int
    /// The response body's length in bytes, as sent (after compression).
    public var bytes: Int
    /// The time from the request's start to its response, in nanoseconds.
    public var nanoseconds: Int
    /// The request id sent back in `X-Request-ID`.
    public var requestID: String

    /// An entry with every field.
    public init(method: String, path: String, status: Int, bytes: Int, nanoseconds: Int, requestID: String) {
        self.method = method
        self.path = path
        self.status = status
        self.bytes = bytes
        self.nanoseconds = nanoseconds
        self.requestID = requestID
    }

    /// The entry as swift-log metadata, the form any log handler takes: `method`, `path`, `status`, `bytes`,
    /// `durationMs` (milliseconds, a `Double`) and `requestId`.
    public var metadata: Logger.Metadata {
        [
            "method": .string(method), "path": .string(path), "status": .stringConvertible(status),
            "bytes": .stringConvertible(bytes), "durationMs": .stringConvertible(Double(nanoseconds) / 1_000_000),
            "requestId": .string(requestID),
        ]
    }
}

/// Where ``KPIService`` writes its access log, chosen once from its logger: a ``LineLogHandler`` takes each
/// entry typed (``LineLogHandler/log(request:)``: no metadata dictionary and no event are built, the line is
/// written straight into the sink's buffer); any other handler gets a swift-log `info` event `request` with the
/// entry's ``AccessRecord/metadata``; below `info`, nothing is built at all.
enum AccessLog: Sendable {
    case lines(LineLogHandler)
    case events(Logger)
    case off

    init(_ logger: Logger) {
        if logger.logLevel > .info {
            self = .off
        } else if let handler = logger.handler as? LineLogHandler {
            self = .lines(handler)
        } else {
            self = .events(logger)
        }
    }

    /// Logs `record` (evaluated only when the log is on).
    func log(_ record: @autoclosure () -> AccessRecord) {
        switch self {
        case .lines(let handler): handler.log(request: record())
        case .events(let logger): logger.info("request", metadata: record().metadata)
        case .off: break
        }
    }
}
