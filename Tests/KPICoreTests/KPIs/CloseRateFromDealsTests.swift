import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// `/close-rate` from deal records: basis decided (won / (won + lost)) or created (won / all deals).
@Suite("close-rate from deals")
struct CloseRateFromDealsTests {
    static func deal(_ id: String, _ created: String, _ closed: String?, _ outcome: String, rep: String) -> JSONValue {
        var object: JSONObject = ["id": .string(id), "createdAt": .string(created), "outcome": .string(outcome), "rep": .string(rep)]
        if let closed { object["closedAt"] = .string(closed) }
        return .object(object)
    }

    /// ann: a won, b lost, e won; bob: c won, d open (with an expected close date), f lost; e repeated.
    static let deals: JSONValue = [
        deal("a", "2024-01-03", "2024-01-20", "won", rep: "ann"), deal("b", "2024-01-05", "2024-02-02", "lost", rep: "ann"),
        deal("c", "2024-01-10", "2024-02-10", "won", rep: "bob"), deal("d", "2024-02-01", "2024-03-31", "open", rep: "bob"),
        deal("e", "2024-02-03", "2024-02-25", "won", rep: "ann"), deal("f", "2024-02-15", "2024-03-01", "lost", rep: "bob"),
        deal("e", "2024-02-03", "2024-02-26", "lost", rep: "bob"),
    ]

    // Wilson 95 % intervals in percent, z = 1.959963984540054, from the closed form
    // (p + z²/2n ± z·sqrt(p(1 − p)/n + z²/4n²)) / (1 + z²/n), written out in Python:
    // 3/5 → [23.07242812760128, 88.2379225767352]; 3/6 → [18.761630648265054, 81.23836935173495];
    // 2/3 → [20.765960080204763, 93.85080552796038]; 1/2 → [9.453120573423075, 90.54687942657694];
    // 1/3 → [6.149194472039615, 79.23403991979524].

    @Test("Basis decided (the default): won over won and lost, open deals left out, each rep with a Wilson interval")
    func decided() throws {
        let result = try Fixture.result("close-rate", ["deals": Self.deals])
        // Won a, c, e; lost b, f; d open; e's copy ignored: 3 / 5 = 60 %.
        #expect(close(result.value, 60))
        #expect(try result.json["breakdown"]?["basis"] == "decided")
        #expect(Fixture.breakdown(result, "wonDeals") == 3)
        #expect(Fixture.breakdown(result, "decidedDeals") == 5)
        #expect(Fixture.breakdown(result, "lostDeals") == 2)
        #expect(Fixture.breakdown(result, "openDeals") == 1)
        #expect(close(result.interval?.low, 23.07242812760128) && close(result.interval?.high, 88.2379225767352))
        #expect(result.substituted == "closeRate = 3 / 5 × 100 = 60")
        // ann 2 of 3 decided; bob 1 of 2 decided (d is open).
        let groups = try #require(result.groups)
        #expect(groups.map(\.key) == ["ann", "bob"])
        #expect(groups.map(\.count) == [3, 2])
        #expect(close(groups[0].value, 200.0 / 3) && close(groups[1].value, 50))
        #expect(close(groups[0].interval?.low, 20.765960080204763) && close(groups[0].interval?.high, 93.85080552796038))
        #expect(close(groups[1].interval?.low, 9.453120573423075) && close(groups[1].interval?.high, 90.54687942657694))
        #expect(result.warnings == [#"deals: id "e" appears 2 times; only the first is counted"#])
    }

    @Test("Basis created: won over every deal, open ones included")
    func created() throws {
        let result = try Fixture.result("close-rate", ["deals": Self.deals, "basis": "created"])
        // 3 won of 6 deals = 50 %; ann 2 of 3, bob 1 of 3.
        #expect(close(result.value, 50))
        #expect(try result.json["breakdown"]?["basis"] == "created")
        #expect(Fixture.breakdown(result, "deals") == 6)
        #expect(close(result.interval?.low, 18.761630648265054) && close(result.interval?.high, 81.23836935173495))
        let groups = try #require(result.groups)
        #expect(groups.map(\.count) == [3, 3])
        #expect(close(groups[1].value, 100.0 / 3))
        #expect(close(groups[1].interval?.low, 6.149194472039615) && close(groups[1].interval?.high, 79.23403991979524))
    }

    @Test("Counts and deals cannot be mixed; basis is for deals; only open deals leave nothing decided")
    func rejects() throws {
        #expect(try Fixture.issues("close-rate", ["deals": Self.deals, "leads": 10]) == [.at("/leads", "cannot be combined with deals")])
        // basis goes with deals: the counts are then the other alternative's.
        #expect(try Fixture.issues("close-rate", ["dealsClosed": 3, "leads": 10, "basis": "created"]) == [
            .at("/dealsClosed", "cannot be combined with deals"), .at("/leads", "cannot be combined with deals"),
            .at("/deals", "is required (or give dealsClosed, leads)"),
        ])
        #expect(try Fixture.issues("close-rate", ["deals": [Self.deal("d", "2024-01-01", nil, "open", rep: "ann")]])
            == [.at("/deals", "must hold at least one won or lost deal (basis decided leaves open deals out)")])
        #expect(try Fixture.issues("close-rate", ["deals": [Self.deal("w", "2024-01-05", "2024-01-04", "won", rep: "ann")]])
            == [.at("/deals/0/closedAt", "must not be before createdAt")])
    }

    @Test("A series buckets decided deals by closedAt, and with basis created every deal by createdAt")
    func series() throws {
        let decided = try RecordBucketsTests.results(RecordBucketsTests.buckets("close-rate", ["deals": Self.deals], .month))
        // January: a won (1 / 1); February: b lost, c won, e won (2 / 3); March: f lost (0 / 1). d, open, has no event.
        #expect(decided.map(\.0) == ["2024-01", "2024-02", "2024-03"])
        #expect(zip(decided.map { $0.1?.value }, [100, 200.0 / 3, 0]).allSatisfy { close($0, $1) })
        let created = try RecordBucketsTests.results(RecordBucketsTests.buckets("close-rate", ["deals": Self.deals, "basis": "created"], .month))
        // By creation: January a, b, c (2 won of 3); February d, e, f (1 won of 3), each with its current outcome.
        #expect(created.map(\.0) == ["2024-01", "2024-02"])
        #expect(zip(created.map { $0.1?.value }, [200.0 / 3, 100.0 / 3]).allSatisfy { close($0, $1) })
    }
}
