import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// Rates with variants or derived parts: retention, upsell, marketing-originated, social engagement.
@Suite("Rates with variants")
struct CustomerRateTests {
    // Interval bounds from scipy: binomtest(k, n).proportion_ci(method='wilson'), × 100.
    static let computesCases: [(String, JSONValue, Double, Double, Double)] = [
        // (1050 − 150) / 1000 × 100 = 90; binomtest(900, 1000)
        ("retention-rate", ["customersAtStart": 1000, "customersAtEnd": 1050, "newCustomers": 150],
         90.0, 87.98480368046515, 91.70905564069042),
        ("retention-rate", ["customersAtStart": 10, "customersAtEnd": 10, "newCustomers": 0], 100, 72.24672001371108, 100),
        ("retention-rate", ["customersAtStart": 10, "customersAtEnd": 5, "newCustomers": 5], 0, 0, 27.753279986288927),
        // 40 / 400 × 100; binomtest(40, 400)
        ("upsell-rate", ["upsoldCustomers": 40, "totalCustomers": 400], 10, 7.429925914003438, 13.331057632740285),
        // 45 / 150 × 100; binomtest(45, 150)
        ("marketing-originated", ["marketingOriginatedCustomers": 45, "newCustomers": 150], 30, 23.240829378731657, 37.7579803959914),
        ("marketing-originated", ["basis": "customers", "marketingOriginatedCustomers": 45, "newCustomers": 150],
         30, 23.240829378731657, 37.7579803959914),
        // (180 + 40 + 30) / 5000 × 100 = 5; binomtest(250, 5000)
        ("social-engagement", ["likes": 180, "comments": 40, "shares": 30, "followers": 5000], 5, 4.429689670057055, 5.639403504998086),
        ("social-engagement", ["interactions": 250, "reach": 5000], 5, 4.429689670057055, 5.639403504998086),
        // Boundaries: part == whole (binomtest(10, 10)) and zero (binomtest(0, 10)).
        ("social-engagement", ["interactions": 10, "followers": 10], 100, 72.24672001371108, 100),
        ("social-engagement", ["likes": 0, "followers": 10], 0, 0, 27.753279986288927),
        ("upsell-rate", ["upsoldCustomers": 10, "offeredCustomers": 10], 100, 72.24672001371108, 100),
        ("marketing-originated", ["marketingOriginatedCustomers": 0, "newCustomers": 10], 0, 0, 27.753279986288927),
    ]

    @Test("Hand-computed rates with their Wilson intervals", arguments: computesCases)
    func computes(id: String, body: JSONValue, value: Double, low: Double, high: Double) throws {
        let result = try Fixture.result(id, body)
        #expect(close(result.value, value))
        #expect(close(result.interval?.low, low))
        #expect(close(result.interval?.high, high))
    }

    @Test("Retention derives retained customers in a first step")
    func retentionSteps() throws {
        let result = try Fixture.result("retention-rate", ["customersAtStart": 1000, "customersAtEnd": 1050, "newCustomers": 150])
        #expect(result.steps.map(\.substituted) == ["1050 − 150 = 900", "900 / 1000 × 100 = 90"])
        #expect(result.breakdown.map(\.name) == ["customersAtStart", "customersAtEnd", "newCustomers", "retainedCustomers"])
    }

    @Test("Upsell over customers offered names its basis in the formula")
    func upsellOffered() throws {
        let result = try Fixture.result("upsell-rate", ["upsoldCustomers": 40, "offeredCustomers": 120])
        #expect(result.substituted == "upsellRate = 40 / 120 × 100 = 33.3333333333")
        #expect(result.formula == "upsellRate = upsoldCustomers / offeredCustomers × 100")
    }

