import Reading
import Testing

@testable import KPICore

/// Periods and calendar days on a zone's calendar (the `timeZone` option). Instants counted by hand from
/// midnight UTC (2024-12-01T00:00Z = 1 733 011 200 s) and New York's offsets (EST −5 h, EDT −4 h from
/// 2024-03-10 02:00), as Python's zoneinfo gives them.
@Suite struct TimeZoneCalendarTests {
    static let newYork = ZoneInfo.rules(named: "America/New_York")

    @Test func periodsStartAtLocalMidnights() throws {
        let zone = try #require(Self.newYork)
        // 2025-01-01T01:00Z is 20:00 on New Year's Eve in New York: December there, January in UTC.
        let newYearsEve = Instant(seconds: 1_735_693_200)
        #expect(Period(containing: newYearsEve, granularity: .month, in: zone).label == "2024-12")
        #expect(Period(containing: newYearsEve, granularity: .month).label == "2025-01")
        let december = try #require(Period(label: "2024-12"))
        #expect(december.start(in: zone).seconds == 1_733_011_200 + 5 * 3600)
        #expect(december.end(in: zone).seconds == 1_735_689_600 + 5 * 3600)
        // 10 March 2024 lasts 23 hours in New York: 05:00Z to 04:00Z the next day.
        let change = try #require(Period(label: "2024-03-10"))
        #expect(change.start(in: zone).seconds == 1_710_028_800 + 5 * 3600)
        #expect(change.end(in: zone).seconds - change.start(in: zone).seconds == 23 * 3600)
        // Without a zone, UTC as before.
        #expect(change.start(in: nil) == change.start && change.start.seconds == 1_710_028_800)
    }

    @Test func calendarDaysAreTheZones() throws {
        let zone = try #require(Self.newYork)
        // 2024-03-10T04:30Z is 23:30 EST on the 9th; "2024-03-10" alone is the midnight that starts the 10th.
        let created = Instant(seconds: 1_710_045_000)
        let closed = Instant(seconds: zone.startOfDay(19_792), isDateOnly: true)
        #expect(closed.seconds == 1_710_046_800)
        #expect(closed.days(since: created, in: zone) == 1)
        #expect(closed.hours(since: created, in: zone) == 24)
        #expect(!closed.isBefore(created, in: zone))
        // In UTC both are the 10th.
        #expect(Instant(seconds: 1_710_028_800, isDateOnly: true).days(since: created, in: nil) == 0)
        // A date alone as asOf ends at the next local midnight.
        #expect(closed.endOfDay(in: zone).seconds == 1_710_129_600)
        #expect(created.endOfDay(in: zone) == created)
    }
}
