/// ISO 8601 dates as the contract accepts them, read without Foundation.
///
/// - `2024-03-01`: a calendar date, meaning midnight UTC (marked ``Instant/isDateOnly``);
/// - `2024-03-01T09:30:00Z`, `2024-03-01T09:30:00.250+02:00`: a date-time (RFC 3339 §5.6) with an offset.
///
/// Impossible dates (`2024-02-30`), times without an offset, date-times that fall outside the years 0000 to 9999
/// once converted to UTC (`9999-12-31T23:00:00-05:00` is in 10000: no period label of four digits could name it,
/// so a deadline or a record there could not be read back from the answer), and anything else are rejected.
enum DateParsing {
    /// Why a text is not an accepted date.
    enum Failure: Error, Equatable {
        /// Not in either accepted form.
        case malformed
        /// Well formed, but no such day or time (`2024-02-30`, `25:00`).
        case impossible
        /// A date-time without `Z` or `±hh:mm`.
        case missingOffset
        /// A date-time whose UTC instant is before 0000-01-01 or after 9999-12-31.
        case outOfRange

        /// The issue detail for a field holding such a text.
        var detail: String {
            switch self {
            case .malformed: "must be an ISO 8601 date (2024-03-01) or date-time with offset (2024-03-01T09:30:00Z)"
            case .impossible: "is not a real date or time"
            case .missingOffset: "must have a time zone offset (Z or +02:00)"
            case .outOfRange: "must fall within the years 0000 to 9999 once converted to UTC"
            }
        }
    }

    /// The instant `text` names.
    static func instant(_ text: String) -> Result<Instant, Failure> {
        if let result = text.utf8.withContiguousStorageIfAvailable(parse) { return result }
        return Array(text.utf8).withUnsafeBufferPointer(parse)
    }

    /// The instant named by the UTF-8 bytes of a date or date-time. Fraction digits past the ninth are
    /// dropped (nanosecond resolution).
    static func parse(_ b: UnsafeBufferPointer<UInt8>) -> Result<Instant, Failure> {
        guard b.count >= 10, let year = digits(b, 0, 4), b[4] == UInt8(ascii: "-"),
            let month = digits(b, 5, 2), b[7] == UInt8(ascii: "-"), let day = digits(b, 8, 2)
        else { return .failure(.malformed) }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year) else {
            return b.count == 10 || (b[10] | 0x20) == UInt8(ascii: "t") ? .failure(.impossible) : .failure(.malformed)
        }
        let days = Int64(daysFromCivil(year: year, month: month, day: day))
        if b.count == 10 { return .success(Instant(seconds: days * 86_400, isDateOnly: true)) }
        guard b.count >= 19, (b[10] | 0x20) == UInt8(ascii: "t"), let hour = digits(b, 11, 2),
            b[13] == UInt8(ascii: ":"), let minute = digits(b, 14, 2), b[16] == UInt8(ascii: ":"),
            let second = digits(b, 17, 2)
        else { return .failure(.malformed) }
        var index = 19
        var nanoseconds: Int32 = 0
        if index < b.count, b[index] == UInt8(ascii: ".") {
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
        guard index < b.count else { return .failure(.missingOffset) }
        var offset = 0
        if (b[index] | 0x20) == UInt8(ascii: "z") {
            index += 1
        } else if b[index] == UInt8(ascii: "+") || b[index] == UInt8(ascii: "-") {
            guard b.count == index + 6, let oh = digits(b, index + 1, 2), b[index + 3] == UInt8(ascii: ":"),
                let om = digits(b, index + 4, 2)
            else { return .failure(.malformed) }
            guard oh <= 23, om <= 59 else { return .failure(.impossible) }
            offset = (oh * 60 + om) * 60 * (b[index] == UInt8(ascii: "-") ? -1 : 1)
            index += 6
        } else {
            return .failure(.malformed)
        }
        guard index == b.count else { return .failure(.malformed) }
        guard hour <= 23, minute <= 59, second <= 59 else { return .failure(.impossible) }
        let seconds = days * 86_400 + Int64(hour * 3600 + minute * 60 + second - offset)
        guard Self.utcSeconds.contains(seconds) else { return .failure(.outOfRange) }
        return .success(Instant(seconds: seconds, nanoseconds: nanoseconds))
    }

    /// The seconds from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z, relative to 1970: the instants whose UTC date
    /// has a four-digit year.
    private static let utcSeconds = Int64(daysFromCivil(year: 0, month: 1, day: 1)) * 86_400...Int64(daysFromCivil(year: 10_000, month: 1, day: 1)) * 86_400 - 1

    /// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's `days_from_civil`).
    @inline(__always)
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        return era * 146_097 + dayOfEra - 719_468
    }

    @inline(__always)
    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// The decimal number in `count` ASCII digits of `b` from `start`, or nil if any is not a digit or `b` ends
    /// first (dates here, period labels in `Period`).
    @inline(__always)
    static func digits<Bytes: RandomAccessCollection<UInt8>>(_ b: Bytes, _ start: Int, _ count: Int) -> Int?
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
