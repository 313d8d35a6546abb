import JSON
import Testing

import NumericTestSupport
@testable import KPICore

@Suite("nps")
struct NPSTests {
    // Intervals by hand in python3: p=P/n; d=D/n; se=math.sqrt((p+d-(p-d)**2)/n); (p-d)*100 ± 1.959963984540054*se*100
    static let computesCases: [(JSONValue, Double, Double, Double)] = [
        (["promoters": 60, "passives": 25, "detractors": 15], 45.0, 30.49759087485794, 59.502409125142044),
        (["scores": [10, 10, 10, 9, 8, 7]], 100.0 * 4 / 6, 28.947142197460934, 100),
        (["scores": [5, 5, 5, 4, 3, 1], "scale": "1-5"], 50, -11.112614338043173, 100),
        (["promoters": 5], 100, 100, 100),
        (["scores": [6]], -100, -100, -100),
        (["passives": 5], 0, 0, 0),
        (["detractors": 5, "passives": 0], -100, -100, -100),
    ]

    @Test("NPS is % promoters minus % detractors, with its standard-error interval", arguments: computesCases)
    func computes(body: JSONValue, value: Double, low: Double, high: Double) throws {
        let result = try Fixture.result("nps", body)
        #expect(close(result.value, value))
        #expect(close(result.interval?.low, low))
        #expect(close(result.interval?.high, high))
        #expect(result.unit == .score)
    }

    @Test("Scores 0…10 split into 2 promoters, 2 passives and 7 detractors")
    func buckets() throws {
        let result = try Fixture.result("nps", ["scores": .array(JSONArray((0...10).map { .int($0) }))])
        #expect(result.breakdown.prefix(4).map(\.value.double) == [2, 2, 7, 11])
        #expect(close(result.value, 100.0 * (2 - 7) / 11))
        #expect(result.substituted == "NPS = 18.1818181818 − 63.6363636364 = -45.4545454545")
    }

