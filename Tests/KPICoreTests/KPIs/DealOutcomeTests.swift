import JSON
import Testing

@testable import KPICore

/// Deal outcomes (won, lost, open) and date-only ends on `/sales-cycle-length`.
@Suite("sales-cycle-length: outcomes and date-only ends")
struct DealOutcomeTests {
    static func deal(_ id: String, _ created: String, _ closed: String?, _ outcome: String? = nil, rep: String? = nil) -> JSONValue {
        var object: JSONObject = ["id": .string(id), "createdAt": .string(created)]
        if let closed { object["closedAt"] = .string(closed) }
        if let outcome { object["outcome"] = .string(outcome) }
        if let rep { object["rep"] = .string(rep) }
        return .object(object)
    }

    @Test("A deal won the day it was created (Salesforce: CloseDate a date, CreatedDate a date-time) lasts 0 days")
    func wonTheDayItWasCreated() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": [
            Self.deal("a", "2024-03-05T14:00:00Z", "2024-03-05"),
            Self.deal("b", "2024-03-05T14:00:00Z", "2024-03-07"),
            Self.deal("c", "2024-03-05", "2024-03-06T09:00:00Z"),
        ]])
        // One end a date alone: the other end becomes its calendar date (UTC) and the dates are subtracted.
        // a: 5 March − 5 March = 0 (not −14 hours); b: 7 − 5 = 2; c: 6 − 5 = 1 (not 1 day 9 hours). Mean (0 + 2 + 1) / 3 = 1.
        #expect(result.value == 1)
        #expect(Fixture.breakdown(result, "minDays") == 0)
        #expect(Fixture.breakdown(result, "maxDays") == 2)
        // Both ends date-times: real elapsed time, 14:00 to 09:00 the next day is 19 hours.
        let elapsed = try Fixture.result("sales-cycle-length", ["deals": [Self.deal("a", "2024-03-05T14:00:00Z", "2024-03-06T09:00:00Z")]])
        #expect(elapsed.value == 19.0 / 24)
        // A date before the creation's date is still before it.
        #expect(try Fixture.issues("sales-cycle-length", ["deals": [Self.deal("a", "2024-03-05T14:00:00Z", "2024-03-04")]])
            == [.at("/deals/0/closedAt", "must not be before createdAt")])
    }

    /// w1, w2 won in 10 and 20 days; l1 lost in 3 days; o1 and o2 open with expected close dates that are no
    /// real close (o1's after asOf, o2's before its own creation): neither is read.
    static let deals: JSONValue = [
        deal("w1", "2024-01-01", "2024-01-11", "won", rep: "ann"), deal("w2", "2024-01-01", "2024-01-21", "won", rep: "bob"),
        deal("l1", "2024-01-01", "2024-01-04", "lost", rep: "ann"),
        deal("o1", "2024-01-01", "2024-06-30", "open", rep: "ann"), deal("o2", "2024-01-15", "2023-12-01", "open", rep: "bob"),
    ]

    @Test("The cycle is over won deals; lost deals are counted apart; an open deal's closedAt is neither read nor checked")
    func wonByDefault() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": Self.deals, "asOf": "2024-02-01"])
        // Won: (10 + 20) / 2 = 15. numpy: np.percentile([10, 20], 90) = 19.
        // Open on 1 February: o1 for 31 days (> 19: stale), o2 for 17 days.
        #expect(result.value == 15)
        #expect(Fixture.breakdown(result, "deals") == 2)
        #expect(Fixture.breakdown(result, "lostDeals") == 1)
        #expect(Fixture.breakdown(result, "openDeals") == 2)
        #expect(Fixture.breakdown(result, "staleDeals") == 1)
        #expect(try result.json["breakdown"]?["staleDealIds"] == ["o1"])
        #expect(result.groups == [.init(key: "ann", count: 1, value: 10), .init(key: "bob", count: 1, value: 20)])
        #expect(result.warnings == ["1 of 2 open deals have been open longer than 90 % of won deals took to close (p90 19 days)."])
    }

    @Test("include: closed adds the lost deals to the mean, the percentiles, the groups and the stale threshold")
    func includeClosed() throws {
        let result = try Fixture.result("sales-cycle-length", ["deals": Self.deals, "asOf": "2024-02-01", "include": "closed"])
        // Won and lost: (10 + 20 + 3) / 3 = 11. numpy: np.percentile([10, 20, 3], 90) = 18 (10 + 0.8 × 10).
        #expect(result.value == 11)
        #expect(Fixture.breakdown(result, "deals") == 3)
        #expect(Fixture.breakdown(result, "lostDeals") == 1)
        #expect(Fixture.breakdown(result, "p90Days") == 18)
        #expect(Fixture.breakdown(result, "staleDeals") == 1)
        #expect(result.groups == [.init(key: "ann", count: 2, value: 6.5), .init(key: "bob", count: 1, value: 20)])
        #expect(result.warnings == ["1 of 2 open deals have been open longer than 90 % of closed deals took to close (p90 18 days)."])
    }

    @Test("A won or lost deal needs closedAt; an open deal needs asOf; only lost deals leave nothing to measure by default")
    func rejects() throws {
        #expect(try Fixture.issues("sales-cycle-length", ["deals": [
            Self.deal("a", "2024-01-01", nil, "won"), Self.deal("b", "2024-01-01", nil, "lost"), ["createdAt": "2024-01-01", "outcome": "Won"],
        ]]) == [
            .at("/deals/2/outcome", "must be one of \"won\", \"lost\", \"open\"; met \"Won\""),
            .at("/deals/0/closedAt", "is required for a won deal"), .at("/deals/1/closedAt", "is required for a lost deal"),
        ])
        // An open deal read without asOf, even with an expected closedAt.
        #expect(try Fixture.issues("sales-cycle-length", ["deals": [Self.deal("a", "2024-01-01", "2024-01-05"), Self.deal("b", "2024-01-01", "2024-03-01", "open")]])
            == [.at("/asOf", "is required when a deal is open (/deals/1 is open)")])
        let lostOnly: JSONValue = ["deals": [Self.deal("l", "2024-01-01", "2024-01-04", "lost")]]
        #expect(try Fixture.issues("sales-cycle-length", lostOnly)
            == [.at("/deals", "must hold at least one won deal (include: \"closed\" adds lost ones)")])
        var closed = try #require(lostOnly.objectValue)
        closed["include"] = "closed"
        #expect(try Fixture.result("sales-cycle-length", .object(closed)).value == 3)
    }

    @Test("In a series an open deal is not bucketed by its expected closedAt: it is open at the end of each period")
    func openDealNotBucketed() throws {
        let buckets = try RecordBucketsTests.buckets("sales-cycle-length", ["deals": [
            Self.deal("w1", "2024-01-01", "2024-01-11", "won"), Self.deal("o1", "2024-01-01", "2024-02-15", "open"),
        ]], .month)
        let results = try RecordBucketsTests.results(buckets)
        // Only January has an event (w1); o1, open, is aged to January's end: 1 February − 1 January = 31 days.
        #expect(results.map(\.0) == ["2024-01"])
        #expect(results.map { $0.1?.value } == [10])
        #expect(results.map { $0.1.flatMap { Fixture.breakdown($0, "openDeals") } } == [1])
        #expect(results.map { $0.1.flatMap { Fixture.breakdown($0, "staleDeals") } } == [1])
    }
}
