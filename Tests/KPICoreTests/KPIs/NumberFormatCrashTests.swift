import JSON
import Testing

@testable import KPICore

/// Bodies whose numbers used to crash the process while being written into `substituted` (a value just below
/// 1e12 that is not whole made the 12-digit fast path index its power table at −1).
@Suite("Values next to 1e12")
struct NumberFormatCrashTests {
    @Test("CAC of 999999999999.999 over 1 customer")
    func cac() throws {
        let result = try Fixture.result("cac", ["totalSpend": 999_999_999_999.999, "newCustomers": 1])
        #expect(result.value == 999_999_999_999.999)
        // printf("%.12g") rounds 999999999999.999 to 1e+12.
        #expect(result.substituted == "CAC = 1000000000000 / 1 = 1000000000000")
    }

    @Test("A net new revenue of −999999999999.999")
    func negative() throws {
        let result = try Fixture.result("net-new-revenue", ["newRevenue": 0, "churnedRevenue": 999_999_999_999.999])
        #expect(result.value == -999_999_999_999.999)
        #expect(result.substituted == "netNewRevenue = 0 + 0 − 1000000000000 − 0 = -1000000000000")
    }

    @Test("CLV whose customer value comes out at 999999999999.9999")
    func clv() throws {
        let result = try Fixture.result("clv", [
            "annualRevenue": 1e12, "annualPurchases": .number(JSONNumber(Int64(876_704_032_668_074))), "uniqueCustomers": 1,
            "averageLifespanYears": 621_083,
        ])
        // Python: pv = 1e12 / 876704032668074; cv = pv * 876704032668074.0; v = cv * 621083.0
        // gives pv = 0.0011406357935376426 ('%.12g': 0.00114063579354), cv = 999999999999.9999 (1e+12),
        // v = 6.210829999999999e+17 ('%.0f': 621082999999999872).
        #expect(result.value == 621_082_999_999_999_872)
        #expect(result.steps.map(\KPIResult.Step.substituted) == [
            "1000000000000 / 876704032668074 = 0.00114063579354",
            "876704032668074 / 1 = 876704032668074",
            "0.00114063579354 × 876704032668074 = 1000000000000",
            "1000000000000 × 621083 = 621082999999999872",
        ])
        #expect(result.substituted == "CLV = 1000000000000 × 621083 = 621082999999999872")
    }
}
