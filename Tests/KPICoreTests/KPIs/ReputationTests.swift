import JSON
import Testing

import NumericTestSupport
@testable import KPICore

@Suite("reputation")
struct ReputationTests {
    @Test("Ratings: mean stars with a t interval, the count per star and the share of 4–5 stars with its Wilson interval")
    func ratings() throws {
        let result = try Fixture.result("reputation", ["ratings": [5, 4, 4, 3, 5, 2, 5]])
        // totalStars = 2 + 3 + 4·2 + 5·3 = 28; 28 / 7 = 4. s = √(Σ(x − 4)² / 6) = √(8/6) = 1.1547005383792515.
        // scipy: stats.t.interval(0.95, 6, loc=4, scale=stats.sem([5,4,4,3,5,2,5])) = (2.9320801164993924, 5.067919883500608);
        // the high end is clamped to 5 stars.
        #expect(result.value == 4)
        #expect(result.substituted == "reputation = 28 / 7 = 4")
        #expect(close(result.interval?.low, 2.9320801164993924))
        #expect(result.interval?.high == 5)
        #expect(["stars1", "stars2", "stars3", "stars4", "stars5"].map { Fixture.breakdown(result, $0) } == [0, 1, 1, 2, 3])
        #expect(close(Fixture.breakdown(result, "standardDeviation"), 1.1547005383792515))
        // 5 of 7 = 71.43 %; scipy: stats.binomtest(5, 7).proportion_ci(method='wilson') = (0.3589344518326193, 0.9177810759959432).
        #expect(close(Fixture.breakdown(result, "fourOrFiveStarPercent"), 500.0 / 7))
        #expect(close(Fixture.breakdown(result, "fourOrFiveStarLow"), 35.89344518326193))
        #expect(close(Fixture.breakdown(result, "fourOrFiveStarHigh"), 91.77810759959432))
        #expect(result.steps.map(\.substituted) == [
            "1 × 0 + 2 × 1 + 3 × 1 + 4 × 2 + 5 × 3 = 28", "(2 + 3) / 7 × 100 = 71.4285714286", "28 / 7 = 4",
        ])
        #expect(result.sample == .values(mean: 4, variance: 8.0 / 6, count: 7))
        #expect(result.warnings == [])
    }

    @Test("An interval inside 1…5 is not clamped")
    func unclampedInterval() throws {
        let result = try Fixture.result("reputation", ["ratings": [3, 3, 4, 1, 2]])
        // 13 / 5 = 2.6; scipy: stats.t.interval(0.95, 4, loc=2.6, scale=stats.sem([3,3,4,1,2])) = (1.1842852230177279, 4.015714776982272).
        #expect(close(result.value, 2.6))
        #expect(close(result.interval?.low, 1.1842852230177279))
        #expect(close(result.interval?.high, 4.015714776982272))
    }

    @Test("A single rating has no interval, and a warning says why")
    func singleRating() throws {
        let result = try Fixture.result("reputation", ["ratings": [4]])
        #expect(result.value == 4)
        #expect(result.interval == nil)
        #expect(result.warnings == ["A single rating gives no interval for the mean: its spread is unknown."])
    }

    @Test("Mentions: net sentiment with the NPS-style interval, and share of voice with its Wilson interval")
    func mentions() throws {
        let result = try Fixture.result("reputation", [
            "mentions": ["positive": 120, "neutral": 60, "negative": 20], "ourMentions": 200, "totalMentions": 800,
        ])
        // 120/200 = 60 %, 20/200 = 10 %: 60 − 10 = 50. se = √((0.6 + 0.1 − 0.5²)/200) = √(0.45/200) = 0.04743416490252569;
        // 50 ± 1.959963984540054 × 4.743416490252569 = 50 ± 9.296925484568 → (40.70307451543, 59.29692548457).
        #expect(result.value == 50)
        #expect(result.substituted == "reputation = 60 − 10 = 50")
        #expect(close(result.interval?.low, 50 - 1.959963984540054 * (0.45 / 200).squareRoot() * 100))
        #expect(close(result.interval?.high, 50 + 1.959963984540054 * (0.45 / 200).squareRoot() * 100))
        // 200 / 800 = 25 %; scipy: stats.binomtest(200, 800).proportion_ci(method='wilson') = (0.221236971436218, 0.28115246666661997).
        #expect(Fixture.breakdown(result, "shareOfVoice") == 25)
        #expect(close(Fixture.breakdown(result, "shareOfVoiceLow"), 22.1236971436218))
        #expect(close(Fixture.breakdown(result, "shareOfVoiceHigh"), 28.115246666661997))
        #expect(result.steps.map(\.name) == ["positivePercent", "negativePercent", "shareOfVoice", "reputation"])
        #expect(result.sample == .nps(promoters: 120, detractors: 20, responses: 200))
    }

    @Test("Share of voice counts the mentions given when ourMentions is left out; without totalMentions there is none")
    func shareOfVoiceDefaults() throws {
        let counted = try Fixture.result("reputation", ["mentions": ["positive": 3, "neutral": 1, "negative": 0], "totalMentions": 16])
        // (3 + 1 + 0) / 16 = 25 %; net sentiment 75 − 0 = 75.
        #expect(Fixture.breakdown(counted, "ourMentions") == 4)
        #expect(Fixture.breakdown(counted, "shareOfVoice") == 25)
        #expect(counted.value == 75)
        let without = try Fixture.result("reputation", ["mentions": ["positive": 3, "neutral": 1, "negative": 0]])
        #expect(Fixture.breakdown(without, "shareOfVoice") == nil)
    }

    @Test("Ratings outside 1–5 or not whole, an empty or mixed body, and impossible mentions are 422s at their elements")
    func rejects() throws {
        #expect(try Fixture.issues("reputation", ["ratings": [5, 0, 4.5, "a", 6, 3]]) == [
            .at("/ratings/1", "must be a whole number from 1 to 5"), .at("/ratings/2", "must be a whole number from 1 to 5"),
            .at("/ratings/3", "must be a whole number from 1 to 5"), .at("/ratings/4", "must be a whole number from 1 to 5"),
        ])
        #expect(try Fixture.issues("reputation", ["ratings": []]) == [.at("/ratings", "must not be empty")])
        #expect(try Fixture.issues("reputation", [:]) == [.at("/ratings", "is required (or give mentions)")])
        #expect(try Fixture.issues("reputation", ["ratings": [5], "mentions": ["positive": 1, "neutral": 0, "negative": 0]])
            == [.at("/mentions", "is not used with the ratings reading")])
        #expect(try Fixture.issues("reputation", ["mentions": ["positive": 0, "neutral": 0, "negative": 0]])
            == [.at("/mentions", "must hold at least one mention")])
        #expect(try Fixture.issues("reputation", ["mentions": ["positive": 1, "neutral": 0]]) == [.at("/mentions/negative", "is required")])
        #expect(try Fixture.issues("reputation", ["mentions": ["positive": 1, "neutral": 0, "negative": 0], "ourMentions": 5])
            == [.at("/totalMentions", "is required with ourMentions (share of voice is ourMentions / totalMentions)")])
        #expect(try Fixture.issues("reputation", ["mentions": ["positive": 1, "neutral": 0, "negative": 0], "ourMentions": 5, "totalMentions": 4])
            == [.at("/ourMentions", "must not be greater than totalMentions")])
        #expect(try Fixture.issues("reputation", ["mentions": ["positive": 3, "neutral": 2, "negative": 0], "totalMentions": 4])
            == [.at("/totalMentions", "must not be less than the mentions counted (5)")])
    }
}
