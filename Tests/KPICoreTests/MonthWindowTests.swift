import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// The records form of `POST /series` for the subscription KPIs: not buckets of rows but one point per month,
/// each the KPI over all the rows with its window (`from` = `to`) set to that month.
@Suite("month windows")
struct MonthWindowTests {
    typealias Buckets = RecordBucketsTests

    static let table: JSONValue = ["mrr": SubscriptionTests.table]

    @Test("mrr-movements by month: each point is that month's group of one /mrr-movements call")
    func movementsByMonth() throws {
        let whole = try Fixture.result("mrr-movements", Self.table)
        let points = try Buckets.results(try Buckets.buckets("mrr-movements", Self.table, .month, from: "2024-02-01", to: "2024-04-30"))
        #expect(points.map(\.0) == ["2024-02", "2024-03", "2024-04"])
        for (month, result) in points {
            let result = try #require(result)
            // One group, the same as the whole call's for that month.
            #expect(result.groups?.map(\.key) == [month])
            #expect(try SubscriptionTests.group(result, month) == SubscriptionTests.group(whole, month))
            #expect(result.breakdown.first { $0.name == "from" }?.text == month && result.breakdown.first { $0.name == "to" }?.text == month)
        }
        // The value is the month's net change, ending − starting (see SubscriptionTests.table):
        // Feb 150 − 150 = 0 (a +20, b −50, c +30); Mar 120 − 150 = −30 (a −30); Apr 150 − 120 = 30 (c −30, b +60).
        #expect(points.map { $0.1?.value } == [0, -30, 30])
        let mar = try #require(points[1].1)
        // Mar reads Feb and Mar: rows of a, b (Feb 0), c, d (Feb 0); starting = Feb's ending 120 + 30 = 150.
        #expect(Fixture.breakdown(mar, "months") == 2 && Fixture.breakdown(mar, "customers") == 4)
        #expect(Fixture.breakdown(mar, "startingMrr") == 150 && Fixture.breakdown(mar, "endingMrr") == 120)
        #expect(Fixture.breakdown(mar, "contractionMrr") == 30 && Fixture.breakdown(mar, "customersAtStart") == 2)
        #expect(mar.substituted == "netMrrChange = 120 − 150 = -30")
    }

    @Test("By default the points run from the rows' second month (January only serves February) to their last")
    func movementsDefaultSpan() throws {
        let points = try Buckets.results(try Buckets.buckets("mrr-movements", Self.table, .month))
        #expect(points.map(\.0) == ["2024-02", "2024-03", "2024-04", "2024-05"])
        // May: a churned 90, d new 40: 100 − 150 = −50.
        #expect(points.map { $0.1?.value } == [0, -30, 30, -50])
    }

    @Test("revenue-retention from rows by month: NRR over each month for the customers of the month before")
    func nrrByMonth() throws {
        let points = try Buckets.results(try Buckets.buckets("revenue-retention", Self.table, .month))
        #expect(points.map(\.0) == ["2024-02", "2024-03", "2024-04", "2024-05"])
        // Feb: Jan's a 100, b 50 = 150 (d's 0 is no customer); a +20, b churned 50: (150 + 20 − 50) / 150 = 80 %.
        // Mar: Feb's a 120, c 30 = 150; a −30: (150 − 30) / 150 = 80 %.
        // Apr: Mar's a 90, c 30 = 120; c churned 30 (no row): (120 − 30) / 120 = 75 %.
        // May: Apr's a 90, b 60 = 150; a churned 90 (b's reactivation in April is not May's): (150 − 90) / 150 = 40 %.
        #expect(points.map { $0.1?.value } == [80, 80, 75, 40])
        let feb = try #require(points[0].1)
        #expect(close(Fixture.breakdown(feb, "grr"), 100.0 / 1.5) && Fixture.breakdown(feb, "customersAtStart") == 2)
        #expect(feb.breakdown.first { $0.name == "from" }?.text == "2024-02")
        // The same as each month's nrr among the movements.
        let whole = try Fixture.result("mrr-movements", Self.table)
        for (month, result) in points {
            #expect(try SubscriptionTests.group(whole, month)["nrr"] == result?.value)
        }
    }

