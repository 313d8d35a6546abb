import JSON
import Testing

import NumericTestSupport
@testable import KPICore
import Statistics

/// `scenarios` and `solve` on every KPI request.
@Suite("Planning: scenarios and solve")
struct PlanningTests {
    @Test("The contract's close-rate question: 12 deals at 30 % need 40 leads, 31 to 55 by the Wilson interval")
    func closeRateLeads() throws {
        let result = try Fixture.result("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["for": "leads", "given": ["dealsClosed": 12]]])
        #expect(result.value == 30)
        // 12 / 0.3 = 40; the interval of 30 / 100 is 21.89 … 39.58 %: 12 / 0.3958 = 30.3 → 31, 12 / 0.2189 = 54.8 → 55.
        #expect(result.solved == KPIResult.Solved(field: "leads", value: 40, low: 31, high: 55, substituted: "leads = 12 / 0.3 = 40"))
        let json = try result.json
        #expect(json["solved"] == ["for": "leads", "value": 40, "low": 31, "high": 55, "substituted": "leads = 12 / 0.3 = 40"])
    }

    @Test("Counts are rounded up, and substituted says so")
    func roundedUp() throws {
        // 13 / 0.3 = 43.33 → 44; range 13 / 0.3958 = 32.8 → 33, 13 / 0.2189 = 59.4 → 60.
        let solved = try #require(try Fixture.result("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["for": "leads", "given": ["dealsClosed": 13]]]).solved)
        #expect(solved.value == 44 && solved.low == 33 && solved.high == 60)
        #expect(solved.substituted == "leads = 13 / 0.3 = 43.3333333333, rounded up to 44 (a count is whole)")
    }

    @Test("The part at a chosen value: the range is the Wilson interval of that rate over the measured trials")
    func numeratorAtValue() throws {
        // dealsClosed = 0.4 × 50 = 20 leads' worth; Wilson(40 of 100) = 30.94 … 49.80 %: × 50 = 15.5 → 16, 24.9 → 25.
        let solved = try #require(try Fixture.result("close-rate", [
            "dealsClosed": 30, "leads": 100, "solve": ["for": "dealsClosed", "given": ["leads": 50], "atValue": 40],
        ]).solved)
        let (low, high) = Statistics.wilson(successes: 40, trials: 100)
        #expect(solved.value == 20 && solved.substituted == "dealsClosed = 0.4 × 50 = 20")
        #expect(solved.low == (low / 100 * 50).rounded(.up) && solved.high == (high / 100 * 50).rounded(.up))
    }

    @Test("Money: the spend a CAC implies for more customers, with no interval to give a range")
    func cacSpend() throws {
        let result = try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10, "solve": ["for": "totalSpend", "given": ["newCustomers": 25]]])
        #expect(result.solved == KPIResult.Solved(field: "totalSpend", value: 25000, low: nil, high: nil, substituted: "totalSpend = 1000 × 25 = 25000"))
        let customers = try Fixture.result("cac", ["totalSpend": 10000, "newCustomers": 10, "solve": ["for": "newCustomers", "given": ["totalSpend": 25000]]])
        #expect(customers.solved?.substituted == "newCustomers = 25000 / 1000 = 25")
        let json = try customers.json
        #expect(json["solved"]?["low"] == .null)
    }

    @Test("CLV: the lifespan needed, by either method")
    func clvLifespan() throws {
        // Profit: (5000 + 1000) / 3000 = 2 years at the measured 5000 … at 8000: (8000 + 1000) / 3000 = 3.
        let profit = try Fixture.result("clv", ["averageAnnualProfit": 3000, "averageLifespanYears": 2, "cac": 1000,
                                                "solve": ["for": "averageLifespanYears", "atValue": 8000]])
        #expect(profit.solved?.value == 3 && profit.solved?.substituted == "averageLifespanYears = (8000 + 1000) / 3000 = 3")
        // Purchase: CLV 800 = 100000 / 500 × years → at 1000: 1000 / (100000 / 500) = 5.
        let purchase = try Fixture.result("clv", ["annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500,
                                                  "averageLifespanYears": 4, "solve": ["for": "averageLifespanYears", "atValue": 1000]])
        #expect(purchase.solved?.value == 5)
    }

    @Test("A solution reads what the inputs imply: spend by category, a default, an intermediate the given changes")
    func solutionFromInputs() throws {
        // CAC 1000 = (6000 + 3000 + 1000) / 10; at 500: 10000 / 500 = 20 new customers.
        let parts = try Fixture.result("cac", ["spend": ["advertising": 6000, "salaries": 3000, "other": 1000], "newCustomers": 10,
                                               "solve": ["for": "newCustomers", "atValue": 500]])
        #expect(parts.solved?.substituted == "newCustomers = 10000 / 500 = 20")
        // CLV without cac (0 by default): (9000 + 0) / 3000 = 3 years.
        let noCAC = try Fixture.result("clv", ["averageAnnualProfit": 3000, "averageLifespanYears": 2,
                                               "solve": ["for": "averageLifespanYears", "atValue": 9000]])
        #expect(noCAC.solved?.substituted == "averageLifespanYears = (9000 + 0) / 3000 = 3")
        // Payback 15 months = 1200 / (100 × 80 / 100); with revenue 150 the monthly gross profit is 150 × 80 / 100 = 120,
        // so the cac for 15 months is 15 × 120 = 1800.
        let payback = try Fixture.result("cac-payback", ["cac": 1200, "monthlyRevenuePerCustomer": 100, "grossMarginPercent": 80,
                                                         "solve": ["for": "cac", "given": ["monthlyRevenuePerCustomer": 150]]])
        #expect(payback.solved?.substituted == "cac = 15 × 120 = 1800")
        let fullMargin = try Fixture.result("cac-payback", ["cac": 1200, "monthlyRevenuePerCustomer": 100,
                                                            "solve": ["for": "cac", "given": ["monthlyRevenuePerCustomer": 150]]])
        // Margin 100 % when absent: payback 1200 / 100 = 12 months, so 12 × 150 = 1800.
        #expect(fullMargin.solved?.substituted == "cac = 12 × 150 = 1800")
        // Engagement 5 % = (180 + 40 + 30) / 5000 × 100; at 10 %: 250 / 0.1 = 2500 followers.
        let engagement = try Fixture.result("social-engagement", ["likes": 180, "comments": 40, "shares": 30, "followers": 5000,
                                                                  "solve": ["for": "followers", "atValue": 10]])
        #expect(engagement.solved?.substituted == "followers = 250 / 0.1 = 2500")
    }

    @Test("Scenarios recompute the KPI with inputs replaced: value, difference, substituted")
    func scenarios() throws {
        // The source article's renewal example: 900 of 1000 renew (90 %); with 950 it is 95 %.
        let renewal = try Fixture.result("renewal-rate", [
            "renewedSubscribers": 900, "originalSubscribers": 1000,
            "scenarios": [["name": "50 more renew", "set": ["renewedSubscribers": 950]], ["name": "unchanged", "set": [:]]],
        ])
        #expect(renewal.scenarios == [
            .init(name: "50 more renew", value: 95, difference: 5, substituted: "renewalRate = 950 / 1000 × 100 = 95"),
            .init(name: "unchanged", value: 90, difference: 0, substituted: "renewalRate = 900 / 1000 × 100 = 90"),
        ])
        // CLV at a lower purchase value and a longer lifespan: 90000 / 500 = 180 a customer, × 6 = 1080 (+280).
        let clv = try Fixture.result("clv", [
            "annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500, "averageLifespanYears": 4,
            "scenarios": [["name": "cheaper, longer", "set": ["annualRevenue": 90000, "averageLifespanYears": 6]]],
        ])
        #expect(clv.scenarios?.first?.value == 1080 && clv.scenarios?.first?.difference == 280)
        // A definition can be a scenario too: the average churn denominator.
        let movements = try Fixture.result("mrr-movements", ["mrr": SubscriptionTests.table, "scenarios": [["name": "average", "set": ["churnDenominator": "average"]]]])
        #expect(movements.scenarios?.first?.value == -50)
    }

    static let rejectsCases: [(String, JSONValue, [ValidationError.Issue])] = [
        ("close-rate", ["dealsClosed": 30, "leads": 100, "scenarios": [["name": "x", "set": ["leads": 2.5]]]],
         [.at("/scenarios/0/set/leads", InputReader.countDetail)]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "scenarios": [["name": "x", "set": ["lead": 5]]]],
         [.at("/scenarios/0/set/lead", "is not a known field")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "scenarios": [["name": "ok", "set": [:]], ["name": "x", "set": ["dealsClosed": 200]]]],
         [.at("/scenarios/1/set/dealsClosed", "must not be greater than leads")]),
        // An issue at a field the scenario did not set is placed at its set, naming the field.
        ("close-rate", ["dealsClosed": 30, "leads": 100, "scenarios": [["name": "x", "set": ["leads": 10]]]],
         [.at("/scenarios/0/set", "dealsClosed must not be greater than leads")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "scenarios": [["set": ["leads": 10]]]], [.at("/scenarios/0/name", "is required")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "scenarios": .array(JSONArray(Array(repeating: ["name": "x", "set": [:]], count: 21)))],
         [.at("/scenarios", "must have at most 20 elements")]),
        ("nps", ["promoters": 5, "passives": 3, "detractors": 2, "solve": ["for": "promoters"]],
         [.at("/solve/for", "cannot be solved: nps has no input to solve for (its value is not one input over another); use scenarios to try other inputs")]),
        ("mrr-movements", ["mrr": SubscriptionTests.table, "solve": ["for": "mrr"]],
         [.at("/solve/for", "cannot be solved: mrr-movements has no input to solve for (its value is computed from records); use scenarios to try other inputs")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["for": "wonDeals"]],
         [.at("/solve/for", "is not an input of close-rate (it can be solved for dealsClosed or leads)")]),
        ("clv", ["averageAnnualProfit": 3000, "averageLifespanYears": 2, "solve": ["for": "annualPurchases"]],
         [.at("/solve/for", "cannot be solved: clv can be solved for averageLifespanYears or averageAnnualProfit or cac or annualRevenue or uniqueCustomers only")]),
        ("close-rate", ["dealsClosed": 0, "leads": 100, "solve": ["for": "leads"]],
         [.at("/solve/for", "cannot be solved at closeRate = 0: leads would have to be infinite")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["for": "leads", "atValue": 0]],
         [.at("/solve/for", "cannot be solved at closeRate = 0: leads would have to be infinite")]),
        // In doubles 1e12 − (1e12 − 0.001) is 0.0009765625 (python3), and 1e12 − 0.001 has 12 significant digits 1e12.
        ("clv", ["averageAnnualProfit": 1e12, "averageLifespanYears": 1, "solve": ["for": "cac", "atValue": 0.001]],
         [.at("/solve/atValue", "cannot be solved to within rounding: cac = 1000000000000 gives CLV = 0.0009765625, not 0.001")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["for": "leads", "given": ["leads": 5]]],
         [.at("/solve/given/leads", "is the input solved for")]),
        ("cac", ["spend": ["advertising": 500], "newCustomers": 10, "solve": ["for": "totalSpend"]],
         [.at("/solve/for", "cannot be solved: this request gives spend by category, which does not use totalSpend")]),
        ("cac", ["totalSpend": 500, "newCustomers": 10, "solve": ["for": "newCustomers", "given": ["spend": ["other": 5]]]],
         [.at("/solve/given/spend", "cannot be given when solving: only numbers and counts can")]),
        // 150 % of 100 leads is 150 deals, more than the leads.
        ("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["for": "dealsClosed", "atValue": 150]],
         [.at("/solve/atValue", "with dealsClosed = 150, dealsClosed must not be greater than leads")]),
        ("cac", ["totalSpend": 10000, "newCustomers": 10, "solve": ["for": "newCustomers", "atValue": -5]],
         [.at("/solve/atValue", "gives newCustomers = -2000, but newCustomers \(InputReader.countDetail)")]),
        ("close-rate", ["dealsClosed": 30, "leads": 100, "solve": ["given": ["leads": 5]]], [.at("/solve/for", "is required")]),
    ]

    @Test("A bad scenario or solve is a 422 at its pointer, naming why", arguments: rejectsCases)
    func rejects(id: String, body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues(id, body) == expected)
    }

    @Test("Every KPI declares what it can be solved for, and each of those solves its own example")
    func declared() throws {
        let solvable = Dictionary(uniqueKeysWithValues: KPIRegistry.all.map { ($0.id, $0.solvableInputs) })
        #expect(solvable["close-rate"] == ["dealsClosed", "leads"])
        #expect(solvable["cac"] == ["totalSpend", "newCustomers"])
        #expect(solvable["nps"] == [] && solvable["mrr-movements"] == [])
        for kpi in KPIRegistry.all {
            for name in kpi.solvableInputs where kpi.example.objectValue?[name] != nil {
                var body = try #require(kpi.example.objectValue)
                body["solve"] = ["for": .string(name)]
                let result = try kpi.evaluate(.object(body))
                // Solving at the measured value with nothing changed gives the input back (rounded up for counts).
                let given = try #require(body[name]?.numberValue?.double)
                #expect(close(result.solved?.value, given), "\(kpi.id).\(name): \(result.solved?.substituted ?? "")")
            }
        }
    }
}
