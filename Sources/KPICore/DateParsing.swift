import Reading

/// Dates of request bodies as ``Instant``s: the ISO 8601 forms ``ISO8601`` reads (a calendar date is its
/// starting midnight UTC, marked ``Instant/isDateOnly``; a date-time needs an offset), within the years 0000
/// to 9999 once in UTC (no period label of four digits could name another year).
enum DateParsing {
    typealias Failure = ISO8601.Failure

    /// The instant `text` names.
    static func instant(_ text: String) -> Result<Instant, Failure> {
        if let result = text.utf8.withContiguousStorageIfAvailable(parse) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(parse)
    }

    /// The instant named by the UTF-8 bytes of a date or date-time.
    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<Instant, Failure> {
        ISO8601.parse(b).map { Instant(seconds: $0.seconds, nanoseconds: $0.nanoseconds, isDateOnly: b.count == 10) }
    }
}
