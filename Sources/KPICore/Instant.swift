import Reading

/// A point in time as whole seconds since 1970-01-01T00:00:00Z and the nanoseconds past them.
///
/// Kept apart so that the difference of two nearby date-times is exact: a double of epoch seconds has
/// a resolution of about 0.24 µs in 2024, which made a 1 µs sales cycle 4.6 % wrong.
struct Instant: Comparable, Hashable, Sendable {
    /// Whole seconds since the epoch (negative before 1970).
    var seconds: Int64
    /// Nanoseconds past `seconds`, from 0 to 999,999,999.
    var nanoseconds: Int32
    /// Whether the text was a date alone (`2024-03-01`): the instant is the midnight that starts that day, and a
    /// duration with such an end counts calendar days (``days(since:)``). Not part of equality or order.
    var isDateOnly: Bool

    init(seconds: Int64, nanoseconds: Int32 = 0, isDateOnly: Bool = false) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
        self.isDateOnly = isDateOnly
    }

    /// Seconds from `earlier` to `self`: whole seconds and the fractions subtracted apart, then joined.
    func seconds(since earlier: Instant) -> Double {
        Double(seconds - earlier.seconds) + Double(nanoseconds - earlier.nanoseconds) / 1_000_000_000
    }

    /// Days from `earlier` to `self`. When either end is a date alone, the other end becomes its calendar date
    /// in `zone` (UTC when `nil`) and the result is the difference of the dates, whole days: a deal created at
    /// 14:00 and closed "that day" lasts 0 days, never a negative 14 hours. Otherwise real elapsed time in days
    /// of 86,400 s (a day with a daylight-saving change lasts its real 23 or 25 hours).
    func days(since earlier: Instant, in zone: TimeZoneRules?) -> Double {
        guard isDateOnly || earlier.isDateOnly else { return seconds(since: earlier) / 86_400 }
        return Double(calendarDay(in: zone) - earlier.calendarDay(in: zone))
    }

    /// Hours from `earlier` to `self`: ``days(since:in:)`` × 24 when either end is a date alone, else real
    /// elapsed time.
    func hours(since earlier: Instant, in zone: TimeZoneRules?) -> Double {
        guard isDateOnly || earlier.isDateOnly else { return seconds(since: earlier) / 3600 }
        return Double(calendarDay(in: zone) - earlier.calendarDay(in: zone)) * 24
    }

    /// Whether `self` is before `other` as ``days(since:in:)`` measures: by calendar date in `zone` when either
    /// is a date alone.
    func isBefore(_ other: Instant, in zone: TimeZoneRules?) -> Bool {
        isDateOnly || other.isDateOnly ? calendarDay(in: zone) < other.calendarDay(in: zone) : self < other
    }

    /// The calendar date holding the instant in `zone` (UTC when `nil`), as days since 1970-01-01.
    func calendarDay(in zone: TimeZoneRules?) -> Int64 {
        guard let zone else { return seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400) }
        return zone.day(of: seconds)
    }

    /// The instant an `asOf` names: a date alone means the end of that day, the midnight that starts the next
    /// one in `zone` (UTC when `nil`); a date-time itself.
    func endOfDay(in zone: TimeZoneRules?) -> Instant {
        guard isDateOnly else { return self }
        let next = calendarDay(in: zone) + 1
        return Instant(seconds: zone?.startOfDay(next) ?? next * 86_400)
    }

    static func < (lhs: Instant, rhs: Instant) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }

    /// The same moment, however it was written.
    static func == (lhs: Instant, rhs: Instant) -> Bool {
        lhs.seconds == rhs.seconds && lhs.nanoseconds == rhs.nanoseconds
    }

    func hash(into hasher: inout Hasher) {
        hasher.combine(seconds)
        hasher.combine(nanoseconds)
    }
}
