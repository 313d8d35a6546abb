/// ISO 8601 dates and date-times as exports and API payloads write them, read from their UTF-8 bytes
/// without Foundation:
///
/// - `2024-03-01`: a calendar date, meaning its starting midnight UTC;
/// - a date-time: the date, `T` (any case) or one space, `hh:mm`, optionally `:ss` and a fraction of any
///   length, then an offset `Z`, `±hh:mm`, `±hhmm` or `±hh`, with one optional space before it
///   (`2024-03-05T14:22:10.000+0000`, `2024-04-11 12:10:00 +0530`, `2024-03-05 14:22Z`).
///
/// With a time zone (the `timeZone` option), a date is the midnight that starts it in the zone and a date-time
/// without an offset is the zone's local time (``TimeZoneRules/instant(local:)``).
///
/// Impossible dates and times (`2024-02-30`, `25:00`), date-times without an offset (and no zone) and date-times that fall
/// outside the years 0000 to 9999 once converted to UTC (`9999-12-31T23:00:00-05:00` is in 10000: no period label
/// of four digits could name it, so a deadline or a record there could not be read back from the answer) are
/// failures of their own.
public enum ISO8601 {
    /// Why a text is not an accepted date.
    public enum Failure: Error, Equatable, Sendable {
        /// Not in an accepted form.
        case malformed
        /// Well formed, but no such day or time (`2024-02-30`, `25:00`).
        case impossible
        /// A date-time without an offset.
        case missingOffset
        /// A date-time whose UTC instant is before 0000-01-01 or after 9999-12-31.
        case outOfRange

        /// The detail of a date-time without an offset where the `timeZone` option would read it (a record
        /// KPI's dates and `asOf`, a series' window).
        public static let localTimeDetail =
            "has no time zone offset: write one (Z, +02:00, +0200 or +02) or give the timeZone option, the IANA zone of local times (\"timeZone\": \"America/New_York\")"

        /// The detail where the `timeZone` option would read the text (``localTimeDetail`` for a local time).
        public var detailNamingTimeZone: String { self == .missingOffset ? Self.localTimeDetail : detail }

        /// The issue detail for a field holding such a text.
        public var detail: String {
            switch self {
            case .malformed:
                "must be an ISO 8601 date (2024-03-01) or date-time with an offset (2024-03-01T09:30:00Z, 2024-03-01 09:30 +0200)"
            case .impossible: "is not a real date or time"
            case .missingOffset: "must have a time zone offset (Z, +02:00, +0200 or +02)"
            case .outOfRange: "must fall within the years 0000 to 9999 once converted to UTC"
            }
        }
    }

    /// A moment as whole seconds since 1970-01-01T00:00:00Z and the nanoseconds past them.
    public typealias Moment = (seconds: Int64, nanoseconds: Int32)

