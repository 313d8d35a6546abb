import Reading

/// A calendar period in UTC, or in the `timeZone` of a series' input: a day, an ISO 8601 week, a month, a
/// quarter or a year.
///
/// Labels: `2024-03-05`, `2024-W10` (ISO week: Monday first, numbered in its ISO week-year, the year of
/// its Thursday), `2024-03`, `2024-Q1`, `2024`. Each period is an integer `ordinal` counting periods of
/// its granularity, so consecutive periods differ by 1 and the index of a period in a series starting at
/// `first` is `ordinal − first.ordinal` (missing periods keep their place). All arithmetic is on whole
/// days since 1970-01-01 (proleptic Gregorian calendar), without Foundation.
public struct Period: Hashable, Sendable {
    /// The length of a period.
    public enum Granularity: String, CaseIterable, Sendable {
        /// A calendar day, `2024-03-05`.
        case day
        /// An ISO 8601 week from Monday, `2024-W10`.
        case week
        /// A calendar month, `2024-03`.
        case month
        /// A quarter of a year, `2024-Q1` (January to March).
        case quarter
        /// A calendar year, `2024`.
        case year
    }

    /// The length of the period.
    public var granularity: Granularity
    /// The count of periods since an origin: days since 1970-01-01; weeks since the week of Monday
    /// 1969-12-29; `year·12 + month − 1`; `year·4 + quarter − 1`; the year.
    public var ordinal: Int

    /// The period with `ordinal` of `granularity`.
    public init(_ granularity: Granularity, ordinal: Int) {
        self.granularity = granularity
        self.ordinal = ordinal
    }

    /// The period of `granularity` holding `instant` in UTC.
    init(containing instant: Instant, granularity: Granularity) {
        self.init(containing: instant, granularity: granularity, in: nil)
    }

    /// The period of `granularity` holding `instant` on the calendar of `zone` (UTC when `nil`).
    init(containing instant: Instant, granularity: Granularity, in zone: TimeZoneRules?) {
        let days = Int(instant.calendarDay(in: zone))
        self.granularity = granularity
        switch granularity {
        case .day:
            ordinal = days
        case .week:
            // Day 0 is a Thursday: days + 3 counts from the Monday before it.
            ordinal = Self.floorDivide(days + 3, 7)
        case .month:
            let date = Self.civil(days)
            ordinal = date.year * 12 + date.month - 1
        case .quarter:
            let date = Self.civil(days)
            ordinal = date.year * 4 + (date.month - 1) / 3
        case .year:
            ordinal = Self.civil(days).year
        }
    }

    /// The period of `granularity` holding the date or date-time `text` (as ``DateParsing`` reads it,
    /// in UTC): `2024-12-31` with `.quarter` is `2024-Q4`.
    static func containing(_ text: String, granularity: Granularity) -> Result<Period, DateParsing.Failure> {
        DateParsing.instant(text).map { Period(containing: $0, granularity: granularity) }
    }

    /// The period of `granularity` holding the date or date-time `text`; nil when `text` is not one.
    public static func containing(date text: String, granularity: Granularity) -> Period? {
        try? containing(text, granularity: granularity).get()
    }

    /// The period a label names, its granularity told by its form; nil for anything else, including
    /// impossible periods (`2024-13`, `2024-02-30`, `2024-Q5`, `2024-W00`, `2024-W53` in a year of 52 weeks).
    /// Years have four digits; `W` and `Q` are upper case.
    public init?(label: String) {
        let b = Array(label.utf8)
        guard b.count >= 4, let year = ISO8601.digits(b, 0, 4) else { return nil }
        if b.count == 4 {
            self.init(.year, ordinal: year)
            return
        }
        guard b[4] == UInt8(ascii: "-") else { return nil }
        switch b.count {
        case 7 where b[5] == UInt8(ascii: "Q"):
            guard let quarter = ISO8601.digits(b, 6, 1), (1...4).contains(quarter) else { return nil }
            self.init(.quarter, ordinal: year * 4 + quarter - 1)
        case 7:
            guard let month = ISO8601.digits(b, 5, 2), (1...12).contains(month) else { return nil }
            self.init(.month, ordinal: year * 12 + month - 1)
        case 8 where b[5] == UInt8(ascii: "W"):
            let monday = Self.firstMonday(ofWeekYear: year)
            guard let week = ISO8601.digits(b, 6, 2), week >= 1,
                week <= (Self.firstMonday(ofWeekYear: year + 1) - monday) / 7
            else { return nil }
            self.init(.week, ordinal: Self.floorDivide(monday + 7 * (week - 1) + 3, 7))
        case 10:
            guard case .success(let instant) = DateParsing.instant(label) else { return nil }
            self.init(containing: instant, granularity: .day)
        default:
            return nil
        }
    }

