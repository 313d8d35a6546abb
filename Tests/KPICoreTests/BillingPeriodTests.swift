import Foundation
import Testing

import NumericTestSupport
@testable import KPICore

@Suite("Billing period")
struct BillingPeriodTests {
    private static func period(_ start: String, _ end: String) throws -> BillingPeriod? {
        BillingPeriod(start: try DateParsing.instant(start).get(), end: try DateParsing.instant(end).get())
    }

    /// Month ordinal of `label` (`YYYY-MM`).
    private static func month(_ label: String) -> Int { Period(label: label)!.ordinal }

    // Each case by hand: the months counted are those whose first midnight after them lies in (start, end]; whole
    // months when the end is the start's day (clamped) at the same time, or both ends are their months' last days.
    @Test("Whole calendar months: amount / n, counted in the months that end inside the period")
    func wholeMonths() throws {
        // Jan 15 → next Jan 15: 12 whole months; month ends Feb 1 2024 … Jan 1 2025 → Jan … Dec 2024.
        let year = try #require(try Self.period("2024-01-15", "2025-01-15"))
        #expect(year.wholeMonths == 12)
        #expect(year.firstMonth == Self.month("2024-01"))
        #expect(year.monthsCovered == 12)
        #expect(year.monthlyAmount(1000) == 83.33)  // 1000 / 12 = 83.333…
        // Jan 31 → Feb 29 (2024 is a leap year): the 31st clamped to February's last day, one month.
        #expect(try Self.period("2024-01-31", "2024-02-29")?.wholeMonths == 1)
        // Jan 30 → Feb 29: the 30th clamped to the 29th, one month; Jan 29 → Feb 29: the same day, one month.
        #expect(try Self.period("2024-01-30", "2024-02-29")?.wholeMonths == 1)
        #expect(try Self.period("2024-01-29", "2024-02-29")?.wholeMonths == 1)
        // Feb 29 → Mar 31: both last days of their months, one month.
        #expect(try Self.period("2024-02-29", "2024-03-31")?.wholeMonths == 1)
        // Same day and time of day: whole; a time differing by an hour is not.
        #expect(try Self.period("2024-03-10T08:00:00Z", "2024-06-10T08:00:00Z")?.wholeMonths == 3)
        #expect(try Self.period("2024-03-10T08:00:00Z", "2024-06-10T09:00:00Z")?.wholeMonths == nil)
        // A calendar month from the 1st: counted in that month only (its end, Feb 1, is the period's end).
        let january = try #require(try Self.period("2024-01-01", "2024-02-01"))
        #expect(january.firstMonth == Self.month("2024-01"))
        #expect(january.monthsCovered == 1)
        #expect(january.monthlyAmount(99.99) == 99.99)
    }

    @Test("A part of a month is prorated by days: amount × 365.25 / 12 / days")
    func prorated() throws {
        // Jan 30 → Feb 28: 29 days, not a whole month (Feb 28 is neither the 30th clamped nor February's last day).
        let short = try #require(try Self.period("2024-01-30", "2024-02-28"))
        #expect(short.wholeMonths == nil)
        #expect(short.days == 29)
        // 100 × 365.25 / 12 / 29 = 104.9568965… → 104.96; counted in January (its end, Feb 1, is inside).
        #expect(short.monthlyAmount(100) == 104.96)
        #expect(short.firstMonth == Self.month("2024-01"))
        #expect(short.monthsCovered == 1)
        // Jan 1 → Jan 16: 15 days, no month end inside: counted in no month.
        // 100 × 365.25 / 12 / 15 = 202.9166… → 202.92.
        let mid = try #require(try Self.period("2024-01-01", "2024-01-16"))
        #expect(mid.monthsCovered == 0)
        #expect(mid.monthlyAmount(100) == 202.92)
        // Jan 15 → Feb 15 12:00: 31.5 days; 100 × 365.25 / 12 / 31.5 = 96.6269… → 96.63.
        #expect(try Self.period("2024-01-15", "2024-02-15T12:00:00Z")?.monthlyAmount(100) == 96.63)
    }

