import Reading
import Testing

@testable import KPICore

@Suite("Period")
struct PeriodTests {
    static let labelCases: [(String, Period.Granularity)] = [
        ("2024-03-05", .day), ("2024-W10", .week), ("2024-03", .month), ("2024-Q1", .quarter), ("2024", .year),
        ("2020-W53", .week), ("2015-W53", .week), ("2024-02-29", .day), ("2000-02-29", .day), ("0001-01-01", .day),
        ("1969-12-31", .day), ("1969-W52", .week), ("1969-11", .month), ("1969-Q4", .quarter), ("1969", .year),
        ("9999-12-31", .day), ("0000", .year),
    ]

    @Test("Labels tell their granularity and render back unchanged", arguments: labelCases)
    func roundTrip(label: String, granularity: Period.Granularity) throws {
        let period = try #require(Period(label: label))
        #expect(period.granularity == granularity)
        #expect(period.label == label)
    }

    @Test(
        "Impossible or malformed labels are rejected",
        arguments: [
            "2024-13", "2024-00", "2024-W54", "2024-W53", "2021-W53", "2024-W00", "2024-Q5", "2024-Q0",
            "2024-02-30", "2023-02-29", "1900-02-29", "2024-3", "2024-W1", "2024-w10", "2024-q1", "24",
            "2024-", "2024-03-05T00:00:00Z", "+2024", "2024/03", "", "2024-W10-1", "2024-Q12",
        ])
    func rejects(label: String) {
        #expect(Period(label: label) == nil)
    }

    @Test("Years have 53 ISO weeks exactly when python's date(y, 12, 28).isocalendar() says so")
    func weeksPerYear() {
        // python3 -c "from datetime import date; print([y for y in range(1990,2041) if date(y,12,28).isocalendar()[1]==53])"
        let long: Set = [1992, 1998, 2004, 2009, 2015, 2020, 2026, 2032, 2037]
        for year in 1990...2040 {
            #expect((Period(label: "\(year)-W53") != nil) == long.contains(year), "\(year)")
            #expect(Period(label: "\(year)-W52") != nil)
        }
    }

    // python3 -c "from datetime import date; y,w,_=date.fromisoformat(d).isocalendar(); print(f'{y}-W{w:02d}')"
    static let isoWeekCases: [(String, String)] = [
        ("2021-01-03", "2020-W53"), ("2024-12-30", "2025-W01"), ("2020-12-31", "2020-W53"), ("2024-02-29", "2024-W09"),
        ("2019-12-30", "2020-W01"), ("1969-12-29", "1970-W01"), ("1970-01-01", "1970-W01"), ("2026-01-01", "2026-W01"),
        ("2015-12-31", "2015-W53"), ("2016-01-03", "2015-W53"),
    ]

    @Test("Dates fall in their ISO 8601 week, numbered in the ISO week-year", arguments: isoWeekCases)
    func isoWeek(date: String, week: String) throws {
        #expect(try Period.containing(date, granularity: .week).get().label == week)
    }

    // python3 -c "import datetime as dt; print(dt.datetime.strptime(w+'-1', '%G-W%V-%u').date())"
    @Test(
        "A week starts on its Monday at midnight UTC",
        arguments: [("2020-W53", "2020-12-28"), ("2024-W01", "2024-01-01"), ("2025-W01", "2024-12-30"), ("1969-W01", "1968-12-30")])
    func weekStart(week: String, monday: String) throws {
        let period = try #require(Period(label: week))
        #expect(period.start == (try DateParsing.instant(monday).get()))
        #expect(period.end.seconds - period.start.seconds == 7 * 86_400)
    }

    @Test("Ordinals count periods, so indices keep gaps")
    func ordinals() throws {
        // python3 -c "from datetime import date; d=(date(2024,3,5)-date(1970,1,1)).days; print(d, (d+3)//7)"
        #expect(Period(label: "2024-03-05")?.ordinal == 19787)
        #expect(Period(label: "2024-W10")?.ordinal == 2827)
        #expect(Period(label: "1970-01-01")?.ordinal == 0)
        #expect(Period(label: "1970-W01")?.ordinal == 0)
        #expect(Period(label: "2024-03")?.ordinal == 2024 * 12 + 2)
        #expect(Period(label: "2024-Q1")?.ordinal == 2024 * 4)
        let first = try #require(Period(label: "2023-11"))
        #expect(try #require(Period(label: "2024-02")).index(from: first) == 3)
        #expect(try #require(Period(label: "2020-W53")).index(from: #require(Period(label: "2021-W01"))) == -1)
        #expect(try #require(Period(label: "2024-Q1")).index(from: #require(Period(label: "2023-Q4"))) == 1)
        #expect(try #require(Period(label: "2024-01-01")).index(from: #require(Period(label: "2023-12-31"))) == 1)
        #expect(Period(.month, ordinal: 2024 * 12 + 11).label == "2024-12")
        #expect(Period(.month, ordinal: 2025 * 12).label == "2025-01")
    }

