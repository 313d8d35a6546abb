import JSON
import Testing

import NumericTestSupport
@testable import KPICore
import Statistics

/// The subscription KPIs on hand-computed MRR tables.
@Suite("Subscriptions: MRR by customer and month")
struct SubscriptionTests {
    static func row(_ customer: String, _ month: String, _ mrr: Double) -> JSONValue {
        ["customer": .string(customer), "month": .string(month), "mrr": .double(mrr)]
    }

    /// Four customers over 2024-01 … 2024-05, every movement rule at least once (absent months are 0):
    ///
    ///     customer   Jan   Feb   Mar   Apr   May
    ///     a          100   120    90    90     0    expansion 20 (Feb), contraction 30 (Mar), churned 90 (May)
    ///     b           50    0     –     60    60    churned 50 (Feb), reactivation 60 (Apr)
    ///     c            –    30    30     –     –    new 30 (Feb), churned 30 (Apr: the month after its last row)
    ///     d            0     0     –     –    40    new 40 (May: 0 rows never count as paid)
    static let table: JSONValue = [
        row("a", "2024-01", 100), row("a", "2024-02", 120), row("a", "2024-03", 90), row("a", "2024-04", 90), row("a", "2024-05", 0),
        row("b", "2024-01", 50), row("b", "2024-02", 0), row("b", "2024-04", 60), row("b", "2024-05", 60),
        row("c", "2024-03", 30), row("c", "2024-02", 30),  // out of order in the body: sorted per customer
        row("d", "2024-01", 0), row("d", "2024-02", 0), row("d", "2024-05", 40),
    ]

    static func group(_ result: KPIResult, _ month: String) throws -> [String: Double] {
        let group = try #require(result.groups?.first { $0.key == month })
        var values = Dictionary(uniqueKeysWithValues: group.extra.map { ($0.name, $0.value.double) })
        values["count"] = Double(group.count)
        values["value"] = group.value
        return values
    }

    @Test("Each month's movements follow the rules customer by customer")
    func movements() throws {
        let result = try Fixture.result("mrr-movements", ["mrr": Self.table])
        #expect(result.groups?.map(\.key) == ["2024-02", "2024-03", "2024-04", "2024-05"])
        // Feb: start a 100 + b 50 = 150; a +20 expansion, b −50 churned, c +30 new; end 120 + 30 = 150.
        // logo churn 1 of 2 = 50 %; NRR (150 + 20 − 0 − 50) / 150 = 80 %; GRR (150 − 50) / 150 = 66.67 %.
        let feb = try Self.group(result, "2024-02")
        #expect(feb["startingMrr"] == 150 && feb["expansionMrr"] == 20 && feb["churnedMrr"] == 50 && feb["newMrr"] == 30)
        #expect(feb["contractionMrr"] == 0 && feb["reactivationMrr"] == 0 && feb["endingMrr"] == 150)
        #expect(feb["customersAtStart"] == 2 && feb["customersLost"] == 1 && feb["logoChurn"] == 50)
        #expect(feb["nrr"] == 80 && close(feb["grr"], 100.0 / 1.5))
        let (low, high) = Statistics.wilson(successes: 1, trials: 2)
        #expect(feb["logoChurnLow"] == low && feb["logoChurnHigh"] == high)
        #expect(feb["count"] == 2 && feb["value"] == 0)  // a and c pay at the end; net change 150 − 150
        // Mar: start a 120 + c 30 = 150; a −30 contraction; end 120; nobody lost; NRR = GRR = 120 / 150 = 80 %.
        let mar = try Self.group(result, "2024-03")
        #expect(mar["startingMrr"] == 150 && mar["contractionMrr"] == 30 && mar["endingMrr"] == 120)
        #expect(mar["customersLost"] == 0 && mar["logoChurn"] == 0 && mar["nrr"] == 80 && mar["grr"] == 80)
        // Apr: start a 90 + c 30 = 120; c churned 30 (no row); b back with 60 (reactivation); end 90 + 60 = 150.
        let apr = try Self.group(result, "2024-04")
        #expect(apr["startingMrr"] == 120 && apr["churnedMrr"] == 30 && apr["reactivationMrr"] == 60 && apr["newMrr"] == 0)
        #expect(apr["endingMrr"] == 150 && apr["customersLost"] == 1 && apr["nrr"] == 75 && apr["grr"] == 75)
        // May: start a 90 + b 60 = 150; a churned 90; d new 40 (its 0 rows were never paid); end 60 + 40 = 100.
        let may = try Self.group(result, "2024-05")
        #expect(may["startingMrr"] == 150 && may["churnedMrr"] == 90 && may["newMrr"] == 40 && may["endingMrr"] == 100)
        // Totals: new 30 + 40, expansion 20, reactivation 60, contraction 30, churned 50 + 30 + 90 = 170;
        // 70 + 20 + 60 − 30 − 170 = −50 = 100 (May) − 150 (Jan).
        #expect(result.value == -50)
        #expect(result.substituted == "netMrrChange = 100 − 150 = -50")
        #expect(result.steps.first?.substituted == "70 + 20 + 60 − 30 − 170 = -50")
        #expect(Fixture.breakdown(result, "churnedMrr") == 170 && Fixture.breakdown(result, "reactivationMrr") == 60)
        #expect(Fixture.breakdown(result, "customers") == 4 && Fixture.breakdown(result, "months") == 5)
        #expect(result.breakdown.first { $0.name == "churnDenominator" }?.text == "start")
        let json = try result.json
        #expect(json["breakdown"]?["churnDenominator"] == "start")
    }

