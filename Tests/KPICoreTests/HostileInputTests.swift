import JSON
import NumericTestSupport
import Testing

@testable import KPICore

/// Hostile numbers in every number of every KPI's bodies, one at a time and all at once (so that intermediates
/// overflow): each KPI answers with finite numbers or gives issues, and never traps (which would end the run).
@Suite("Hostile inputs")
struct HostileInputTests {
    static let hostileValues: [JSONValue] = [
        .number(JSONNumber(Int64.max)), .number(JSONNumber(Int64.max - 1)), .number(JSONNumber(Int64.max - 511)),
        .number(JSONNumber(Int64(9_007_199_254_740_993))), .number(JSONNumber(Int64(9_007_199_254_740_991))),
        1e308, -1e308, .double(.greatestFiniteMagnitude), .double(-.greatestFiniteMagnitude), .double(.leastNonzeroMagnitude),
        .double(-.leastNonzeroMagnitude), .double(.leastNormalMagnitude), 1e19, 1e-300, 999_999_999_999.999,
        -999_999_999_999.999, .double(1e12 - 0.0015), .double(1e12.nextDown), 0.5, 0,
    ]

    /// Bodies for the variants the examples leave out.
    static let variants: [(String, JSONValue)] = [
        ("cac", ["spend": ["advertising": 6000, "salaries": 3000, "other": 1000], "newCustomers": 10]),
        ("clv", ["averageAnnualProfit": 3000, "cac": 1000, "averageLifespanYears": 4]),
        ("quota-attainment", ["reps": [["rep": "a", "actualSales": 90000, "quota": 100000], ["rep": "a", "actualSales": 1, "quota": 2]]]),
        ("social-engagement", ["interactions": 250, "reach": 8000]),
        ("upsell-rate", ["upsoldCustomers": 40, "offeredCustomers": 120]),
        ("marketing-originated", ["marketingOriginatedRevenue": 30000, "newRevenue": 120000]),
        ("nps", ["scores": [10, 9, 8, 6, 10]]),
        // Deal outcomes: won, lost (measured with include: closed) and open with an expected close date; ids as numbers.
        ("sales-cycle-length", ["include": "closed", "asOf": "2024-05-01", "deals": [
            ["id": 1, "createdAt": "2024-03-01T14:00:00Z", "closedAt": "2024-03-01", "outcome": "won", "rep": "a"],
            ["id": 2, "createdAt": "2024-03-01", "closedAt": "2024-03-04", "outcome": "lost", "rep": "a"],
            ["id": 3, "createdAt": "2024-03-02", "closedAt": "2024-09-30", "outcome": "open", "rep": "b"],
        ]]),
        // A stage history with repeated rows and an outcome that contradicts it; MRR rows a year apart.
        ("pipeline-stages", ["stages": ["a", "b"], "deals": [
            ["id": 1, "outcome": "lost", "history": [["stage": "a", "enteredAt": "2024-03-01"], ["stage": "a", "enteredAt": "2024-03-02"],
                                                      ["stage": "b", "enteredAt": "2024-03-09"]]],
        ]]),
        ("mrr-movements", ["mrr": [["customer": 1, "month": "2023-01", "mrr": 1200], ["customer": 1, "month": "2024-01", "mrr": 1200],
                                   ["customer": 2, "month": "2023-06", "mrr": 100.5]]]),
        ("close-rate", ["basis": "created", "deals": [
            ["id": 1, "createdAt": "2024-03-01", "closedAt": "2024-03-09", "outcome": "won", "rep": "a"],
            ["id": 2, "createdAt": "2024-03-01", "closedAt": "2024-03-04", "outcome": "lost", "rep": "a"],
            ["id": 3, "createdAt": "2024-03-02", "rep": "b"],
        ]]),
    ]

    /// Each KPI's example and the variants, each with a `target`.
    static let bodies: [(String, JSONValue)] = (KPIRegistry.all.map { ($0.id, $0.example) } + variants).map { id, body in
        guard case .object(var object) = body else { return (id, body) }
        object["target"] = ["value": 100]
        return (id, .object(object))
    }

    @Test("Every number of every body, alone or all together, replaced by hostile values: an answer or issues",
          arguments: bodies.indices)
    func hostileNumbers(body index: Int) throws {
        let (id, body) = Self.bodies[index]
        let kpi = try Fixture.kpi(id)
        var numbers = 0
        _ = substitute(body, 0, only: nil, index: &numbers)
        #expect(numbers > 0)
        for value in Self.hostileValues {
            for only in [nil] + (0..<numbers).map(Optional.some) {
                var counter = 0
                let hostile = substitute(body, value, only: only, index: &counter)
                do {
                    let result = try kpi.evaluate(hostile)
                    #expect(result.isFinite, "\(id): \(hostile)")
                    #expect(result.substituted.hasPrefix(result.symbol + " = "))
                    #expect(try result.json.objectValue?["value"]?.numberValue?.double == result.value)
                } catch let error as ValidationError {
                    #expect(!error.issues.isEmpty)
                    #expect(error.issues.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") }, "\(error.issues)")
                }
            }
        }
    }
}