    /// The moment named by the UTF-8 bytes of a date or date-time, local ones read in `zone`. Fraction digits
    /// past the ninth are dropped (nanosecond resolution).
    @inlinable
    public static func parse(_ b: UnsafeBufferPointer<UInt8>, in zone: TimeZoneRules? = nil) -> Result<Moment, Failure> {
        guard b.count >= 10, let year = digits(b, 0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(b, 5, 2), b[7] == UInt8(ascii: "-"), let day = digits(b, 8, 2)
        else { return .failure(.malformed) }
        let timeFollows = b.count > 10 && ((b[10] | 0x20) == UInt8(ascii: "t") || b[10] == UInt8(ascii: " "))
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return b.count == 10 || timeFollows ? .failure(.impossible) : .failure(.malformed)
        }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        if b.count == 10 {
            guard let zone else { return .success((days * 86_400, 0)) }
            return inRange(zone.startOfDay(days), 0)
        }
        guard timeFollows, let hour = digits(b, 11, 2), b.count > 13, b[13] == UInt8(ascii: ":"),
            let minute = digits(b, 14, 2)
        else { return .failure(.malformed) }
        var index = 16
        var second = 0
        var hasSeconds = false
        if index < b.count, b[index] == UInt8(ascii: ":") {
            guard let s = digits(b, index + 1, 2) else { return .failure(.malformed) }
            second = s
            hasSeconds = true
            index += 3
        }
        var nanoseconds: Int32 = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
            guard hasSeconds else { return .failure(.malformed) }
            index += 1
            var scale: Int32 = 100_000_000
            let start = index
            while index < b.count, b[index] >= 0x30, b[index] <= 0x39 {
                nanoseconds += Int32(b[index] - 0x30) * scale
                scale /= 10
                index += 1
            }
            if index == start { return .failure(.malformed) }
        }
        guard hour <= 23, minute <= 59, second <= 59 else { return .failure(.impossible) }
        guard index < b.count else {
            guard let zone else { return .failure(.missingOffset) }
            return inRange(zone.instant(local: days * 86_400 + Int64(hour * 3600 + minute * 60 + second)), nanoseconds)
        }
        if b[index] == UInt8(ascii: " ") {
            index += 1
            guard index < b.count else { return .failure(.malformed) }
        }
        guard let offset = offsetSeconds(b, from: index) else { return .failure(.malformed) }
        guard offset != .max else { return .failure(.impossible) }
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        guard utcSeconds.contains(seconds) else { return .failure(.outOfRange) }
        return .success((seconds, nanoseconds))
    }

    /// `seconds` and `nanoseconds` as a moment, when within ``utcSeconds``.
    @inlinable
    static func inRange(_ seconds: Int64, _ nanoseconds: Int32) -> Result<Moment, Failure> {
        utcSeconds.contains(seconds) ? .success((seconds, nanoseconds)) : .failure(.outOfRange)
    }

    /// The seconds from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, relative to 1970: the instants whose UTC
    /// date has a four-digit year.
    @usableFromInline static let utcSeconds =
        Int64(daysFromCivil(year: 0, month: 1, day: 1)) * 86_400...Int64(daysFromCivil(year: 10_000, month: 1, day: 1)) * 86_400 - 1

    /// The offset written from `index` to the end of `b` in seconds east of UTC (`Z`, `±hh:mm`, `±hhmm`,
    /// `±hh`); `.max` for an offset past 23:59, `nil` for anything else.
    @inlinable
    static func offsetSeconds(_ b: UnsafeBufferPointer<UInt8>, from index: Int) -> Int? {
        if (b[index] | 0x20) == UInt8(ascii: "z") { return index + 1 == b.count ? 0 : nil }
        guard b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-"), let hours = digits(b, index + 1, 2) else { return nil }
        let minutes: Int?
        switch b.count - index {
        case 3: minutes = 0
        case 5: minutes = digits(b, index + 3, 2)
        case 6: minutes = b[index + 3] == UInt8(ascii: ":") ? digits(b, index + 4, 2) : nil
        default: minutes = nil
        }
        guard let minutes else { return nil }
        guard hours <= 23, minutes <= 59 else { return .max }
        return (hours * 60 + minutes) * 60 * (b[index] == UInt8(ascii: "-") ? -1 : 1)
    }

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    @inlinable @inline(__always)
    public static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    /// The proleptic Gregorian date of `days` since 1970-01-01 (Howard Hinnant's `civil_from_days`).
    @inlinable
    public static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let dayOfEra = z - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let shiftedMonth = (5 * dayOfYear + 2) / 153  // 0 is March
        let day = dayOfYear - (153 * shiftedMonth + 2) / 5 + 1
        let month = shiftedMonth < 10 ? shiftedMonth + 3 : shiftedMonth - 9
        return (yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// The number of days in `month` (1–12) of `year` (Gregorian leap years).
    @inlinable @inline(__always)
    public static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The decimal number in `count` ASCII digits of `b` from `start`, or nil if any is not a digit or `b` ends
    /// first (dates here, period labels elsewhere).
    @inlinable @inline(__always)
    public static func digits<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, _ start: Int, _ count: Int) -> Int?
    where Bytes.Index == Int {
        guard start + count <= b.count else { return nil }
        var value = 0
        for i in start..<start + count {
            let d = b[i] &- 0x30
            guard d <= 9 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }
}
