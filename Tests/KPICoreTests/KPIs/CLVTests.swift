import JSON
import Testing

@testable import KPICore

@Suite("clv")
struct CLVTests {
    static let profitCases: [(JSONValue, Double, String)] = [
        (["averageAnnualProfit": 3000, "averageLifespanYears": 2, "cac": 1000], 5000.0,
         "CLV = 3000 × 2 − 1000 = 5000"),
        (["averageAnnualProfit": 3000, "averageLifespanYears": 2], 6000, "CLV = 3000 × 2 − 0 = 6000"),
        (["method": "profit", "averageAnnualProfit": 100, "averageLifespanYears": 0.5, "cac": 80], -30,
         "CLV = 100 × 0.5 − 80 = -30"),
    ]

    @Test("The profit method is profit × lifespan − cac, cac defaulting to 0", arguments: profitCases)
    func profit(body: JSONValue, value: Double, substituted: String) throws {
        let result = try Fixture.result("clv", body)
        #expect(result.value == value)
        #expect(result.substituted == substituted)
        #expect(result.formula == "CLV = averageAnnualProfit × averageLifespanYears − cac")
    }

    @Test("The purchase method is inferred from its fields and chains four steps")
    func purchase() throws {
        let result = try Fixture.result("clv", ["annualRevenue": 1000, "annualPurchases": 8, "uniqueCustomers": 4, "averageLifespanYears": 3])
        // By hand: 1000 / 8 = 125; 8 / 4 = 2; 125 × 2 = 250; 250 × 3 = 750.
        #expect(result.steps.map(\.value) == [125, 2, 250, 750])
        #expect(result.value == 750)
    }

    static let rejectsCases: [(JSONValue, [ValidationError.Issue])] = [
        (["method": "purchase", "averageAnnualProfit": 1, "annualRevenue": 1, "annualPurchases": 1, "uniqueCustomers": 1,
          "averageLifespanYears": 1],
         [.at("/averageAnnualProfit", "is not used by the purchase method")]),
        (["annualRevenue": 100, "annualPurchases": 10, "averageLifespanYears": 2],
         [.at("/uniqueCustomers", "is required for the purchase method")]),
        (["averageAnnualProfit": 1, "annualRevenue": 100, "annualPurchases": 10, "uniqueCustomers": 5, "averageLifespanYears": 2],
         [.at("/averageAnnualProfit", "cannot be combined with the purchase method's fields")]),
        (["averageLifespanYears": 2], [.at("/averageAnnualProfit", "is required for the profit method")]),
        (["averageAnnualProfit": 1, "averageLifespanYears": 0], [.at("/averageLifespanYears", "must be greater than 0")]),
        (["method": "bogus", "averageAnnualProfit": 1, "averageLifespanYears": 1],
         [.at("/method", "must be one of \"profit\", \"purchase\"")]),
        (["annualRevenue": 100, "annualPurchases": 0, "uniqueCustomers": 5, "averageLifespanYears": 2],
         [.at("/annualPurchases", "must be greater than 0")]),
    ]

    @Test("Invalid CLV requests are rejected with their pointers", arguments: rejectsCases)
    func rejects(body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("clv", body) == expected)
    }
}
