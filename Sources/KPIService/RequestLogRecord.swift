import JSON

/// The fields of the one log line written per request: method, path, status, bytes, duration, request id.
///
/// Logged as a single metadata value (`logger.info("request", metadata: ["request": .stringConvertible(record)])`)
/// so the hot path builds no six-entry dictionary; ``LineLogHandler`` writes its fields inline, as if each
/// were a metadata entry of its own, and any other swift-log handler gets ``description``.
struct RequestLogRecord: CustomStringConvertible, Sendable {
    var method: String
    var path: String
    var status: Int
    var bytes: Int
    var nanoseconds: Int64
    var requestID: String

    /// The duration in milliseconds.
    var durationMs: Double { Double(nanoseconds) / 1_000_000 }

    /// `bytes=338 durationMs=0.031 method=POST path=/cac requestId=… status=200` (keys sorted, as for metadata).
    var description: String {
        "bytes=\(bytes) durationMs=\(durationMs) method=\(method) path=\(path) requestId=\(requestID) status=\(status)"
    }

    /// The same fields as JSON members (`,"bytes":338,…`), keys sorted.
    func writeMembers(to writer: inout JSONWriter) {
        writer.member("bytes", bytes)
        writer.key("durationMs")
        writer.write(nanoseconds, decimalPlaces: 6)
        writer.member("method", method)
        writer.member("path", path)
        writer.member("requestId", requestID)
        writer.member("status", status)
    }
}
