import Reading

/// Dates of request bodies as ``Instant``s: the ISO 8601 forms ``ISO8601`` reads (a calendar date is its
/// starting midnight, marked ``Instant/isDateOnly``; a date-time needs an offset), within the years 0000 to 9999
/// once in UTC (no period label of four digits could name another year). With the `timeZone` option's zone, a
/// date is its starting midnight there and a date-time without an offset is a local time there.
enum DateParsing {
    typealias Failure = ISO8601.Failure

    /// The instant `text` names, read in `zone` (UTC dates and no local times when `nil`).
    static func instant(_ text: String, in zone: TimeZoneRules? = nil) -> Result<Instant, Failure> {
        if let result = text.utf8.withContiguousStorageIfAvailable({ parse($0, in: zone) }) { return result }
        return Array(text.utf8).withUnsafeBufferPointer { parse($0, in: zone) }
    }

    /// The instant named by the UTF-8 bytes of a date or date-time, read in `zone`.
    @inline(__always)
    static func parse(_ b: UnsafeBufferPointer<UInt8>, in zone: TimeZoneRules?) -> Result<Instant, Failure> {
        ISO8601.parse(b, in: zone).map { Instant(seconds: $0.seconds, nanoseconds: $0.nanoseconds, isDateOnly: b.count == 10) }
    }
}