    /// The label of the period: `2024-03-05`, `2024-W10`, `2024-03`, `2024-Q1` or `2024`.
    public var label: String {
        switch granularity {
        case .day:
            let date = Self.civil(ordinal)
            return "\(Self.padded(date.year, 4))-\(Self.padded(date.month, 2))-\(Self.padded(date.day, 2))"
        case .week:
            // The Thursday of the week (Monday + 3) is in the week-year, and day ordinal·7 is that Thursday.
            let thursday = ordinal * 7
            let year = Self.civil(thursday).year
            let week = (thursday - ISO8601.daysFromCivil(year: year, month: 1, day: 1)) / 7 + 1
            return "\(Self.padded(year, 4))-W\(Self.padded(week, 2))"
        case .month:
            let year = Self.floorDivide(ordinal, 12)
            return "\(Self.padded(year, 4))-\(Self.padded(ordinal - year * 12 + 1, 2))"
        case .quarter:
            let year = Self.floorDivide(ordinal, 4)
            return "\(Self.padded(year, 4))-Q\(ordinal - year * 4 + 1)"
        case .year:
            return Self.padded(ordinal, 4)
        }
    }

    /// The index of the period in a series of the same granularity starting at `first`.
    public func index(from first: Period) -> Int {
        precondition(granularity == first.granularity, "periods of one granularity")
        return ordinal - first.ordinal
    }

    /// Midnight UTC of the period's first day.
    var start: Instant { start(in: nil) }

    /// Midnight UTC after the period's last day: the start of the next period, so that the period is
    /// the instants from `start` up to, not including, `end`.
    var end: Instant { end(in: nil) }

    /// The first instant of the period's first day in `zone` (UTC when `nil`): its midnight there.
    func start(in zone: TimeZoneRules?) -> Instant {
        Instant(seconds: zone?.startOfDay(Int64(firstDay)) ?? Int64(firstDay) * 86_400)
    }

    /// The start of the next period in `zone`: the period is the instants from ``start(in:)`` up to, not
    /// including, this.
    func end(in zone: TimeZoneRules?) -> Instant { Period(granularity, ordinal: ordinal + 1).start(in: zone) }

    /// The days since 1970-01-01 of the period's first day.
    private var firstDay: Int {
        switch granularity {
        case .day:
            return ordinal
        case .week:
            return ordinal * 7 - 3
        case .month:
            let year = Self.floorDivide(ordinal, 12)
            return ISO8601.daysFromCivil(year: year, month: ordinal - year * 12 + 1, day: 1)
        case .quarter:
            let year = Self.floorDivide(ordinal, 4)
            return ISO8601.daysFromCivil(year: year, month: (ordinal - year * 4) * 3 + 1, day: 1)
        case .year:
            return ISO8601.daysFromCivil(year: ordinal, month: 1, day: 1)
        }
    }

    /// The days since 1970-01-01 of the Monday of week 1 of ISO week-year `year`: the week holding 4 January.
    private static func firstMonday(ofWeekYear year: Int) -> Int {
        let january4 = ISO8601.daysFromCivil(year: year, month: 1, day: 4)
        // Weekday from Monday = 0: day 0 is a Thursday (3).
        return january4 - floorModulo(january4 + 3, 7)
    }

    /// The proleptic Gregorian date of `days` since 1970-01-01.
    static func civil(_ days: Int) -> (year: Int, month: Int, day: Int) { ISO8601.civil(days) }

    /// `a / b` rounded towards −∞, for `b > 0`.
    static func floorDivide(_ a: Int, _ b: Int) -> Int {
        a >= 0 ? a / b : -((-a - 1) / b) - 1
    }

    /// `a mod b` in `0..<b`, for `b > 0`.
    private static func floorModulo(_ a: Int, _ b: Int) -> Int {
        a - floorDivide(a, b) * b
    }

    /// `value` in decimal with leading zeros to `width` digits (a minus sign before them when negative).
    private static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value.magnitude)
        let zeros = String(repeating: "0", count: max(0, width - digits.count))
        return (value < 0 ? "-" : "") + zeros + digits
    }
}
