import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// The plain count rates: part / whole × 100 with a Wilson interval.
@Suite("Count rates")
struct RateKPITests {
    static let rates: [(id: String, part: String, whole: String)] = [
        ("churn-rate", "customersLost", "customersAtStart"),
        ("renewal-rate", "renewedSubscribers", "originalSubscribers"),
        ("close-rate", "dealsClosed", "leads"),
        ("mql-to-sql", "sqls", "mqls"),
        ("cross-sell-rate", "purchasedCustomers", "offeredCustomers"),
    ]

    // Bounds from scipy: binomtest(k, n).proportion_ci(method='wilson'), × 100.
    static let cases: [(part: Int64, whole: Int64, value: Double, low: Double, high: Double)] = [
        (30, 100, 30, 21.894885294932763, 39.584854633346666),
        (0, 10, 0, 0, 27.753279986288927),
        (10, 10, 100, 72.24672001371108, 100),
        (1, 1, 100, 20.654931437723747, 100),
        (900, 1000, 90, 87.98480368046515, 91.70905564069042),
    ]

    @Test("Each count rate is part / whole × 100 with its Wilson interval",
          arguments: rates.map(\.id), cases.indices)
    func computes(id: String, caseIndex: Int) throws {
        let rate = try #require(Self.rates.first { $0.id == id })
        let c = Self.cases[caseIndex]
        let result = try Fixture.result(id, [rate.part: .int(Int(c.part)), rate.whole: .int(Int(c.whole))])
        #expect(result.value == c.value)
        #expect(result.unit == .percent)
        #expect(close(result.interval?.low, c.low))
        #expect(close(result.interval?.high, c.high))
        #expect(result.steps.last?.formula == "\(rate.part) / \(rate.whole) × 100")
        #expect(result.steps.last?.substituted == "\(c.part) / \(c.whole) × 100 = \(NumberFormat.string(c.value))")
    }

    @Test("Each count rate rejects a zero whole, a part above the whole and missing fields", arguments: rates.map(\.id))
    func rejects(id: String) throws {
        let rate = try #require(Self.rates.first { $0.id == id })
        #expect(try Fixture.issues(id, [rate.part: 0, rate.whole: 0]) == [.at("/" + rate.whole, "must be greater than 0")])
        #expect(try Fixture.issues(id, [rate.part: 11, rate.whole: 10])
            == [.at("/" + rate.part, "must not be greater than \(rate.whole)")])
        // close-rate may be given deals instead of counts, and says so.
        let required = id == "close-rate" ? "is required (or give deals)" : "is required"
        #expect(try Fixture.issues(id, [:]) == [.at("/" + rate.part, required), .at("/" + rate.whole, required)])
    }
}