    @Test("Marketing-originated revenue is inferred from revenue fields and has no interval")
    func marketingRevenue() throws {
        let result = try Fixture.result("marketing-originated", ["marketingOriginatedRevenue": 30000, "newRevenue": 120000])
        #expect(result.value == 25)
        #expect(result.interval == nil)
        #expect(result.formula == "marketingOriginated = marketingOriginatedRevenue / newRevenue × 100")
    }

    @Test("Social engagement from parts sums them first; missing parts are 0")
    func socialParts() throws {
        let result = try Fixture.result("social-engagement", ["likes": 30, "reach": 8000])
        #expect(result.steps.map(\.substituted) == ["30 + 0 + 0 = 30", "30 / 8000 × 100 = 0.375"])
        #expect(result.value == 0.375)
    }

    @Test("More interactions than audience has no interval, and says why")
    func socialAboveAudience() throws {
        let result = try Fixture.result("social-engagement", ["interactions": 300, "followers": 200])
        #expect(result.value == 150)
        #expect(result.interval == nil)
        #expect(result.warnings.count == 1)
    }

    static let rejectsCases: [(String, JSONValue, [ValidationError.Issue])] = [
        ("retention-rate", ["customersAtStart": 100, "customersAtEnd": 50, "newCustomers": 60],
         [.at("/newCustomers", "must not be greater than customersAtEnd")]),
        ("retention-rate", ["customersAtStart": 100, "customersAtEnd": 250, "newCustomers": 100],
         [.at("/customersAtEnd", "minus newCustomers must not be greater than customersAtStart")]),
        ("retention-rate", ["customersAtStart": 0, "customersAtEnd": 0, "newCustomers": 0],
         [.at("/customersAtStart", "must be greater than 0")]),
        ("upsell-rate", ["upsoldCustomers": 4, "totalCustomers": 10, "offeredCustomers": 5],
         [.at("/offeredCustomers", "cannot be combined with totalCustomers")]),
        ("upsell-rate", ["upsoldCustomers": 4], [.at("/totalCustomers", "is required (or give offeredCustomers)")]),
        ("upsell-rate", ["upsoldCustomers": 6, "offeredCustomers": 5],
         [.at("/upsoldCustomers", "must not be greater than offeredCustomers")]),
        ("upsell-rate", ["upsoldCustomers": 1, "totalCustomers": 0], [.at("/totalCustomers", "must be greater than 0")]),
        ("marketing-originated", ["basis": "customers", "marketingOriginatedCustomers": 1, "newCustomers": 2, "newRevenue": 5],
         [.at("/newRevenue", "is not used with the customers basis")]),
        ("marketing-originated", ["marketingOriginatedCustomers": 1, "newCustomers": 2, "newRevenue": 5],
         [.at("/newRevenue", "is not used with the customers basis")]),
        ("marketing-originated", ["marketingOriginatedRevenue": 10, "newRevenue": 5],
         [.at("/marketingOriginatedRevenue", "must not be greater than newRevenue")]),
        ("marketing-originated", ["basis": "revenue", "marketingOriginatedRevenue": 1],
         [.at("/newRevenue", "is required for the revenue basis")]),
        ("marketing-originated", ["marketingOriginatedCustomers": 3, "newCustomers": 2],
         [.at("/marketingOriginatedCustomers", "must not be greater than newCustomers")]),
        ("social-engagement", ["interactions": 5, "likes": 1, "followers": 10], [.at("/likes", "cannot be combined with interactions")]),
        ("social-engagement", ["interactions": 5, "followers": 10, "reach": 20], [.at("/reach", "cannot be combined with followers")]),
        ("social-engagement", ["interactions": 5], [.at("/followers", "is required (or give reach)")]),
        ("social-engagement", ["followers": 5], [.at("/interactions", "is required (or give likes, comments, shares)")]),
        ("social-engagement", ["interactions": 5, "followers": 0], [.at("/followers", "must be greater than 0")]),
    ]

    @Test("Rejections carry the field's pointer", arguments: rejectsCases)
    func rejects(id: String, body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues(id, body) == expected)
    }
}
