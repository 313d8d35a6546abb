import JSON
import Testing

import NumericTestSupport
@testable import KPICore

@Suite("sales-cycle-length")
struct SalesCycleLengthTests {
    static func deal(_ id: JSONValue?, _ created: String, _ closed: String, rep: String? = nil) -> JSONValue {
        var object: JSONObject = ["createdAt": .string(created), "closedAt": .string(closed)]
        if let id { object["id"] = id }
        if let rep { object["rep"] = .string(rep) }
        return .object(object)
    }

    @Test("Mean, median, p90, min and max days, with one group per rep sorted by key")
    func summary() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": [
            Self.deal("d1", "2024-03-01", "2024-03-31", rep: "bob"),
            Self.deal("d2", "2024-03-05", "2024-03-15", rep: "alice"),
            Self.deal("d3", "2024-03-05", "2024-03-06"),
        ]])
        // Days 30, 10, 1. numpy: np.mean = 13.666…, np.percentile([30,10,1],50) = 10, np.percentile(…,90) = 26.
        #expect(close(result.value, 41.0 / 3))
        #expect(Fixture.breakdown(result, "deals") == 3)
        #expect(Fixture.breakdown(result, "medianDays") == 10)
        #expect(close(Fixture.breakdown(result, "p90Days"), 26))
        #expect(Fixture.breakdown(result, "minDays") == 1)
        #expect(Fixture.breakdown(result, "maxDays") == 30)
        #expect(result.groups == [.init(key: "alice", count: 1, value: 10), .init(key: "bob", count: 1, value: 30)])
        #expect(result.substituted == "salesCycleLength = 41 / 3 = 13.6666666667")
    }

    @Test("A single deal closed the day it was created is a zero-day cycle")
    func singleDeal() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": [Self.deal(nil, "2024-03-01", "2024-03-01")]])
        #expect(result.value == 0)
        #expect(Fixture.breakdown(result, "p90Days") == 0)
        #expect(result.groups == [])
    }

    @Test("Offsets are honoured: midnight +02:00 to noon UTC is 14 hours")
    func offsets() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": [Self.deal(1, "2024-03-01T00:00:00+02:00", "2024-03-01T12:00:00Z")]])
        #expect(close(result.value, 14.0 / 24))
    }

    @Test("A repeated id counts once, each copy is validated, and one warning names it")
    func duplicates() throws {
        let body: JSONValue = ["deals": [
            Self.deal("d1", "2024-03-01", "2024-03-11"), Self.deal("d1", "2024-03-01", "2024-03-31"),
            Self.deal("d1", "2024-03-01", "2024-03-21"), Self.deal(7, "2024-03-01", "2024-03-03"),
            Self.deal(7, "2024-03-01", "2024-03-03"),
        ]]
        let result = try Fixture.result("sales-cycle-length", body)
        #expect(result.value == 6)
        #expect(result.warnings == [
            "deals: id \"d1\" appears 3 times; only the first is counted",
            "deals: id 7 appears 2 times; only the first is counted",
        ])
        let invalidCopy: JSONValue = ["deals": [Self.deal("d1", "2024-03-01", "2024-03-11"), Self.deal("d1", "2024-03-01", "2024-02-30")]]
        #expect(try Fixture.issues("sales-cycle-length", invalidCopy) == [.at("/deals/1/closedAt", #"is not a real date or time; met "2024-02-30""#)])
    }

    @Test("Invalid deals are rejected at their pointers, all at once: each field as read, then checks across fields")
    func rejects() throws {
        let issues = try Fixture.issues("sales-cycle-length", ["deals": [
            Self.deal("a", "2024-03-10", "2024-03-01"),
            Self.deal("b", "2024-02-30", "2024-03-01"),
            Self.deal("c", "2024-03-01T09:30:00", "2024-03-02"),
            ["createdAt": "2024-03-01", "closedAt": "2024-03-02", "a/b": 1],
            "deal",
            ["createdAt": "2024-03-01", "rep": 5, "id": 1.5],
        ]])
        #expect(issues == [
            .at("/deals/1/createdAt", #"is not a real date or time; met "2024-02-30""#),
            .at("/deals/2/createdAt", #"has no time zone offset: write one (Z, +02:00, +0200 or +02) or give the timeZone option, the IANA zone of local times ("timeZone": "America/New_York"); met "2024-03-01T09:30:00""#),
            .at("/deals/3/a~1b", "is not a known field"),
            .at("/deals/4", "must be a JSON object"),
            .at("/deals/5/rep", "must be a string"),
            .at("/deals/5/id", "must be a string or an integer"),
            .at("/deals/0/closedAt", "must not be before createdAt"),
        ])
        #expect(try Fixture.issues("sales-cycle-length", ["deals": []]) == [.at("/deals", "must not be empty")])
        #expect(try Fixture.issues("sales-cycle-length", ["deals": ["x": 1]]) == [.at("/deals", "must be an array of objects")])
    }

    @Test("Groups sort by Unicode code points, not by String ordering")
    func codePointOrder() throws {
        // "\u{212B}" (Angstrom sign) normalises to "\u{00C5}", which String ordering puts before "\u{00C6}";
        // by code points U+00C6 < U+212B.
        let result = try Fixture.result("sales-cycle-length", ["deals": [
            Self.deal(nil, "2024-03-01", "2024-03-02", rep: "\u{212B}"), Self.deal(nil, "2024-03-01", "2024-03-03", rep: "\u{00C6}"),
            Self.deal(nil, "2024-03-01", "2024-03-04", rep: "Z"), Self.deal(nil, "2024-03-01", "2024-03-05", rep: "a"),
        ]])
        #expect(result.groups?.map(\.key) == ["Z", "a", "\u{00C6}", "\u{212B}"])
    }

    @Test("A 1 µs cycle is exact: whole seconds and fractions are subtracted apart")
    func subSecondCycle() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": [
            Self.deal(nil, "2024-03-01T09:30:00Z", "2024-03-01T09:30:00.000001Z"),
        ]])
        // 1e-6 s over 86,400 s a day; as doubles of epoch seconds the cycle came out 4.6 % long.
        #expect(result.value == 1e-6 / 86_400)
    }

    @Test("Past the issue limit, records stop being stored and the last issue says at least how many more")
    func issueLimitStopsStoring() throws {
        let bad: JSONValue = .array(JSONArray(Array(repeating: ["closedAt": "2024-03-01"], count: 1500)))
        let issues = try Fixture.issues("sales-cycle-length", ["deals": bad])
        #expect(issues.count == IssueList.limit + 1)
        #expect(issues[0] == .at("/deals/0/createdAt", "is required"))
        #expect(issues.last == .at("", "has at least 500 more problems not listed"))
    }
}

