import JSON
import Testing

@testable import KPICore

/// `/mrr-movements`: ARR, ARPA and the quick ratio per month.
@Suite("mrr-movements: arr, arpa, quick ratio")
struct MRRRatesTests {
    static func row(_ customer: String, _ month: String, _ mrr: Double) -> JSONValue {
        ["customer": .string(customer), "month": .string(month), "mrr": .number(JSONNumber(mrr))]
    }

    @Test("ARR is ending MRR × 12, ARPA ending MRR over paying customers, the quick ratio gained over lost MRR")
    func perMonth() throws {
        let result = try Fixture.result("mrr-movements", ["mrr": [
            Self.row("a", "2024-01", 100), Self.row("b", "2024-01", 200), Self.row("c", "2024-01", 50),
            Self.row("a", "2024-02", 130), Self.row("b", "2024-02", 150), Self.row("d", "2024-02", 40),
            Self.row("a", "2024-03", 130), Self.row("b", "2024-03", 150), Self.row("d", "2024-03", 40),
        ]])
        // February: a +30 expansion, b −50 contraction, c −50 churned, d +40 new; ending 130 + 150 + 40 = 320 over 3
        // paying customers. ARR 320 × 12 = 3840; ARPA 320 / 3; quick ratio (40 + 30) / (50 + 50) = 0.7.
        // March: nothing moves: ARR 3840, ARPA 320 / 3, no lost MRR so no quick ratio.
        let groups = try #require(result.groups)
        func entry(_ k: Int, _ name: String) -> Double? { groups[k].extra.first { $0.name == name }?.value.double }
        #expect(groups.map(\.key) == ["2024-02", "2024-03"])
        #expect(entry(0, "arr") == 3840 && entry(1, "arr") == 3840)
        #expect(entry(0, "arpa") == 320.0 / 3 && entry(1, "arpa") == 320.0 / 3)
        #expect(entry(0, "quickRatio") == 0.7)
        #expect(entry(1, "quickRatio") == nil)
    }

    @Test("A month with no paying customer has no ARPA")
    func noPayingCustomer() throws {
        let result = try Fixture.result("mrr-movements", ["mrr": [Self.row("a", "2024-01", 100), Self.row("a", "2024-02", 0)]])
        // February: a churns (100 lost, nothing gained): ARR 0, no ARPA, quick ratio 0 / 100 = 0.
        let february = try #require(result.groups?.first)
        #expect(february.extra.first { $0.name == "arr" }?.value.double == 0)
        #expect(february.extra.first { $0.name == "arpa" } == nil)
        #expect(february.extra.first { $0.name == "quickRatio" }?.value.double == 0)
    }
}

/// MRR rows that look like annual invoices counted in the month they were billed.
@Suite("MRR rows: annual invoices counted in one month")
struct AnnualInvoiceRowsTests {
    /// "acme" pays 1200 in January 2023 and January 2024 and nothing between (an annual plan billed once a year);
    /// "globex" pays 100 every month of 2023 and January 2024.
    static let rows: JSONValue = .array(JSONArray(
        [MRRRatesTests.row("acme", "2023-01", 1200), MRRRatesTests.row("acme", "2024-01", 1200)]
            + (1...12).map { MRRRatesTests.row("globex", "2023-" + ($0 < 10 ? "0" : "") + String($0), 100) }
            + [MRRRatesTests.row("globex", "2024-01", 100)]))

    static let warning = "1 customer's MRR rows look like annual invoices counted in one month (a paying month alone every twelve months, e.g. customer \"acme\"): an annual plan is a twelfth of its amount in each month it covers."

    @Test("A paying month alone every twelve months is warned on by each KPI that reads MRR rows", arguments: ["mrr-movements", "revenue-retention", "cohort-retention"])
    func warned(id: String) throws {
        let result = try Fixture.result(id, ["mrr": Self.rows])
        #expect(result.warnings.contains(Self.warning), "\(result.warnings)")
    }

    @Test("Months twelve apart that are not alone, or a single paying month, are not warned on")
    func quiet() throws {
        // globex pays every month (its January 2023 and 2024 are twelve apart, but not alone); initech pays once.
        let rows: JSONValue = .array(JSONArray(
            (1...12).map { MRRRatesTests.row("globex", "2023-" + ($0 < 10 ? "0" : "") + String($0), 100) }
                + [MRRRatesTests.row("globex", "2024-01", 100), MRRRatesTests.row("initech", "2023-03", 50)]))
        let result = try Fixture.result("mrr-movements", ["mrr": rows])
        #expect(!result.warnings.contains { $0.contains("annual invoices") })
    }
}
