import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// From raw JSON text through the real reader to a result or issues.
@Suite("Raw JSON bodies")
struct RawJSONTests {
    static func evaluate(_ id: String, _ text: String) throws -> Result<KPIResult, ValidationError> {
        let body = try JSONReader.parse(Array(text.utf8))
        let kpi = try Fixture.kpi(id)
        do { return .success(try kpi.evaluate(body)) } catch { return .failure(error) }
    }

    static let computesCases: [(String, String, Double)] = [
        ("cac", #"{"totalSpend":10000,"newCustomers":10}"#, 1000.0),
        ("cac", #"{"totalSpend":1e4,"newCustomers":10.0}"#, 1000),
        ("close-rate", #" { "leads" : 100 , "dealsClosed" : 30 } "#, 30),
        ("nps", #"{"scores":[10,9,8,7,6,0,10.0],"scale":"0-10"}"#, 100.0 * (3 - 2) / 7),
        ("sales-cycle-length", #"{"deals":[{"createdAt":"2024-03-01T00:00:00Z","closedAt":"2024-03-01T12:00:00+02:00"}]}"#, 10.0 / 24),
    ]

    @Test("Raw bodies compute like their literal twins", arguments: computesCases)
    func computes(id: String, text: String, value: Double) throws {
        let result = try Self.evaluate(id, text).get()
        #expect(close(result.value, value))
    }

    static let badCountsCases: [String] = [
        #"{"totalSpend":10000,"newCustomers":2.5}"#, #"{"totalSpend":10000,"newCustomers":"10"}"#,
        #"{"totalSpend":10000,"newCustomers":true}"#, #"{"totalSpend":10000,"newCustomers":1e30}"#,
        #"{"totalSpend":10000,"newCustomers":9223372036854775808}"#,
    ]

    @Test("Raw bodies with bad counts are rejected at the field", arguments: badCountsCases)
    func badCounts(text: String) throws {
        guard case .failure(let error) = try Self.evaluate("cac", text) else {
            Issue.record("expected a validation error")
            return
        }
        #expect(error.issues == [.at("/newCustomers", InputReader.countDetail)])
    }

    @Test("The largest count is accepted exactly")
    func largestCount() throws {
        let result = try Self.evaluate("cac", #"{"totalSpend":0,"newCustomers":9223372036854775807}"#).get()
        #expect(result.breakdown.last?.value.integer == Int64.max)
    }

    static let overflowCases: [(String, String, String)] = [
        ("cac", #"{"spend":{"advertising":1e308,"salaries":1e308},"newCustomers":1}"#, "/spend"),
        ("ltv-cac-ratio", #"{"clv":1,"cac":5e-324}"#, "/cac"),
        ("clv", #"{"averageAnnualProfit":1e308,"averageLifespanYears":10}"#, ""),
        ("net-new-revenue", #"{"newRevenue":1e308,"expansionRevenue":1e308}"#, ""),
        ("cac-payback", #"{"cac":1,"monthlyRevenuePerCustomer":5e-324,"grossMarginPercent":1}"#, "/monthlyRevenuePerCustomer"),
        ("quota-attainment", #"{"actualSales":1e308,"quota":1e-10}"#, "/quota"),
    ]

    @Test("Overflowing arithmetic is a validation error, never Infinity", arguments: overflowCases)
    func overflow(id: String, text: String, pointer: String) throws {
        guard case .failure(let error) = try Self.evaluate(id, text) else {
            Issue.record("expected a validation error")
            return
        }
        #expect(error.issues == [.at(pointer, "makes the result too large to represent")])
    }

    @Test("Repeated member names never reach a KPI: the reader rejects them")
    func repeatedNames() {
        #expect(throws: JSONParseError.self) { try JSONReader.parse(Array(#"{"leads":1,"leads":2}"#.utf8)) }
    }
}
