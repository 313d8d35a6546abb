import Digits
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
        let provided = metadataProvider?.get() ?? [:]
        switch format {
        case .json:
            // An event may run callers' code (a description), so it is formatted outside the sink's lock.
            var writer = JSONWriter()
            Self.beginJSONLine(event.level, event.message.description, in: &writer)
            forEachEntry(event.metadata, provided, sorted: false) { key, value in
                writer.key(key)
                Self.write(value, to: &writer)
            }
            writer.endObject()
            writer.withBytes { sink.write(line: $0) }
        case .text:
            var line = Self.withTimestamp { String(decoding: $0, as: UTF8.self) } + " " + event.level.rawValue + " " + event.message.description
            forEachEntry(event.metadata, provided, sorted: true) { key, value in
                line += " \(key)=\(value)"
            }
            line.withUTF8 { sink.write(line: $0) }
        }
    }

    /// `{"time":…,"level":…,"message":…`: the members every JSON line starts with.
    private static func beginJSONLine(_ level: Logger.Level, _ message: String, in writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("time")
        withTimestamp { writer.write(utf8: $0) }
        writer.member("level", level.rawValue)
        writer.member("message", message)
    }

    /// Calls `body` with each entry of the handler's, the provider's and the event's metadata (later ones
    /// win): sorted by key for text lines, which people read; in the dictionary's order for JSON lines,
    /// whose members are read by name (sorting the access log's keys cost about 3 % of a `/cac` request).
    private func forEachEntry(
        _ extra: Logger.Metadata?, _ provided: Logger.Metadata, sorted: Bool,
        _ body: (String, Logger.MetadataValue) -> Void
    ) {
        // The access log's case, an event's own metadata alone, is written without merging dictionaries.
        let all: Logger.Metadata
        if metadata.isEmpty, provided.isEmpty {
            all = extra ?? [:]
        } else {
            var merged = metadata
            merged.merge(provided) { $1 }
            if let extra { merged.merge(extra) { $1 } }
            all = merged
        }
        guard sorted else {
            for (key, value) in all { body(key, value) }
            return
        }
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { body(key, value) }
    }

    /// A metadata value as JSON; integers of any width (within Int64) and finite doubles stay numbers.
    private static func write(_ value: Logger.MetadataValue, to writer: inout JSONWriter) {
        switch value {
        case .string(let string): writer.write(string)
        case .stringConvertible(let convertible):
            if let integer = convertible as? Int {
                writer.write(integer)
            } else if let integer = convertible as? any BinaryInteger, let exact = Int64(exactly: integer) {
                writer.write(exact)
            } else if let double = convertible as? Double, double.isFinite {
                writer.write(double)
            } else {
                writer.write(convertible.description)
            }
        case .array(let values):
            writer.beginArray()
            for element in values {
                write(element, to: &writer)
            }
            writer.endArray()
        case .dictionary(let dictionary):
            writer.beginObject()
            for key in dictionary.keys.sorted() {
                writer.key(key)
                write(dictionary[key]!, to: &writer)
            }
            writer.endObject()
        }
    }

    /// Calls `body` with the RFC 3339 UTC timestamp with milliseconds, e.g. `2026-11-23T16:40:01.123Z`,
    /// formatted in a stack buffer.
    static func withTimestamp<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        var seconds = now.tv_sec
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            func put(_ value: Int32, at end: Int, digits: Int, then separator: UInt8) {
                DecimalDigits.withDigits(of: UInt64(value), minimumDigits: digits) { digits in
                    for (offset, digit) in digits.enumerated() { text[end + 1 - digits.count + offset] = digit }
                }
                text[end + 1] = separator
            }
            put(parts.tm_year + 1900, at: 3, digits: 4, then: UInt8(ascii: "-"))
            put(parts.tm_mon + 1, at: 6, digits: 2, then: UInt8(ascii: "-"))
            put(parts.tm_mday, at: 9, digits: 2, then: UInt8(ascii: "T"))
            put(parts.tm_hour, at: 12, digits: 2, then: UInt8(ascii: ":"))
            put(parts.tm_min, at: 15, digits: 2, then: UInt8(ascii: ":"))
            put(parts.tm_sec, at: 18, digits: 2, then: UInt8(ascii: "."))
            put(Int32(now.tv_nsec / 1_000_000), at: 22, digits: 3, then: UInt8(ascii: "Z"))
            return body(UnsafeBufferPointer(text))
        }
    }
}
