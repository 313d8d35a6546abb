import JSON
import Testing

@testable import KPICore

/// The worked examples and envelopes of `API.md`.
@Suite("Contract examples")
struct ContractExamplesTests {
    static let workedExampleCases: [(String, JSONValue, Double)] = [
        ("cac", ["totalSpend": 10000, "newCustomers": 10], 1000.0),
        ("clv", ["averageAnnualProfit": 3000, "averageLifespanYears": 2, "cac": 1000], 5000),
        ("clv", ["annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500, "averageLifespanYears": 4], 800),
        ("renewal-rate", ["renewedSubscribers": 900, "originalSubscribers": 1000], 90),
        ("close-rate", ["dealsClosed": 30, "leads": 100], 30),
    ]

    @Test("Each worked example of the contract gives its value", arguments: workedExampleCases)
    func workedExample(id: String, body: JSONValue, value: Double) throws {
        #expect(try Fixture.result(id, body).value == value)
    }

    @Test("The clv purchase envelope is exactly the contract's success example")
    func clvEnvelope() throws {
        let body: JSONValue = ["annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500, "averageLifespanYears": 4]
        let expected: JSONValue = [
            "kpi": "clv",
            "name": "Customer Lifetime Value",
            "value": 800,
            "unit": "currency",
            "formula": "CLV = customerValue × averageLifespanYears",
            "substituted": "CLV = 200 × 4 = 800",
            "breakdown": ["annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500,
                          "averageLifespanYears": 4, "averagePurchaseValue": 40, "purchaseFrequency": 5,
                          "customerValue": 200],
            "steps": [
                ["name": "averagePurchaseValue", "formula": "annualRevenue / annualPurchases", "substituted": "100000 / 2500 = 40", "value": 40],
                ["name": "purchaseFrequency", "formula": "annualPurchases / uniqueCustomers", "substituted": "2500 / 500 = 5", "value": 5],
                ["name": "customerValue", "formula": "averagePurchaseValue × purchaseFrequency", "substituted": "40 × 5 = 200", "value": 200],
                ["name": "clv", "formula": "customerValue × averageLifespanYears", "substituted": "200 × 4 = 800", "value": 800],
            ],
            "warnings": [],
        ]
        #expect(try Fixture.result("clv", body).json == expected)
    }

    @Test("The error example: zero new customers is one issue at /newCustomers")
    func errorExample() throws {
        let cac = try Fixture.kpi("cac")
        do {
            _ = try cac.evaluate(["totalSpend": 10000, "newCustomers": 0])
            Issue.record("expected an error")
        } catch {
            #expect(error.issues == [.at("/newCustomers", "must be greater than 0")])
            #expect(error.summary == "newCustomers must be greater than 0")
        }
    }

    @Test("The goal example: a CAC of 1000 against an atMost target of 1200 is met with gap −200")
    func goalExample() throws {
        let result = try Fixture.result("cac", [
            "totalSpend": 10000, "newCustomers": 10,
            "target": ["value": 1200, "direction": "atMost", "deadline": "2026-12-31"],
        ])
        #expect(try result.json["goal"] == ["target": 1200, "direction": "atMost", "met": true, "gap": -200, "deadline": "2026-12-31"])
        #expect(try result.json.objectValue?.keys == [
            "kpi", "name", "value", "unit", "formula", "substituted", "breakdown", "steps", "goal", "warnings",
        ])
    }

    @Test("The cac envelope substitutes the numbers at the top and in its step")
    func cacEnvelope() throws {
        let result = try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10])
        #expect(result.formula == "CAC = totalSpend / newCustomers")
        #expect(result.substituted == "CAC = 10000 / 10 = 1000")
        #expect(result.steps.map(\.substituted) == ["10000 / 10 = 1000"])
    }

    @Test("The seeds' mistakes are not copied: CAC, close rate and NPS use the right operations")
    func seedMistakes() throws {
        #expect(try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10]).value == 1000)
        #expect(try Fixture.result("close-rate", ["dealsClosed": 30, "leads": 100]).value == 30)
        #expect(try Fixture.result("nps", ["promoters": 60, "passives": 25, "detractors": 15]).value == 45)
    }

    @Test("Record envelopes carry interval and groups between steps and warnings, in that order")
    func envelopeOrder() throws {
        let result = try Fixture.result("pipeline-stages", try Fixture.kpi("pipeline-stages").example)
        #expect(try result.json.objectValue?.keys == [
            "kpi", "name", "value", "unit", "formula", "substituted", "breakdown", "steps", "interval", "groups", "warnings",
        ])
    }
}
