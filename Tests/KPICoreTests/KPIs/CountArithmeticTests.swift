import JSON
import Testing

@testable import KPICore

/// Counts are added and compared as exact integers (2⁵³ + 1 is not 2⁵³), and a sum past 2⁶³ − 1 is an issue.
@Suite("Count arithmetic")
struct CountArithmeticTests {
    static func count(_ value: Int64) -> JSONValue { .number(JSONNumber(value)) }

    @Test("More interactions than followers by one, above 2⁵³, warns and has no interval")
    func interactionsAboveFollowers() throws {
        let result = try Fixture.result(
            "social-engagement", ["interactions": Self.count(9_007_199_254_740_993), "followers": Self.count(9_007_199_254_740_992)])
        #expect(result.interval == nil)
        #expect(result.warnings.count == 1)
        #expect(result.substituted == "engagementRate = 9007199254740993 / 9007199254740992 × 100 = 100")
    }

    @Test("Summed interactions keep their last digit")
    func exactPartsSum() throws {
        // 9007199254740993 + 2 = 9007199254740995 exactly; in Double the sum is 9007199254740994, equal to the
        // followers, which would have given an interval and no warning.
        let result = try Fixture.result(
            "social-engagement", ["likes": Self.count(9_007_199_254_740_993), "comments": 2, "followers": Self.count(9_007_199_254_740_994)])
        #expect(result.steps.first?.substituted == "9007199254740993 + 2 + 0 = 9007199254740995")
        #expect(result.breakdown.first { $0.name == "interactions" }?.value.integer == 9_007_199_254_740_995)
        #expect(result.interval == nil)
        #expect(result.warnings.count == 1)
    }

    @Test("Interactions up to 2⁶³ − 1 sum exactly and have an interval when within the audience")
    func largestSum() throws {
        let result = try Fixture.result(
            "social-engagement", ["likes": Self.count(Int64.max - 1), "shares": 1, "reach": Self.count(Int64.max)])
        #expect(result.breakdown.first { $0.name == "interactions" }?.value.integer == Int64.max)
        #expect(result.value == 100)
        #expect(result.interval != nil)
        #expect(result.warnings.isEmpty)
    }

    @Test("Interactions summing past 2⁶³ − 1 are an issue at the part that overflows")
    func overflowingSum() throws {
        let issues = try Fixture.issues("social-engagement", ["likes": Self.count(Int64.max), "comments": 0, "shares": 1, "followers": 1])
        #expect(issues == [.at("/shares", "makes likes + comments + shares greater than 9223372036854775807")])
    }

    @Test("Retained customers above 2⁵³ are written exactly")
    func exactRetained() throws {
        let result = try Fixture.result("retention-rate", [
            "customersAtStart": Self.count(9_007_199_254_740_993), "customersAtEnd": Self.count(9_007_199_254_740_995),
            "newCustomers": 2,
        ])
        #expect(result.steps.first?.substituted == "9007199254740995 − 2 = 9007199254740993")
        #expect(result.value == 100)
    }

    @Test("A part one above its whole, above 2⁵³, is rejected", arguments: [
        ("churn-rate", "customersLost", "customersAtStart"), ("close-rate", "dealsClosed", "leads"), ("mql-to-sql", "sqls", "mqls"),
        ("renewal-rate", "renewedSubscribers", "originalSubscribers"), ("cross-sell-rate", "purchasedCustomers", "offeredCustomers"),
        ("upsell-rate", "upsoldCustomers", "totalCustomers"), ("marketing-originated", "marketingOriginatedCustomers", "newCustomers"),
    ])
    func partAboveWhole(id: String, part: String, whole: String) throws {
        let body: JSONValue = .object([part: Self.count(9_007_199_254_740_993), whole: Self.count(9_007_199_254_740_992)])
        #expect(try Fixture.issues(id, body) == [.at("/" + part, "must not be greater than " + whole)])
    }
}