    // Seconds from python3: int(datetime(2024,3,31,23,59,59,tzinfo=timezone.utc).timestamp()) and the like.
    @Test("Instants just before midnight UTC stay in their period; midnight starts the next")
    func boundaries() {
        let lastSecondOfQ1 = Instant(seconds: 1_711_929_599, nanoseconds: 999_999_999)  // 2024-03-31T23:59:59.999999999Z
        let april = Instant(seconds: 1_711_929_600)  // 2024-04-01T00:00:00Z
        #expect(Period(containing: lastSecondOfQ1, granularity: .quarter).label == "2024-Q1")
        #expect(Period(containing: april, granularity: .quarter).label == "2024-Q2")
        #expect(Period(containing: lastSecondOfQ1, granularity: .month).label == "2024-03")
        #expect(Period(containing: lastSecondOfQ1, granularity: .day).label == "2024-03-31")
        #expect(Period(containing: april, granularity: .week).label == "2024-W14")
        let newYear = Instant(seconds: 1_735_689_600)  // 2025-01-01T00:00:00Z
        #expect(Period(containing: Instant(seconds: newYear.seconds - 1), granularity: .year).label == "2024")
        #expect(Period(containing: newYear, granularity: .year).label == "2025")
        #expect(Period(containing: newYear, granularity: .week).label == "2025-W01")
        // Before the epoch: −1 s is 1969-12-31T23:59:59Z.
        let beforeEpoch = Instant(seconds: -1, nanoseconds: 500_000_000)
        #expect(Period(containing: beforeEpoch, granularity: .day).label == "1969-12-31")
        #expect(Period(containing: beforeEpoch, granularity: .week).label == "1970-W01")
        #expect(Period(containing: beforeEpoch, granularity: .month).label == "1969-12")
        #expect(Period(containing: beforeEpoch, granularity: .quarter).label == "1969-Q4")
    }

    @Test("Start and end: quarters and leap years")
    func startAndEnd() throws {
        let q1 = try #require(Period(label: "2024-Q1"))
        #expect(q1.start == (try DateParsing.instant("2024-01-01").get()))
        #expect(q1.end == (try DateParsing.instant("2024-04-01").get()))
        let february = try #require(Period(label: "2024-02"))
        #expect(february.end.seconds - february.start.seconds == 29 * 86_400)
        let leapYear = try #require(Period(label: "2024"))
        #expect(leapYear.end.seconds - leapYear.start.seconds == 366 * 86_400)
        let q4 = try #require(Period(label: "2023-Q4"))
        #expect(q4.end == (try DateParsing.instant("2024-01-01").get()))
        let day = try #require(Period(label: "2024-02-29"))
        #expect(day.end == (try DateParsing.instant("2024-03-01").get()))
    }

    @Test("The period holding a date label, for deadlines and ranges")
    func containingDate() throws {
        #expect(try Period.containing("2024-12-31", granularity: .quarter).get().label == "2024-Q4")
        #expect(try Period.containing("2024-12-31", granularity: .week).get().label == "2025-W01")
        #expect(try Period.containing("2024-12-31", granularity: .year).get().label == "2024")
        #expect(try Period.containing("2024-02-29", granularity: .month).get().label == "2024-02")
        // A date-time is taken in UTC.
        #expect(try Period.containing("2024-01-01T01:00:00+02:00", granularity: .day).get().label == "2023-12-31")
        #expect(Period.containing("2024-02-30", granularity: .month) == .failure(.impossible))
        #expect(Period.containing("2024-Q1", granularity: .month) == .failure(.malformed))
    }

    @Test("Every day from 1899 to 2101: containing periods hold the day and round-trip through labels")
    func sweep() throws {
        let first = ISO8601.daysFromCivil(year: 1899, month: 1, day: 1)
        let last = ISO8601.daysFromCivil(year: 2101, month: 12, day: 31)
        var previousWeek = Period(containing: Instant(seconds: Int64(first - 1) * 86_400), granularity: .week)
        for day in first...last {
            let noon = Instant(seconds: Int64(day) * 86_400 + 43_200)
            for granularity in Period.Granularity.allCases {
                let period = Period(containing: noon, granularity: granularity)
                guard period.start <= noon, noon < period.end, Period(label: period.label) == period else {
                    Issue.record("day \(day), \(granularity): \(period.label)")
                    return
                }
            }
            // Weeks advance by one on Mondays only.
            let week = Period(containing: noon, granularity: .week)
            #expect(week.index(from: previousWeek) == (week.start.seconds == Int64(day) * 86_400 ? 1 : 0))
            previousWeek = week
        }
    }
}
