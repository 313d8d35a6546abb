import JSON
import Testing

import NumericTestSupport
@testable import KPICore

@Suite("pipeline-stages")
struct PipelineStagesTests {
    @Test("The example: entered counts, conversions, mean days, overall conversion and the biggest drop-off")
    func example() throws {
        let result = try Fixture.result("pipeline-stages", try Fixture.kpi("pipeline-stages").example)
        // By hand: d1 reaches won, d2 qualified, d3 lead → entered [3, 2, 1, 1]; conversions 66.67, 50, 100, null.
        // Days: lead 3 (d1) and 4 (d2) → 3.5; qualified 6; proposal 10; won none.
        #expect(result.groups == [
            .init(key: "lead", count: 3, value: 2.0 / 3 * 100, extra: [.init("reached", Int64(3)), .init("meanDays", 3.5)]),
            .init(key: "qualified", count: 2, value: 50, extra: [.init("reached", Int64(2)), .init("meanDays", 6.0)]),
            .init(key: "proposal", count: 1, value: 100, extra: [.init("reached", Int64(1)), .init("meanDays", 10.0)]),
            .init(key: "won", count: 1, value: nil, extra: [.init("reached", Int64(1))]),
        ])
        #expect(close(result.value, 100.0 / 3))
        // scipy: binomtest(1, 3).proportion_ci(method='wilson') → 6.1491944720396265, 79.23403991979524
        #expect(close(result.interval?.low, 6.1491944720396265))
        #expect(close(result.interval?.high, 79.23403991979524))
        #expect(Fixture.breakdown(result, "biggestDropOffStage") == 1)
        #expect(result.warnings.count == 1)
        #expect(result.warnings.first?.contains("\"qualified\"") == true)
        #expect(try result.json["groups"]?.arrayValue?.last == ["key": "won", "count": 1, "value": nil, "reached": 1])
    }

    @Test("Skipped stages count as reached (not as having a row), and a pipeline with no drop-off has no warning")
    func skipped() throws {
        let result = try Fixture.result("pipeline-stages", [
            "stages": ["a", "b", "c"],
            "deals": [["id": 1, "history": [["stage": "a", "enteredAt": "2024-03-01"], ["stage": "c", "enteredAt": "2024-03-03"]]]],
        ])
        #expect(result.groups?.map(\.count) == [1, 0, 1])
        #expect(result.groups?.map { $0.extra.first { $0.name == "reached" }?.value.double } == [1, 1, 1])
        #expect(result.value == 100)
        #expect(Fixture.breakdown(result, "biggestDropOffStage") == nil)
        #expect(result.warnings.isEmpty)
    }

    @Test("A repeated deal id counts once with a warning")
    func duplicates() throws {
        let deal: JSONValue = ["id": "x", "history": [["stage": "a", "enteredAt": "2024-03-01"]]]
        let result = try Fixture.result("pipeline-stages", ["stages": ["a", "b"], "deals": [deal, deal]])
        #expect(result.groups?.first?.count == 1)
        #expect(result.value == 0)
        #expect(result.warnings.first == "deals: id \"x\" appears 2 times; only the first is counted")
    }

    static let rejectsCases: [(JSONValue, [ValidationError.Issue])] = [
        (["stages": ["a"], "deals": [["id": 1, "history": [["stage": "a", "enteredAt": "2024-03-01"]]]]],
         [.at("/stages", "must have at least 2 elements")]),
        (["stages": ["a", "a"], "deals": [["id": 1, "history": [["stage": "a", "enteredAt": "2024-03-01"]]]]],
         [.at("/stages/1", "repeats an earlier stage")]),
        (["stages": ["a", "b"], "deals": [["id": 1, "history": [["stage": "a", "enteredAt": "2024-03-01"],
                                                                ["stage": "z", "enteredAt": "2024-03-02"]]]]],
         [.at("/deals/0/history/1/stage", "must be one of stages")]),
        (["stages": ["a", "b"], "deals": [["id": 1, "history": [["stage": "a", "enteredAt": "2024-03-05"],
                                                                ["stage": "b", "enteredAt": "2024-03-02"]]]]],
         [.at("/deals/0/history/1/enteredAt", "must not be before the previous entry's enteredAt")]),
        (["stages": ["a", "b"], "deals": [["history": [["stage": "a", "enteredAt": "2024-03-01"]], "outcome": "maybe"]]],
         [.at("/deals/0/outcome", #"must be one of "won", "lost", "open"; met "maybe""#), .at("/deals/0/id", "is required")]),
        (["stages": ["a", "b"], "deals": [["id": 1, "history": []]]], [.at("/deals/0/history", "must not be empty")]),
        (["stages": ["a", 2], "deals": [["id": 1, "history": [["stage": "a"]]]]],
         [.at("/stages/1", "must be a string"), .at("/deals/0/history/0/enteredAt", "is required")]),
    ]

    @Test("Rejections carry the pointer of the stage or history entry", arguments: rejectsCases)
    func rejects(body: JSONValue, expected: [ValidationError.Issue]) throws {
        #expect(try Fixture.issues("pipeline-stages", body) == expected)
    }
}
