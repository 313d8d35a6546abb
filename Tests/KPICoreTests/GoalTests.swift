import JSON
import Testing

@testable import KPICore

@Suite("Goal")
struct GoalTests {
    static let metCases: [(Double, Double, Goal.Direction, Bool, Double)] = [
        (1000.0, 1200.0, .atMost, true, -200.0),
        (1000, 800, .atMost, false, 200),
        (1000, 1000, .atMost, true, 0),
        (30, 40, .atLeast, false, -10),
        (30, 30, .atLeast, true, 0),
        (30, 20, .atLeast, true, 10),
    ]

    @Test("met compares the value to the target in the goal's direction, equality included", arguments: metCases)
    func met(value: Double, target: Double, direction: Goal.Direction, met: Bool, gap: Double) throws {
        let goal = Goal(value: value, target: target, direction: direction, deadline: nil)
        #expect(goal.met == met)
        #expect(goal.gap == gap)
        #expect(try goal.json.objectValue?.keys == ["target", "direction", "met", "gap"])
    }

    @Test("The direction defaults from the KPI: lower is better means atMost")
    func defaults() throws {
        let cac = try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10, "target": ["value": 900]])
        #expect(cac.goal == Goal(value: 1000, target: 900, direction: .atMost, deadline: nil))
        let close = try Fixture.result("close-rate", ["dealsClosed": 30, "leads": 100, "target": ["value": 40]])
        #expect(close.goal == Goal(value: 30, target: 40, direction: .atLeast, deadline: nil))
        #expect(close.goal?.met == false)
    }

    @Test("An explicit direction overrides the KPI's own")
    func explicitDirection() throws {
        let result = try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10, "target": ["value": 900, "direction": "atLeast"]])
        #expect(result.goal?.met == true)
        #expect(result.goal?.direction == .atLeast)
    }

    @Test("A null target is no target")
    func nullTarget() throws {
        #expect(try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10, "target": nil]).goal == nil)
    }

    static let rejectsCases: [(JSONValue, [ValidationError.Issue])] = [
        (["direction": "atMost"], [.at("/target/value", "is required")]),
        (["value": "x"], [.at("/target/value", "must be a number")]),
        (["value": 1, "direction": "up"], [.at("/target/direction", "must be one of \"atLeast\", \"atMost\"")]),
        (["value": 1, "deadline": "2026-02-30"], [.at("/target/deadline", "is not a real date or time")]),
        (["value": 1, "deadline": 20261231], [.at("/target/deadline", "must be a string holding an ISO 8601 date")]),
        (["value": 1, "dueBy": "2026-12-31"], [.at("/target/dueBy", "is not a known field")]),
        (1200, [.at("/target", "must be a JSON object")]),
    ]

    @Test("A malformed target is rejected field by field", arguments: rejectsCases)
    func rejects(target: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("cac", ["totalSpend": 10000, "newCustomers": 10, "target": target]) == expected)
    }

    @Test("A gap too large to represent is rejected at the target value")
    func gapOverflow() throws {
        let issues = try Fixture.issues("cac", ["totalSpend": 1e308, "newCustomers": 1, "target": ["value": -1e308]])
        #expect(issues.map(\.pointer) == ["/target/value"])
    }
}
