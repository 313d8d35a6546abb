import Glibc
import JSON
import Logging
import Synchronization

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
            // In the dictionary's order: JSON members are read by name (sorting the access log's keys cost about
            // 3 % of a `/cac` request).
            for (key, value) in entries(event.metadata, provided) {
                writer.key(key)
                Self.write(value, to: &writer)
            }
            writer.endObject()
            writer.withBytes { sink.write(line: $0) }
        case .text:
            var line = Self.withTimestamp { String(decoding: $0, as: UTF8.self) } + " " + event.level.rawValue + " " + event.message.description
            // Sorted by key: people read text lines.
            for (key, value) in entries(event.metadata, provided).sorted(by: { $0.key < $1.key }) {
                line += " \(key)=\(value)"
            }
            line.withUTF8 { sink.write(line: $0) }
        }
    }

    /// Logs one access-log entry at `info` with the message `request`: the same line as an event with
    /// `record.metadata`, but in the JSON format, written member by member straight into the sink's buffer
    /// (members in a fixed order, `durationMs` as an exact decimal). The metadata dictionary and the event this
    /// spares were most of what the access log cost a `/cac` request. The text format, and a handler that carries
    /// metadata of its own, take the event path.
    public func log(request record: AccessRecord) {
        guard logLevel <= .info else { return }
        guard format == .json, metadata.isEmpty, metadataProvider == nil else {
            log(event: LogEvent(
                level: .info, message: "request", metadata: record.metadata, source: nil, file: #fileID, function: #function,
                line: #line))
            return
        }
        sink.writeJSONLine { writer in
            writer.beginObject()
            writer.key("time")
            Self.withTimestamp { writer.write(utf8: $0) }
            writer.members(#""level":"info","message":"request""#)
            writer.member("method", record.method)
            writer.member("path", record.path)
            writer.member("status", record.status)
            writer.member("bytes", record.bytes)
            writer.key("durationMs")
            writer.write(record.nanoseconds, decimalPlaces: 6)
            writer.member("requestId", record.requestID)
            writer.endObject()
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

    /// The handler's, the provider's and the event's metadata, later ones winning. The access log's case, an
    /// event's own metadata alone, is returned without merging dictionaries.
    private func entries(_ extra: Logger.Metadata?, _ provided: Logger.Metadata) -> Logger.Metadata {
        if metadata.isEmpty, provided.isEmpty { return extra ?? [:] }
        var merged = metadata
        merged.merge(provided) { $1 }
        if let extra { merged.merge(extra) { $1 } }
        return merged
    }

    /// A metadata value as JSON; integers of any width (within Int64) and finite doubles stay numbers.
    private static func write(_ value: Logger.MetadataValue, to writer: inout JSONWriter) {
        switch value {
        case .string(let string): writer.write(string)
        case .stringConvertible(let convertible):
            writeConvertible(convertible, to: &writer)
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

    /// A `.stringConvertible` value: integers of any width (within Int64) and finite doubles as numbers, anything
    /// else as its description. The access log's `Int` and `Double` are recognised by comparing the opened type,
    /// which spares the runtime casts (a failed `as? any BinaryInteger` alone cost about 2 % of a `/cac` request).
    private static func writeConvertible<Value: CustomStringConvertible & Sendable>(_ value: Value, to writer: inout JSONWriter) {
        if Value.self == Int.self {
            writer.write(unsafeBitCast(value, to: Int.self))
        } else if Value.self == Double.self, case let double = unsafeBitCast(value, to: Double.self), double.isFinite {
            writer.write(double)
        } else if let integer = value as? any BinaryInteger, let exact = Int64(exactly: integer) {
            writer.write(exact)
        } else {
            writer.write(value.description)
        }
    }

    /// Calls `body` with the RFC 3339 UTC timestamp with milliseconds, e.g. `2026-11-23T16:40:01.123Z`,
    /// formatted in a stack buffer: the text up to the second comes from ``LogClock``, which formats it once a
    /// second, and only the milliseconds are written per line.
    static func withTimestamp<Result>(_ body: (UnsafeBufferPointer<UInt8>) -> Result) -> Result {
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { text in
            LogClock.shared.copySecond(now.tv_sec, into: text)
            let milliseconds = now.tv_nsec / 1_000_000
            text[20] = UInt8(truncatingIfNeeded: 48 + milliseconds / 100)
            text[21] = UInt8(truncatingIfNeeded: 48 + milliseconds / 10 % 10)
            text[22] = UInt8(truncatingIfNeeded: 48 + milliseconds % 10)
            text[23] = UInt8(ascii: "Z")
            return body(UnsafeBufferPointer(text))
        }
    }

    /// Writes `2026-11-23T16:40:01.123Z` for `seconds` since 1970 UTC and `milliseconds` into `text` (24 bytes),
    /// by arithmetic: glibc's `gmtime_r` takes the time-zone lock on every call and cost twice as much.
    static func format(seconds: Int, milliseconds: Int, into text: UnsafeMutableBufferPointer<UInt8>) {
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let second = seconds - days * 86_400
        let date = civilDate(daysSince1970: days)
        func put(_ value: Int, at end: Int, digits: Int, then separator: UInt8) {
            var rest = value
            for index in stride(from: end, to: end - digits, by: -1) {
                text[index] = UInt8(truncatingIfNeeded: 48 + rest % 10)
                rest /= 10
            }
            text[end + 1] = separator
        }
        put(date.year, at: 3, digits: 4, then: UInt8(ascii: "-"))
        put(date.month, at: 6, digits: 2, then: UInt8(ascii: "-"))
        put(date.day, at: 9, digits: 2, then: UInt8(ascii: "T"))
        put(second / 3600, at: 12, digits: 2, then: UInt8(ascii: ":"))
        put(second / 60 % 60, at: 15, digits: 2, then: UInt8(ascii: ":"))
        put(second % 60, at: 18, digits: 2, then: UInt8(ascii: "."))
        put(milliseconds, at: 22, digits: 3, then: UInt8(ascii: "Z"))
    }

    /// The proleptic Gregorian year, month (1–12) and day (1–31) `days` after 1970-01-01: Howard Hinnant's
    /// `civil_from_days` (https://howardhinnant.github.io/date_algorithms.html#civil_from_days), which counts
    /// 400-year eras from 0000-03-01 so that the leap day ends each year.
    static func civilDate(daysSince1970 days: Int) -> (year: Int, month: Int, day: Int) {
        let shifted = days + 719_468  // days from 0000-03-01 to 1970-01-01
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097  // 0...146_096
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365  // 0...399
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)  // 0...365, from March 1
        let monthFromMarch = (5 * dayOfYear + 2) / 153  // 0...11
        let day = dayOfYear - (153 * monthFromMarch + 2) / 5 + 1
        let month = monthFromMarch < 10 ? monthFromMarch + 3 : monthFromMarch - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

/// The first 20 bytes of log timestamps (`2026-11-23T16:40:01.`) for the latest second met, formatted once a
/// second instead of once a line (formatting cost about 380 instructions, 0.7 % of a `/cac` request).
final class LogClock: Sendable {
    static let shared = LogClock()

    private struct Second {
        var seconds = Int.min
        /// The text, in the first 20 of these 24 bytes.
        var text: (UInt64, UInt64, UInt64) = (0, 0, 0)
    }

    private let latest = Mutex(Second())

    /// Copies `2026-11-23T16:40:01.` for `seconds` since 1970 into the first 20 bytes of `text` (24 bytes).
    func copySecond(_ seconds: Int, into text: UnsafeMutableBufferPointer<UInt8>) {
        latest.withLock { latest in
            if latest.seconds != seconds {
                withUnsafeMutableBytes(of: &latest.text) { bytes in
                    bytes.withMemoryRebound(to: UInt8.self) { LineLogHandler.format(seconds: seconds, milliseconds: 0, into: $0) }
                }
                latest.seconds = seconds
            }
            withUnsafeBytes(of: latest.text) { bytes in
                UnsafeMutableRawPointer(text.baseAddress!).copyMemory(from: bytes.baseAddress!, byteCount: 20)
            }
        }
    }
}