    @Test("Logo churn over the average of the customers at the month's start and end, echoed in the breakdown")
    func averageDenominator() throws {
        // Feb: x and y paid in Jan (start 2), x left (lost 1); y, z, w pay in Feb (end 3): 1 / ((2 + 3) / 2) = 40 %.
        let rows: JSONValue = [
            Self.row("x", "2024-01", 10), Self.row("y", "2024-01", 10), Self.row("y", "2024-02", 10),
            Self.row("z", "2024-02", 10), Self.row("w", "2024-02", 10),
        ]
        let start = try Self.group(Fixture.result("mrr-movements", ["mrr": rows]), "2024-02")
        #expect(start["logoChurn"] == 50)
        let result = try Fixture.result("mrr-movements", ["mrr": rows, "churnDenominator": "average"])
        let average = try Self.group(result, "2024-02")
        #expect(average["logoChurn"] == 40)
        #expect(average["logoChurnLow"] == Statistics.wilson(successes: 1, trials: 2.5).low)
        #expect(result.breakdown.first { $0.name == "churnDenominator" }?.text == "average")
    }

    @Test("A customer-month given twice is a 422 at the later row; months must be YYYY-MM")
    func rejects() throws {
        let repeated: JSONValue = [Self.row("a", "2024-01", 10), Self.row("b", "2024-01", 5), Self.row("a", "2024-01", 12)]
        for id in ["mrr-movements", "cohort-retention", "revenue-retention"] {
            #expect(try Fixture.issues(id, ["mrr": repeated]) == [.at("/mrr/2", #"repeats customer "a" in 2024-01 (first at /mrr/0)"#)])
        }
        let months: JSONValue = [Self.row("a", "2024-1", 10), Self.row("a", "2024-Q1", 10), Self.row("a", "2024-13", 1)]
        #expect(try Fixture.issues("mrr-movements", ["mrr": months]) == [
            .at("/mrr/0/month", "must be a month, YYYY-MM"), .at("/mrr/1/month", "must be a month, YYYY-MM"),
            .at("/mrr/2/month", "must be a month, YYYY-MM"),
        ])
        #expect(try Fixture.issues("mrr-movements", ["mrr": [["customer": "a", "month": "2024-01", "mrr": -1]]])
            == [.at("/mrr/0/mrr", "must not be negative")])
        #expect(try Fixture.issues("mrr-movements", ["mrr": [Self.row("a", "1990-01", 1), Self.row("a", "2090-01", 1)]])
            == [.at("/mrr", "spans 1201 months (1990-01 to 2090-01); at most 1000")])
    }

    @Test("One month of rows has no movements: the value is 0 with a warning")
    func oneMonth() throws {
        let result = try Fixture.result("mrr-movements", ["mrr": [Self.row("a", "2024-01", 10)]])
        #expect(result.value == 0 && result.groups == [])
        #expect(result.warnings == ["The rows hold one month (2024-01): there are no movements."])
    }

    @Test("NRR and GRR from aggregates: the contract's formula")
    func revenueRetentionAggregates() throws {
        // (10000 + 800 − 300 − 500) / 10000 × 100 = 100; GRR (10000 − 300 − 500) / 10000 × 100 = 92.
        let result = try Fixture.result("revenue-retention", ["startingMrr": 10000, "expansionMrr": 800, "contractionMrr": 300, "churnedMrr": 500])
        #expect(result.value == 100 && Fixture.breakdown(result, "grr") == 92 && Fixture.breakdown(result, "endingMrr") == 10000)
        #expect(result.substituted == "nrr = (10000 + 800 − 300 − 500) / 10000 × 100 = 100")
        // Missing amounts are 0: 1000 / 1000.
        #expect(try Fixture.result("revenue-retention", ["startingMrr": 1000]).value == 100)
        #expect(try Fixture.issues("revenue-retention", ["startingMrr": 100, "contractionMrr": 60, "churnedMrr": 50])
            == [.at("/churnedMrr", "plus contractionMrr must not be greater than startingMrr")])
        #expect(try Fixture.issues("revenue-retention", ["startingMrr": 0]) == [.at("/startingMrr", "must be greater than 0")])
        #expect(try Fixture.issues("revenue-retention", ["startingMrr": 10, "mrr": Self.table])
            == [.at("/mrr", "cannot be combined with startingMrr")])
    }

    @Test("NRR and GRR from rows: the customers paying in the month before from, compared with to")
    func revenueRetentionRows() throws {
        // Paying in Jan: a 100, b 50 (start 150). In May: a 0 (churned 100), b 60 (expansion 10); c and d are new.
        // NRR (150 + 10 − 0 − 100) / 150 = 40 %; GRR (150 − 0 − 100) / 150 = 33.33 %.
        let result = try Fixture.result("revenue-retention", ["mrr": Self.table, "from": "2024-02", "to": "2024-05"])
        #expect(close(result.value, 40) && close(Fixture.breakdown(result, "grr"), 100.0 / 3))
        #expect(Fixture.breakdown(result, "customersAtStart") == 2 && Fixture.breakdown(result, "customersLost") == 1)
        #expect(result.breakdown.first { $0.name == "from" }?.text == "2024-02")
        // Defaults: from the second month to the last one, the same window here.
        #expect(close(try Fixture.result("revenue-retention", ["mrr": Self.table]).value, 40))
        // Feb → Apr: a 100 → 90 (contraction 10), b 50 → 60 (expansion 10): (150 + 10 − 10) / 150 = 100 %.
        #expect(close(try Fixture.result("revenue-retention", ["mrr": Self.table, "to": "2024-04"]).value, 100))
        #expect(try Fixture.issues("revenue-retention", ["mrr": Self.table, "from": "2024-01"])
            == [.at("/from", "must be after the first month in mrr (2024-01): the customers are those with MRR in the month before from")])
        #expect(try Fixture.issues("revenue-retention", ["mrr": Self.table, "to": "2024-06"])
            == [.at("/to", "must not be after the last month in mrr (2024-05)")])
        #expect(try Fixture.issues("revenue-retention", ["mrr": Self.table, "from": "2024-04", "to": "2024-03"])
            == [.at("/to", "must not be before from")])
        #expect(try Fixture.issues("revenue-retention", ["mrr": Self.table, "from": "March"]) == [.at("/from", "must be a month, YYYY-MM")])
    }

    @Test("Logo cohorts: each cell over the cohort's size, with its Wilson interval; the value pools month 1")
    func logoCohorts() throws {
        let result = try Fixture.result("cohort-retention", ["mrr": Self.table])
        let cohorts = try #require(result.cohorts)
        #expect(cohorts.map(\.cohort) == ["2024-01", "2024-02", "2024-05"])
        // Jan (a, b): Feb a only 50; Mar a 50; Apr a and b (back) 100; May b only 50.
        #expect(cohorts[0].size == 2 && cohorts[0].retention == [100, 50, 50, 100, 50])
        // Feb (c): Mar 100; Apr, May 0. May (d): its first month only (the table stops at the last month).
        #expect(cohorts[1].retention == [100, 100, 0, 0] && cohorts[2].retention == [100])
        let half = Statistics.wilson(successes: 1, trials: 2)
        #expect(cohorts[0].intervals?[1] == KPIResult.Interval(low: half.low, high: half.high))
        #expect(cohorts[1].intervals?.count == 4)
        // Month 1 pooled over Jan (1 of 2) and Feb (1 of 1); May has not reached month 1: 2 / 3.
        #expect(close(result.value, 200.0 / 3))
        #expect(result.substituted == "month1Retention = 2 / 3 × 100 = 66.6666666667")
        let pooled = Statistics.wilson(successes: 2, trials: 3)
        #expect(result.interval == KPIResult.Interval(low: pooled.low, high: pooled.high))
        #expect(result.sample == .proportion(successes: 2, trials: 3))
        let json = try result.json
        #expect(json["cohorts"]?.arrayValue?.first?["retention"] == [100, 50, 50, 100, 50])
        #expect(json["breakdown"]?["basis"] == "logo")
    }

    @Test("Revenue cohorts: MRR against the cohort's first month, no intervals")
    func revenueCohorts() throws {
        let result = try Fixture.result("cohort-retention", ["mrr": Self.table, "basis": "revenue"])
        let cohorts = try #require(result.cohorts)
        // Jan base 150: Feb 120 (a) = 80; Mar 90 = 60; Apr 90 + 60 = 150 = 100; May 60 = 40.
        #expect(cohorts[0].retention == [100, 80, 60, 100, 40] && cohorts[0].intervals == nil)
        // Pooled month 1: (120 + 30) / (150 + 30) = 83.33 %.
        #expect(close(result.value, 150.0 / 1.8) && result.interval == nil && result.sample == nil)
        // Revenue can pass 100: 10 → 25.
        let growing = try Fixture.result("cohort-retention", ["basis": "revenue", "mrr": [Self.row("a", "2024-01", 10), Self.row("a", "2024-02", 25)]])
        #expect(growing.value == 250)
    }

    @Test("Cohorts from customers with start and end dates")
    func customerCohorts() throws {
        // Jan: a (open), b (ended 2024-03-02: not retained from March); Feb: c. The data ends in March.
        let result = try Fixture.result("cohort-retention", ["customers": [
            ["id": "a", "startedAt": "2024-01-15"], ["id": "b", "startedAt": "2024-01-20", "endedAt": "2024-03-02"],
            ["id": "c", "startedAt": "2024-02-01", "endedAt": nil], ["id": "a", "startedAt": "2024-02-01"],
        ]])
        #expect(result.cohorts?.map(\.retention) == [[100, 100, 50], [100, 100]])
        #expect(result.cohorts?.map(\.size) == [2, 1])
        #expect(result.value == 100)  // (2 + 1) / (2 + 1)
        #expect(result.warnings == [#"customers: id "a" appears 2 times; only the first is counted"#])
        #expect(try Fixture.issues("cohort-retention", ["basis": "revenue", "customers": [["id": "a", "startedAt": "2024-01-15"]]])
            .first == .at("/basis", "must be logo with customers: revenue retention needs mrr rows or invoices"))
        #expect(try Fixture.issues("cohort-retention", ["customers": [["id": "a", "startedAt": "2024-02-15", "endedAt": "2024-01-01"]]])
            == [.at("/customers/0/endedAt", "must not be before startedAt")])
        #expect(try Fixture.issues("cohort-retention", ["customers": [["id": "a", "startedAt": "2024-02-15"]]])
            == [.at("/customers", "has no cohort that reaches its month 1: the data must span at least two months")])
    }
}
