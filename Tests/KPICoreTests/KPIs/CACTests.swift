import JSON
import Testing

@testable import KPICore

@Suite("cac")
struct CACTests {
    static let computesCases: [(JSONValue, Double, String)] = [
        (["totalSpend": 10000, "newCustomers": 10], 1000.0, "CAC = 10000 / 10 = 1000"),
        (["totalSpend": 0, "newCustomers": 3], 0, "CAC = 0 / 3 = 0"),
        (["totalSpend": 100, "newCustomers": 3], 100.0 / 3, "CAC = 100 / 3 = 33.3333333333"),
        (["spend": ["advertising": 6000, "salaries": 3000, "other": 1000], "newCustomers": 10], 1000,
         "CAC = 10000 / 10 = 1000"),
        (["spend": ["bonuses": 97], "newCustomers": 8], 12.125, "CAC = 97 / 8 = 12.125"),
    ]

    @Test("CAC divides spend by new customers, from a total or from spend categories", arguments: computesCases)
    func computes(body: JSONValue, value: Double, substituted: String) throws {
        let result = try Fixture.result("cac", body)
        #expect(result.value == value)
        #expect(result.substituted == substituted)
        #expect(result.unit == .currency)
    }

    @Test("Spend categories are summed in a first step and listed in the breakdown")
    func spendParts() throws {
        let result = try Fixture.result("cac", ["newCustomers": 10, "spend": ["advertising": 6000, "salaries": 3000, "other": 1000]])
        #expect(result.steps.map(\.substituted) == ["6000 + 3000 + 1000 = 10000", "10000 / 10 = 1000"])
        #expect(result.steps.first?.formula == "advertising + salaries + other")
        #expect(result.breakdown.map(\.name) == ["advertising", "salaries", "other", "totalSpend", "newCustomers"])
    }

    static let rejectsCases: [(JSONValue, [ValidationError.Issue])] = [
        (["totalSpend": 10000, "newCustomers": 0], [.at("/newCustomers", "must be greater than 0")]),
        (["totalSpend": -1, "newCustomers": 10], [.at("/totalSpend", "must not be negative")]),
        (["totalSpend": "10000", "newCustomers": 10], [.at("/totalSpend", "must be a number")]),
        (["newCustomers": 10], [.at("/totalSpend", "is required (or give spend by category)")]),
        (["totalSpend": 1, "spend": ["other": 1], "newCustomers": 10], [.at("/spend", "cannot be combined with totalSpend")]),
        (["spend": [:], "newCustomers": 10],
         [.at("/spend", "must have at least one of advertising, salaries, commissions, bonuses, overhead, other")]),
        (["spend": ["advertsing": 5], "newCustomers": 10],
         [.at("/spend/advertsing", "is not a known field"),
          .at("/spend", "must have at least one of advertising, salaries, commissions, bonuses, overhead, other")]),
        (["spend": ["other": -5], "newCustomers": 10], [.at("/spend/other", "must not be negative")]),
        (["totalSpnd": 10000, "newCustomers": 10],
         [.at("/totalSpnd", "is not a known field"), .at("/totalSpend", "is required (or give spend by category)")]),
        (["totalSpend": 10000], [.at("/newCustomers", "is required")]),
        (["totalSpend": nil, "newCustomers": -3],
         [.at("/newCustomers", InputReader.countDetail), .at("/totalSpend", "is required (or give spend by category)")]),
    ]

    @Test("Invalid CAC requests are rejected with their pointers", arguments: rejectsCases)
    func rejects(body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("cac", body) == expected)
    }
}
