import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// What the source articles ask a result to say: the leads basis with its benchmark, payback past a year,
/// detractors to reach out to.
@Suite("Notes the source articles call for")
struct ArticleNotesTests {
    @Test("marketing-originated on the leads basis: a Wilson rate with the article's ranges as numbers and in a sentence")
    func leadsBasis() throws {
        let result = try Fixture.result("marketing-originated", ["basis": "leads", "marketingOriginatedLeads": 120, "totalLeads": 200])
        // 120 / 200 × 100 = 60; scipy: stats.binomtest(120, 200).proportion_ci(method='wilson') = (0.5308367203926201, 0.6653942143319267).
        #expect(result.value == 60)
        #expect(result.substituted == "marketingOriginated = 120 / 200 × 100 = 60")
        #expect(close(result.interval?.low, 53.08367203926201))
        #expect(close(result.interval?.high, 66.53942143319267))
        #expect(result.sample == .proportion(successes: 120, trials: 200))
        #expect(result.breakdown.map(\.name) == [
            "marketingOriginatedLeads", "totalLeads", "benchmarkMarketingLow", "benchmarkMarketingHigh",
            "benchmarkColdCallingLow", "benchmarkColdCallingHigh",
        ])
        #expect(result.breakdown.dropFirst(2).map(\.value.double) == [40, 80, 10, 30])
        #expect(result.warnings == [
            "Benchmark (leads basis): 40–80 % of leads come from marketing where marketing generates the leads, 10–30 % with cold calling; 60 % is within the range where marketing generates the leads.",
        ])
    }

    @Test("The leads basis is inferred from its fields, and the sentence places the share among the ranges", arguments: [
        (25, "within the cold-calling range"), (35, "between the two ranges"), (5, "below both ranges"), (90, "above both ranges"),
    ])
    func leadsRanges(leads: Int, place: String) throws {
        let result = try Fixture.result("marketing-originated", ["marketingOriginatedLeads": .number(JSONNumber(Int64(leads))), "totalLeads": 100])
        #expect(result.value == Double(leads))
        #expect(result.warnings.first?.hasSuffix("; \(leads) % is \(place).") == true)
    }

    @Test("The other bases carry no benchmark, and an unknown basis or a part above the whole is a 422 at its field")
    func leadsRejects() throws {
        let customers = try Fixture.result("marketing-originated", ["marketingOriginatedCustomers": 45, "newCustomers": 150])
        #expect(customers.warnings == [])
        #expect(try Fixture.issues("marketing-originated", ["basis": "calls", "marketingOriginatedLeads": 1, "totalLeads": 2])
            == [.at("/basis", "must be one of \"customers\", \"revenue\", \"leads\"")])
        #expect(try Fixture.issues("marketing-originated", ["marketingOriginatedLeads": 3, "totalLeads": 2])
            == [.at("/marketingOriginatedLeads", "must not be greater than totalLeads")])
        #expect(try Fixture.issues("marketing-originated", ["basis": "leads", "totalLeads": 2, "newCustomers": 3]) == [
            .at("/newCustomers", "is not used with the leads basis"), .at("/marketingOriginatedLeads", "is required for the leads basis"),
        ])
    }

    @Test("cac-payback past 12 months is judged in a warning; 12 months exactly is not")
    func paybackPastAYear() throws {
        let late = try Fixture.result("cac-payback", ["cac": 1800, "monthlyRevenuePerCustomer": 150, "grossMarginPercent": 80])
        // 150 × 80 / 100 = 120 a month; 1800 / 120 = 15 months.
        #expect(late.value == 15)
        #expect(late.warnings == ["Payback takes 15 months, past 12: judge CAC payback within a year."])
        let year = try Fixture.result("cac-payback", ["cac": 1440, "monthlyRevenuePerCustomer": 150, "grossMarginPercent": 80])
        // 1440 / 120 = 12.
        #expect(year.value == 12)
        #expect(year.warnings == [])
    }

    @Test("nps responses with ids list the detractors' ids as given, and count those without one")
    func detractorIds() throws {
        let result = try Fixture.result("nps", ["responses": [
            ["score": 10, "respondedAt": "2024-03-04", "id": "r-1"], ["score": 3, "respondedAt": "2024-03-05", "id": "r-2"],
            ["score": 6, "respondedAt": "2024-03-05", "id": 7], ["score": 2, "respondedAt": "2024-03-06"],
            ["score": 8, "respondedAt": "2024-03-06", "id": "r-4"], ["score": 0, "respondedAt": "2024-03-07", "id": "r-2"],
        ]])
        // r-2 again is a repeat (counted once). Promoters 1, passives 1, detractors 3 of 5: 20 − 60 = −40.
        #expect(result.value == -40)
        #expect(try result.json["breakdown"]?["detractorIds"] == ["r-2", 7])
        #expect(result.warnings == [
            "responses: id \"r-2\" appears 2 times; only the first is counted",
            "1 detractor has no id, so detractorIds leaves it out.",
        ])
        let anonymous = try Fixture.result("nps", ["responses": [["score": 3, "respondedAt": "2024-03-05"]]])
        #expect(try anonymous.json["breakdown"]?["detractorIds"] == nil)
        let scores = try Fixture.result("nps", ["scores": [3, 10]])
        #expect(try scores.json["breakdown"]?["detractorIds"] == nil)
    }
}