    @Test("Half a cent rounds away from zero")
    func halfCent() throws {
        // 0.25 over 2 whole months = 0.125 (exact in binary) → 0.13; a credit of −0.25 → −0.13.
        let two = try #require(try Self.period("2024-01-01", "2024-03-01"))
        #expect(two.monthlyAmount(0.25) == 0.13)
        #expect(two.monthlyAmount(-0.25) == -0.13)
    }

    @Test("An end not after the start has no period")
    func emptyPeriod() throws {
        #expect(try Self.period("2024-01-15", "2024-01-15") == nil)
        #expect(try Self.period("2024-01-15", "2024-01-14") == nil)
    }

    /// Property: for random periods, the months counted and whole-month verdicts agree with Foundation's Gregorian
    /// calendar in UTC (an independent implementation), and the sum over the months of the line's rounded monthly
    /// amount is amount × months covered / months long within half a cent per month.
    @Test("The sum over months of a line's contribution is amount × months covered / months long")
    func sumOverMonths() throws {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        var random = SplitMix64(seed: 26)
        let base: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z
        for trial in 0..<2000 {
            let startSeconds = base + Int64.random(in: 0..<(3 * 365 * 86_400), using: &random) / 3600 * 3600
            let endSeconds: Int64
            switch trial % 3 {
            case 0:  // Whole months from the start, as Foundation adds them (clamping the day).
                let date = Date(timeIntervalSince1970: TimeInterval(startSeconds))
                let added = calendar.date(byAdding: .month, value: Int.random(in: 1...24, using: &random), to: date)!
                endSeconds = Int64(added.timeIntervalSince1970)
            case 1:  // A few days to a few months, in whole days.
                endSeconds = startSeconds + Int64.random(in: 1...120, using: &random) * 86_400
            default:  // Any number of seconds up to two years.
                endSeconds = startSeconds + Int64.random(in: 1...(730 * 86_400), using: &random)
            }
            let amount = Double(Int.random(in: 1...10_000_000, using: &random)) / 100
            let period = try #require(BillingPeriod(start: Instant(seconds: startSeconds), end: Instant(seconds: endSeconds)))

            // Month ends in (start, end], counted with Foundation.
            let startDate = Date(timeIntervalSince1970: TimeInterval(startSeconds))
            let endDate = Date(timeIntervalSince1970: TimeInterval(endSeconds))
            let covered = foundationMonthsCovered(start: startSeconds, end: endSeconds, calendar: calendar)
            #expect(period.monthsCovered == covered)
            // Whole months: start + n months (Foundation clamps) is the end, or both are their months' last days.
            let monthOf = { (d: Date) in calendar.component(.year, from: d) * 12 + calendar.component(.month, from: d) }
            let n = monthOf(endDate) - monthOf(startDate)
            let isLastDay = { (d: Date) in calendar.component(.day, from: calendar.date(byAdding: .day, value: 1, to: d)!) == 1 }
            let sameTime = startSeconds % 86_400 == endSeconds % 86_400
            let whole = n >= 1 && sameTime
                && (calendar.date(byAdding: .month, value: n, to: startDate)! == endDate || (isLastDay(startDate) && isLastDay(endDate)))
            #expect(period.wholeMonths == (whole ? n : nil), "\(startDate) → \(endDate)")

            let monthsLong = whole ? Double(n) : Double(endSeconds - startSeconds) / 86_400 * 12 / 365.25
            let sum = (0..<period.monthsCovered).reduce(0.0) { total, _ in total + period.monthlyAmount(amount) }
            let expected = amount * Double(covered) / monthsLong
            #expect(abs(sum - expected) <= 0.005 * Double(covered) + 1e-9, "\(startDate) → \(endDate): \(sum) vs \(expected)")
        }
    }
}
