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
        if let extra = event.metadata {
            if all.isEmpty { all = extra } else { all.merge(extra) { $1 } }
        }
        let entries = all.sorted { $0.key < $1.key }
        let time = Self.timestamp()
        switch format {
        case .json:
            var writer = JSONWriter()
            writer.writeRaw("{\"time\":")
            writer.write(.string(time))
            writer.writeRaw(",\"level\":")
            writer.write(.string(event.level.rawValue))
            writer.writeRaw(",\"message\":")
            writer.write(.string(event.message.description))
            for (key, value) in entries {
                writer.writeRaw(",")
                writer.write(.string(key))
                writer.writeRaw(":")
                writer.write(Self.json(value))
            }
            writer.writeRaw("}")
            sink.write(line: writer.bytes)
        case .text:
            var line = time + " " + event.level.rawValue + " " + event.message.description
            for (key, value) in entries { line += " \(key)=\(value)" }
            sink.write(line: Array(line.utf8))
        }
    }

    /// A metadata value as JSON; integers and finite doubles stay numbers.
    private static func json(_ value: Logger.MetadataValue) -> JSONValue {
        switch value {
        case .string(let string): return .string(string)
        case .stringConvertible(let convertible):
            if let integer = convertible as? Int { return .int(integer) }
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
        var text: [UInt8] = Array("0000-00-00T00:00:00.000Z".utf8)
        func put(_ value: Int32, at end: Int, digits: Int) {
            var value = value
            for index in stride(from: end, to: end - digits, by: -1) {
                text[index] = 0x30 + UInt8(value % 10)
                value /= 10
            }
        }
        put(parts.tm_year + 1900, at: 3, digits: 4)
        put(parts.tm_mon + 1, at: 6, digits: 2)
        put(parts.tm_mday, at: 9, digits: 2)
        put(parts.tm_hour, at: 12, digits: 2)
        put(parts.tm_min, at: 15, digits: 2)
        put(parts.tm_sec, at: 18, digits: 2)
        put(Int32(now.tv_nsec / 1_000_000), at: 22, digits: 3)
        return String(decoding: text, as: UTF8.self)
    }
}