@Suite("sales-cycle-length: open deals and slower reps")
struct SalesCycleOpenDealsTests {
    static func deal(_ id: String, _ created: String, _ closed: String?, rep: String) -> JSONValue {
        var object: JSONObject = ["id": .string(id), "createdAt": .string(created), "rep": .string(rep)]
        if let closed { object["closedAt"] = .string(closed) }
        return .object(object)
    }

    /// ann closes in 10, 14, 12 days; cem in 11, 9; bob in 40, 45, 45; d9 (1 February) and d10 (1 March) are open.
    static let deals: JSONValue = [
        deal("d1", "2024-01-02", "2024-01-12", rep: "ann"), deal("d2", "2024-01-05", "2024-01-19", rep: "ann"),
        deal("d3", "2024-01-08", "2024-01-20", rep: "ann"), deal("d4", "2024-01-03", "2024-01-14", rep: "cem"),
        deal("d5", "2024-01-04", "2024-01-13", rep: "cem"), deal("d6", "2024-01-02", "2024-02-11", rep: "bob"),
        deal("d7", "2024-01-03", "2024-02-17", rep: "bob"), deal("d8", "2024-01-10", "2024-02-24", rep: "bob"),
        deal("d9", "2024-02-01", nil, rep: "ann"), ["id": "d10", "createdAt": "2024-03-01", "closedAt": nil, "rep": "cem"],
    ]

