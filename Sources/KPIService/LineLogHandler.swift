import Glibc
import JSON
import Logging

/// How log lines look.
public enum LogFormat: String, Sendable, CaseIterable {
    /// One JSON object per line: `{"time":…,"level":…,"message":…, metadata…}`.
    case json
    /// `2026-11-23T16:40:01.123Z info request method=POST path=/cac status=200 …`.
    case text
}

/// A swift-log handler that formats each event as one line and hands it to a ``LogSink``.
public struct LineLogHandler: LogHandler {
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    public var logLevel: Logger.Level
    private let format: LogFormat
    private let sink: LogSink

    /// A handler writing `format` lines at `level` and above to `sink`.
    public init(format: LogFormat, level: Logger.Level, sink: LogSink) {
        self.format = format
        self.logLevel = level
        self.sink = sink
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get() { all.merge(provided) { $1 } }
        if let extra = event.metadata { all.merge(extra) { $1 } }
        let keys = all.keys.sorted()
        let time = Self.timestamp()
        switch format {
        case .json:
            var object: JSONObject = [
                "time": .string(time), "level": .string(event.level.rawValue),
                "message": .string(event.message.description),
            ]
            for key in keys { object[key] = Self.json(all[key]!) }
            sink.write(line: String(decoding: JSONValue.object(object).serialized(), as: UTF8.self))
        case .text:
            var line = "\(time) \(event.level.rawValue) \(event.message)"
            for key in keys { line += " \(key)=\(all[key]!)" }
            sink.write(line: line)
        }
    }

    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible):
            if let int = convertible as? Int { return .int(int) }
            if let double = convertible as? Double, double.isFinite { return .double(double) }
            return .string(convertible.description)
        case .array(let values): return .array(values.map(json))
        case .dictionary(let dictionary):
            return .object(JSONObject(dictionary.keys.sorted().map { .init(key: $0, value: json(dictionary[$0]!)) }))
        }
    }

    /// RFC 3339 UTC timestamp with milliseconds, e.g. `2026-11-23T16:40:01.123Z`.
    static func timestamp() -> String {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func pad(_ value: Int32, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(parts.tm_year + 1900, 4))-\(pad(parts.tm_mon + 1, 2))-\(pad(parts.tm_mday, 2))T"
            + "\(pad(parts.tm_hour, 2)):\(pad(parts.tm_min, 2)):\(pad(parts.tm_sec, 2))."
            + "\(pad(Int32(now.tv_nsec / 1_000_000), 3))Z"
    }
}
