import JSON
import Testing

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
        #expect(try Fixture.issues("sales-cycle-length", invalidCopy) == [.at("/deals/1/closedAt", "is not a real date or time")])
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
            .at("/deals/1/createdAt", "is not a real date or time"),
            .at("/deals/2/createdAt", "must have a time zone offset (Z or +02:00)"),
            .at("/deals/3/a~1b", "is not a known field"),
            .at("/deals/4", "must be a JSON object"),
            .at("/deals/5/rep", "must be a string"),
            .at("/deals/5/id", "must be a string or an integer"),
            .at("/deals/5/closedAt", "is required"),
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
        let bad: JSONValue = .array(JSONArray(Array(repeating: ["createdAt": "2024-03-01"], count: 1500)))
        let issues = try Fixture.issues("sales-cycle-length", ["deals": bad])
        #expect(issues.count == InputReader.issueLimit + 1)
        #expect(issues[0] == .at("/deals/0/closedAt", "is required"))
        #expect(issues.last == .at("", "has at least 500 more problems not listed"))
    }
}
