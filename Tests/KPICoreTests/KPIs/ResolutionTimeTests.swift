import JSON
import Testing

import NumericTestSupport
@testable import KPICore

@Suite("resolution-time")
struct ResolutionTimeTests {
    @Test("Mean hours over resolved tickets; open ones are counted and skipped with a warning")
    func summary() throws {
        let result = try Fixture.result("resolution-time", ["tickets": [
            ["id": "t1", "openedAt": "2024-03-01T09:00:00Z", "resolvedAt": "2024-03-01T13:30:00Z", "agent": "carol"],
            ["id": "t2", "openedAt": "2024-03-01T09:00:00Z", "resolvedAt": nil, "agent": "dave"],
            ["id": "t3", "openedAt": "2024-03-01T09:00:00Z"],
            ["id": "t4", "openedAt": "2024-03-01T10:00:00+01:00", "resolvedAt": "2024-03-01T11:00:00Z", "agent": "carol"],
        ]])
        // By hand: 4.5 h and 2 h; numpy.percentile([4.5, 2], 50) = 3.25, (…, 90) = 4.25.
        #expect(result.value == 3.25)
        #expect(result.unit == .hours)
        #expect(Fixture.breakdown(result, "medianHours") == 3.25)
        #expect(Fixture.breakdown(result, "p90Hours") == 4.25)
        #expect(Fixture.breakdown(result, "openTickets") == 2)
        #expect(Fixture.breakdown(result, "resolvedTickets") == 2)
        #expect(Fixture.breakdown(result, "tickets") == 4)
        #expect(result.groups == [.init(key: "carol", count: 2, value: 3.25)])
        #expect(result.warnings == ["2 unresolved tickets were skipped."])
    }

    @Test("Ten resolved tickets of 1…10 hours: median 5.5, p90 9.1 (numpy.percentile(range(1, 11), [50, 90]))")
    func percentiles() throws {
        let tickets: [JSONValue] = (1...10).map { h in
            ["openedAt": "2024-03-01T00:00:00Z", "resolvedAt": .string("2024-03-01T\(h < 10 ? "0" : "")\(h):00:00Z")]
        }
        let result = try Fixture.result("resolution-time", ["tickets": .array(JSONArray(tickets))])
        #expect(result.value == 5.5)
        #expect(close(Fixture.breakdown(result, "p90Hours"), 9.1))
        #expect(result.warnings.isEmpty)
    }

    static let rejectsCases: [(JSONValue, [ValidationError.Issue])] = [
        (["tickets": [["openedAt": "2024-03-01", "resolvedAt": nil]]],
         [.at("/tickets", "must hold at least one resolved ticket")]),
        (["tickets": [["openedAt": "2024-03-02", "resolvedAt": "2024-03-01"]]],
         [.at("/tickets/0/resolvedAt", "must not be before openedAt")]),
        (["tickets": [["openedAt": "2024-03-02", "resolvedAt": 5]]],
         [.at("/tickets/0/resolvedAt", "must be a string holding an ISO 8601 date")]),
        (["tickets": [["resolvedAt": "2024-03-01", "agent": ["x"]]]],
         [.at("/tickets/0/agent", "must be a string"), .at("/tickets/0/openedAt", "is required")]),
        (["tickets": []], [.at("/tickets", "must not be empty")]),
        ([:], [.at("/tickets", "is required")]),
    ]

    @Test("Rejections: no resolved ticket, resolved before opened, bad dates", arguments: rejectsCases)
    func rejects(body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("resolution-time", body) == expected)
    }
}