    @Test("A long score list is counted from its bytes, and each bad score is pointed at")
    func longScoreList() throws {
        let scores = (0..<40).map { Int64($0 % 11) }
        let body = try JSONReader.parse("{\"scores\":[" + scores.map(String.init).joined(separator: ",") + "]}")
        #expect(try Fixture.result("nps", body).breakdown.prefix(4).map(\.value.double) == [6, 6, 28, 40])
        let bad = try JSONReader.parse("{\"scores\":[" + String(repeating: "10,", count: 20) + "11,3,-1,\"9\",9.5]}")
        #expect(try Fixture.issues("nps", bad) == [
            .at("/scores/20", "must be a whole number from 0 to 10"), .at("/scores/22", "must be a whole number from 0 to 10"),
            .at("/scores/23", "must be a whole number from 0 to 10"), .at("/scores/24", "must be a whole number from 0 to 10"),
        ])
        let fivePoint: JSONValue = ["scores": [5, 0, 6, 10, 1], "scale": "1-5"]
        #expect(try Fixture.issues("nps", fivePoint) == [
            .at("/scores/1", "must be a whole number from 1 to 5"), .at("/scores/2", "must be a whole number from 1 to 5"),
            .at("/scores/3", "must be a whole number from 1 to 5"),
        ])
    }

    static let rejectsCases: [(JSONValue, [ValidationError.Issue])] = [
        (["scores": [11, 5, -1, 7.5, "9"]], [
            .at("/scores/0", "must be a whole number from 0 to 10"),
            .at("/scores/2", "must be a whole number from 0 to 10"), .at("/scores/3", "must be a whole number from 0 to 10"),
            .at("/scores/4", "must be a whole number from 0 to 10"),
        ]),
        (["scores": [0, 5], "scale": "1-5"], [.at("/scores/0", "must be a whole number from 1 to 5")]),
        (["scores": [5], "promoters": 1], [.at("/promoters", "cannot be combined with scores")]),
        (["promoters": 1, "scale": "0-10"], [.at("/scale", "is only used with scores or responses")]),
        (["promoters": 0, "passives": 0, "detractors": 0],
         [.at("", "must have promoters, passives and detractors adding up to more than 0")]),
        ([:], [.at("/scores", "is required (or give responses, or promoters, passives, detractors)")]),
        (["scores": []], [.at("/scores", "must not be empty")]),
        (["scores": [1], "scale": "1-10"], [.at("/scale", "must be one of \"0-10\", \"1-5\"")]),
    ]

    @Test("Rejections: out-of-scale scores, mixing counts and scores, all-zero counts", arguments: rejectsCases)
    func rejects(body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("nps", body) == expected)
    }

    @Test("Dated responses give exactly what the same scores give, and name their detractors", arguments: [("0-10", [10, 9, 3, 8, 0, 7]), ("1-5", [5, 4, 1, 3, 2])])
    func responsesAsScores(scale: String, scores: [Int]) throws {
        let responses = scores.enumerated().map { i, score -> JSONValue in
            ["score": .int(score), "respondedAt": .string("2024-03-0\(1 + i % 9)"), "id": .string("r\(i)")]
        }
        let fromScores = try Fixture.result("nps", ["scores": .array(JSONArray(scores.map { .int($0) })), "scale": .string(scale)])
        let fromResponses = try Fixture.result("nps", ["responses": .array(JSONArray(responses)), "scale": .string(scale)])
        var json = try #require(try fromResponses.json.objectValue)
        var breakdown = try #require(json["breakdown"]?.objectValue)
        // Detractors: 0–6 on 0-10 (3 and 0: r2, r4), 1–2 on 1-5 (1 and 2: r2, r4).
        #expect(breakdown["detractorIds"] == ["r2", "r4"])
        breakdown["detractorIds"] = nil
        json["breakdown"] = .object(breakdown)
        #expect(try JSONValue.object(json) == fromScores.json)
    }

    @Test("A repeated response id is counted once, with a warning")
    func repeatedResponse() throws {
        let result = try Fixture.result("nps", ["responses": [
            ["score": 10, "respondedAt": "2024-03-01", "id": "a"], ["score": 0, "respondedAt": "2024-03-02", "id": "a"],
            ["score": 0, "respondedAt": "2024-03-02"],
        ]])
        // Counted: 10 (a) and 0 (no id) → (1 − 1) / 2 = 0.
        #expect(result.value == 0)
        #expect(Fixture.breakdown(result, "responses") == 2)
        #expect(result.warnings == [
            #"responses: id "a" appears 2 times; only the first is counted"#, "1 detractor has no id, so detractorIds leaves it out.",
        ])
    }

    static let responsesRejectCases: [(JSONValue, [ValidationError.Issue])] = [
        (["scores": [5], "responses": [["score": 5, "respondedAt": "2024-03-01"]]],
         [.at("/scores", "cannot be combined with responses: give one of scores or responses")]),
        (["responses": [["score": 5, "respondedAt": "2024-03-01"]], "promoters": 1], [.at("/promoters", "cannot be combined with responses")]),
        (["responses": [["score": 11, "respondedAt": "2024-03-01"], ["score": 0, "respondedAt": "2024-03-01"]], "scale": "1-5"],
         [.at("/responses/0/score", "must be at most 10"), .at("/responses/1/score", "must be a whole number from 1 to 5")]),
        (["responses": [["score": 9], ["respondedAt": "2024-03-01"]]],
         [.at("/responses/0/respondedAt", "is required"), .at("/responses/1/score", "is required")]),
        (["responses": []], [.at("/responses", "must not be empty")]),
    ]

    @Test("Rejections of the responses form: both forms, counts with responses, bad scores, missing fields", arguments: responsesRejectCases)
    func rejectsResponses(body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("nps", body) == expected)
    }

    @Test("Counts are added as integers: exact past 2⁵³, and a 422 where their sum passes 2⁶³ − 1")
    func hugeCounts() throws {
        let result = try Fixture.result("nps", ["promoters": .number(JSONNumber(Int64(1) << 53)), "detractors": 1])
        #expect(result.breakdown.first { $0.name == "responses" }?.value == JSONNumber((Int64(1) << 53) + 1))
        #expect(try Fixture.issues("nps", ["promoters": .number(JSONNumber(Int64.max)), "detractors": .number(JSONNumber(Int64.max))])
            == [.at("/detractors", "makes promoters + passives + detractors greater than 9223372036854775807")])
    }
}