    @Test("A month outside the rows is empty; the rows' first month has no month before it, said at /period")
    func edges() throws {
        let points = try Buckets.buckets("mrr-movements", Self.table, .month, from: "2024-01-01", to: "2024-07-31").points
        #expect(points.map(\.period.label) == ["2024-01", "2024-02", "2024-03", "2024-04", "2024-05", "2024-06", "2024-07"])
        #expect(points[0].evaluate().failure?.issues
            == [.at("/period", "must be after the first month in mrr (2024-01): a month's movements need the month before")])
        #expect(try points[5].evaluate().get() == nil && points[6].evaluate().get() == nil)
        #expect(try points[4].evaluate().get()?.value == -50)
    }

    @Test("The records form of the subscription KPIs: its 422s")
    func badInput() throws {
        #expect(try Buckets.issues("mrr-movements", Self.table, .week) == [.at(
            "/period",
            "must be month for mrr-movements: each point is mrr-movements over all the mrr rows with its window set to one month (mrr[].month), as a month's movements need the month before, so its records are not bucketed by day, week, quarter or year")])
        #expect(try Buckets.issues("mrr-movements", ["mrr": SubscriptionTests.table, "from": "2024-02"], .month)
            == [.at("/input/from", "is set by the series to each point's month: give the series' from and to instead")])
        #expect(try Buckets.issues("revenue-retention", ["startingMrr": 100], .month)
            == [.at("/input/mrr", "is required for a series of revenue-retention by mrr[].month")])
        // A bad row fails the request (every point reads every row), as /mrr-movements would.
        let twice: JSONValue = ["mrr": [SubscriptionTests.row("a", "2024-01", 1), SubscriptionTests.row("a", "2024-01", 2)]]
        #expect(try Buckets.issues("mrr-movements", twice, .month).map(\.pointer) == ["/input/mrr/1"])
        let one: JSONValue = ["mrr": [SubscriptionTests.row("a", "2024-01", 1)]]
        #expect(try Buckets.issues("revenue-retention", one, .month) == [.at(
            "/input/mrr", "holds one month (2024-01) and each point needs the month before it: there is no month to give a point for")])
        let cohorts = try Buckets.issues("cohort-retention", Self.table, .month)
        #expect(cohorts.map(\.pointer) == ["/kpi"])
        #expect(cohorts.first?.detail.hasPrefix("has no series by records: a cohort's retention runs over the months after it starts") == true)
    }

    @Test("mrr-movements over from…to: only those months' groups, the value their net change")
    func movementsWindow() throws {
        let result = try Fixture.result("mrr-movements", ["mrr": SubscriptionTests.table, "from": "2024-03", "to": "2024-04"])
        #expect(result.groups?.map(\.key) == ["2024-03", "2024-04"])
        // Feb's ending 150 → Apr's ending 150: 0; movements −30 (Mar contraction) − 30 (Apr churn) + 60 (Apr reactivation) = 0.
        #expect(result.value == 0 && Fixture.breakdown(result, "months") == 3)
        #expect(Fixture.breakdown(result, "reactivationMrr") == 60 && Fixture.breakdown(result, "churnedMrr") == 30)
        #expect(try Fixture.issues("mrr-movements", ["mrr": SubscriptionTests.table, "from": "2024-01"])
            == [.at("/from", "must be after the first month in mrr (2024-01): a month's movements need the month before")])
        #expect(try Fixture.issues("mrr-movements", ["mrr": SubscriptionTests.table, "to": "2024-06"])
            == [.at("/to", "must not be after the last month in mrr (2024-05)")])
        #expect(try Fixture.issues("mrr-movements", ["mrr": SubscriptionTests.table, "from": "March"]) == [.at("/from", "must be a month, YYYY-MM")])
    }
}