    @Test("Open deals (closedAt absent or null) stay out of the mean; asOf ages them and those past the closed deals' p90 are stale")
    func openAndStale() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": Self.deals, "asOf": "2024-04-20"])
        // Closed: 10 + 14 + 12 + 11 + 9 + 40 + 45 + 45 = 186 over 8 = 23.25. numpy: np.percentile([10,14,12,11,9,40,45,45], 90) = 45.
        // Open on 20 April: d9 for 79 days (stale), d10 for 50 days (stale).
        #expect(result.value == 23.25)
        #expect(Fixture.breakdown(result, "openDeals") == 2)
        #expect(Fixture.breakdown(result, "staleDeals") == 2)
        #expect(try result.json["breakdown"]?["staleDealIds"] == ["d9", "d10"])
        #expect(result.warnings.last == "2 of 2 open deals have been open longer than 90 % of won deals took to close (p90 45 days).")
        let earlier = try Fixture.result("sales-cycle-length", ["deals": Self.deals, "asOf": "2024-03-15"])
        // On 15 March: d9 for 43 days, d10 for 14: neither past 45.
        #expect(Fixture.breakdown(earlier, "openDeals") == 2)
        #expect(Fixture.breakdown(earlier, "staleDeals") == 0)
        #expect(try earlier.json["breakdown"]?["staleDealIds"] == nil)
    }

    @Test("A rep significantly slower than the other reps is named, with Welch's one-sided test and its p-value")
    func slowerRep() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": Self.deals, "asOf": "2024-03-15"])
        // bob [40, 45, 45] against ann and cem [10, 14, 12, 11, 9]: mean 43.33 vs 11.2.
        // scipy: stats.ttest_ind([40,45,45], [10,14,12,11,9], equal_var=False, alternative='greater')
        //   = (statistic=17.13253306425311, pvalue=0.00017939688504956796, df=3.0976204684400486).
        // ann [10, 14, 12] vs the rest and cem [11, 9] vs the rest are faster: no warning.
        #expect(result.warnings == [
            "Rep \"bob\" takes significantly longer to close than the other reps: mean 43.33 days over 3 deals vs 11.2 over 5 (Welch's t-test, one-sided, rep slower: t = 17.13, df = 3.1, p = 0.0002).",
        ])
    }

    @Test("No rep is tested with fewer than 2 deals, or against fewer than 2 others' deals; an insignificant difference is quiet")
    func repTestLimits() throws {
        let one = try Fixture.result("sales-cycle-length", ["deals": [
            Self.deal("a", "2024-01-01", "2024-01-02", rep: "ann"), Self.deal("b", "2024-01-01", "2024-01-03", rep: "ann"),
            Self.deal("c", "2024-01-01", "2024-03-01", rep: "bob"),
        ]])
        #expect(one.warnings == [])
        let close = try Fixture.result("sales-cycle-length", ["deals": [
            Self.deal("a", "2024-01-01", "2024-01-11", rep: "ann"), Self.deal("b", "2024-01-01", "2024-01-21", rep: "ann"),
            Self.deal("c", "2024-01-01", "2024-01-12", rep: "bob"), Self.deal("d", "2024-01-01", "2024-01-20", rep: "bob"),
        ]])
        // ann [10, 20] vs bob [11, 19]: the same mean, p = 0.5.
        #expect(close.warnings == [])
    }

    @Test("An open deal needs asOf, and no deal may be created or closed after it")
    func asOfRejects() throws {
        #expect(try Fixture.issues("sales-cycle-length", ["deals": Self.deals])
            == [.at("/asOf", "is required when a deal is open (/deals/8 is open)")])
        #expect(try Fixture.issues("sales-cycle-length", ["deals": Self.deals, "asOf": "2024-02-15"]) == [
            .at("/deals/6/closedAt", "must not be after asOf (2024-02-15)"), .at("/deals/7/closedAt", "must not be after asOf (2024-02-15)"),
            .at("/deals/9/createdAt", "must not be after asOf (2024-02-15)"),
        ])
        #expect(try Fixture.issues("sales-cycle-length", ["deals": [Self.deal("a", "2024-01-01", nil, rep: "ann")], "asOf": "2024-02-01"])
            == [.at("/deals", "must hold at least one won deal (include: \"closed\" adds lost ones)")])
    }

    @Test("In a series, each month reads the deals as they stood at its end: closed later or never means open then")
    func openDealsPerMonth() throws {
        let buckets = try RecordBucketsTests.buckets("sales-cycle-length", ["deals": Self.deals], .month)
        let results = try RecordBucketsTests.results(buckets)
        #expect(results.map(\.0) == ["2024-01", "2024-02"])
        // January: closed d1–d5 (10, 14, 12, 11, 9) → 56 / 5 = 11.2; numpy: np.percentile([10,14,12,11,9], 90) = 13.2.
        // Open on 1 February: d6, d7, d8 (closed in February) for 30, 29 and 22 days: all stale.
        // February: closed d6–d8 → 130 / 3; open on 1 March: d9 for 29 days (p90 45: not stale); d10 was created on 1 March.
        #expect(results.map { $0.1?.value } == [11.2, 130.0 / 3])
        #expect(results.map { $0.1.flatMap { Fixture.breakdown($0, "openDeals") } } == [3, 1])
        #expect(results.map { $0.1.flatMap { Fixture.breakdown($0, "staleDeals") } } == [3, 0])
        #expect(try results[0].1?.json["breakdown"]?["staleDealIds"] == ["d6", "d7", "d8"])
        #expect(buckets.warnings == [])
    }
}
