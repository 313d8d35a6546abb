import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// Hand-computed cases and rejections of the KPIs with a single formula and no records.
@Suite("Single-formula KPIs")
struct SimpleKPITests {
    static let computesCases: [(String, JSONValue, Double, String)] = [
        // 3000 / 1000
        ("ltv-cac-ratio", ["clv": 3000, "cac": 1000], 3.0, "ltvCacRatio = 3000 / 1000 = 3"),
        ("ltv-cac-ratio", ["clv": 0, "cac": 1000], 0, "ltvCacRatio = 0 / 1000 = 0"),
        // 1200 / (100 × 80 / 100)
        ("cac-payback", ["cac": 1200, "monthlyRevenuePerCustomer": 100, "grossMarginPercent": 80], 15, "cacPayback = 1200 / 80 = 15"),
        ("cac-payback", ["cac": 1200, "monthlyRevenuePerCustomer": 100], 12, "cacPayback = 1200 / 100 = 12"),
        ("cac-payback", ["cac": 0, "monthlyRevenuePerCustomer": 100, "grossMarginPercent": 100], 0, "cacPayback = 0 / 100 = 0"),
        // 50000 + 12000 − 8000 − 2000
        ("net-new-revenue", ["newRevenue": 50000, "expansionRevenue": 12000, "churnedRevenue": 8000, "contractionRevenue": 2000],
         52000, "netNewRevenue = 50000 + 12000 − 8000 − 2000 = 52000"),
        ("net-new-revenue", ["newRevenue": 0, "churnedRevenue": 100], -100, "netNewRevenue = 0 + 0 − 100 − 0 = -100"),
        ("quota-attainment", ["actualSales": 90000, "quota": 100000], 90, "quotaAttainment = 90000 / 100000 × 100 = 90"),
        ("quota-attainment", ["actualSales": 0, "quota": 1], 0, "quotaAttainment = 0 / 1 × 100 = 0"),
        ("quota-attainment", ["actualSales": 5, "quota": 5], 100, "quotaAttainment = 5 / 5 × 100 = 100"),
    ]

    @Test("Hand-computed values", arguments: computesCases)
    func computes(id: String, body: JSONValue, value: Double, substituted: String) throws {
        let result = try Fixture.result(id, body)
        #expect(result.value == value)
        #expect(result.substituted == substituted)
        #expect(result.interval == nil)
    }

    @Test("An LTV:CAC ratio below 1 warns and names 3 as the healthy mark")
    func lowRatioWarns() throws {
        let result = try Fixture.result("ltv-cac-ratio", ["clv": 500, "cac": 1000])
        #expect(result.value == 0.5)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("3") == true)
        #expect(try Fixture.result("ltv-cac-ratio", ["clv": 1000, "cac": 1000]).warnings.isEmpty)
    }

    static let rejectsCases: [(String, JSONValue, [ValidationError.Issue])] = [
        ("ltv-cac-ratio", ["clv": 3000, "cac": 0], [.at("/cac", "must be greater than 0")]),
        ("ltv-cac-ratio", ["cac": 10], [.at("/clv", "is required")]),
        ("cac-payback", ["cac": 1, "monthlyRevenuePerCustomer": 100, "grossMarginPercent": 0],
         [.at("/grossMarginPercent", "must be greater than 0")]),
        ("cac-payback", ["cac": 1, "monthlyRevenuePerCustomer": 100, "grossMarginPercent": 101],
         [.at("/grossMarginPercent", "must be at most 100")]),
        ("cac-payback", ["cac": -1, "monthlyRevenuePerCustomer": 0],
         [.at("/cac", "must not be negative"), .at("/monthlyRevenuePerCustomer", "must be greater than 0")]),
        ("net-new-revenue", ["newRevenue": 1, "churnedRevenue": -5], [.at("/churnedRevenue", "must not be negative")]),
        ("net-new-revenue", ["expansionRevenue": 1], [.at("/newRevenue", "is required for the aggregate reading (or use the purchases reading)")]),
        ("quota-attainment", ["actualSales": 1, "quota": 0], [.at("/quota", "must be greater than 0")]),
        ("quota-attainment", ["actualSales": 1], [.at("/quota", "is required (or give reps)")]),
        ("quota-attainment", ["actualSales": 1, "quota": 2, "reps": [["rep": "a", "actualSales": 1, "quota": 1]]],
         [.at("/actualSales", "cannot be combined with reps"), .at("/quota", "cannot be combined with reps")]),
        ("quota-attainment", ["reps": []], [.at("/reps", "must not be empty")]),
        ("quota-attainment", ["reps": [["rep": "a", "actualSales": 1, "quota": 1], ["rep": 7, "actualSales": 1, "quota": 0]]],
         [.at("/reps/1/rep", "must be a string"), .at("/reps/1/quota", "must be greater than 0")]),
    ]

    @Test("Rejections carry the field's pointer", arguments: rejectsCases)
    func rejects(id: String, body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues(id, body) == expected)
    }

    @Test("Quota attainment per rep: team total as value, a rep listed twice summed into one group")
    func quotaReps() throws {
        let result = try Fixture.result("quota-attainment", ["reps": [
            ["rep": "alice", "actualSales": 90000, "quota": 100000],
            ["rep": "bob", "actualSales": 60000, "quota": 50000],
            ["rep": "alice", "actualSales": 10000, "quota": 50000],
        ]])
        // By hand: (90000 + 60000 + 10000) / (100000 + 50000 + 50000) × 100 = 80;
        // alice (90000 + 10000) / 150000 × 100 = 66.666…, bob 60000 / 50000 × 100 = 120.
        #expect(result.value == 80)
        #expect(result.groups?.map(\.key) == ["alice", "bob"])
        #expect(result.groups?.map(\.count) == [2, 1])
        #expect(close(result.groups?[0].value, 200.0 / 3))
        #expect(result.groups?[1].value == 120)
    }
}
