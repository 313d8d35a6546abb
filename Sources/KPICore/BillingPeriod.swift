import Reading

/// How a billing line's service period `(start, end]` spreads over months, as the contract normalises it, on the
/// calendar of the `timeZone` option (UTC without one).
///
/// A line counts in each month whose end (the midnight that starts the next month) falls in `(start, end]`, at its
/// amount normalised to a month: amount / n when the period is n whole calendar months (the end on the start's day of
/// month and time of day, clamped to the end month's last day, or both on their months' last days at the same time),
/// otherwise amount × 365.25 / 12 / days, with days = seconds / 86,400.
struct BillingPeriod: Equatable, Sendable {
    /// The first month counted, as a month ``Period`` ordinal (year × 12 + month − 1).
    let firstMonth: Int
    /// How many months are counted (0 when no month ends inside the period).
    let monthsCovered: Int
    /// n when the period is n whole calendar months, else `nil`.
    let wholeMonths: Int?
    /// The period's length in days of 86,400 s.
    let days: Double

    /// The spread of `(start, end]` on the calendar of `zone` (UTC when `nil`): months end at its local midnights and
    /// whole months are judged on its local dates and times of day; `nil` when `end` is not after `start`.
    init?(start: Instant, end: Instant, in zone: TimeZoneRules? = nil) {
        guard start < end else { return nil }
        let from = Self.parts(start, zone)
        let to = Self.parts(end, zone)
        // The month of `start` ends after it; the last month ending at or before `end` is the one before end's month.
        firstMonth = from.month
        monthsCovered = to.month - from.month
        let sameTime = from.secondOfDay == to.secondOfDay && start.nanoseconds == end.nanoseconds
        let clampedDay = min(from.day, to.monthLength)
        let wholeMonths = sameTime && (to.day == clampedDay || (from.day == from.monthLength && to.day == to.monthLength))
        self.wholeMonths = wholeMonths ? to.month - from.month : nil
        days = end.seconds(since: start) / 86_400
    }

    /// How long the period is in months: n for n whole calendar months, days × 12 / 365.25 otherwise.
    var monthsLong: Double { wholeMonths.map(Double.init) ?? days * 12 / 365.25 }

    /// The amount per month of a line of `amount` (already in the reporting currency) over this period, rounded to
    /// the cent, half away from zero.
    func monthlyAmount(_ amount: Double) -> Double {
        let perMonth = wholeMonths.map { amount / Double($0) } ?? amount * 365.25 / 12 / days
        return Self.cents(perMonth)
    }

    /// `amount` rounded to the cent, half away from zero (infinite when `amount` × 100 is).
    static func cents(_ amount: Double) -> Double { (amount * 100).rounded(.toNearestOrAwayFromZero) / 100 }

    /// The month ordinal, day of month, length of that month and second of the day of `instant` on the calendar of
    /// `zone` (UTC when `nil`).
    private static func parts(_ instant: Instant, _ zone: TimeZoneRules?) -> (month: Int, day: Int, monthLength: Int, secondOfDay: Int) {
        let local = Int(instant.seconds + (zone?.offset(at: instant.seconds) ?? 0))
        let days = Period.floorDivide(local, 86_400)
        let date = Period.civil(days)
        return (date.year * 12 + date.month - 1, date.day, ISO8601.daysIn(month: date.month, year: date.year), local - days * 86_400)
    }
}
