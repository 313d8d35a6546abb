import JSON
import Testing

import NumericTestSupport
@testable import KPICore

/// Stage histories as CRMs write them: repeated rows, skipped stages, outcomes that contradict the history.
@Suite("pipeline-stages: real histories")
struct PipelineHistoryTests {
    static func row(_ stage: String, _ at: String) -> JSONValue { ["stage": .string(stage), "enteredAt": .string(at)] }

    /// Salesforce's OpportunityHistory writes a row on every amount edit, so a stage can appear twice in a row.
    static let body: JSONValue = [
        "stages": ["Prospecting", "Qualification", "Closed Won"],
        "deals": [
            ["id": "A", "outcome": "won", "history": [
                row("Prospecting", "2024-03-01"), row("Prospecting", "2024-03-04"), row("Qualification", "2024-03-08"),
                row("Qualification", "2024-03-09"), row("Closed Won", "2024-03-20")]],
            ["id": "B", "outcome": "lost", "history": [
                row("Prospecting", "2024-03-02"), row("Qualification", "2024-03-06"), row("Closed Won", "2024-03-12")]],
            ["id": "C", "history": [row("Prospecting", "2024-03-03"), row("Prospecting", "2024-03-07")]],
            ["id": "D", "outcome": "won", "history": [row("Prospecting", "2024-03-01"), row("Closed Won", "2024-03-15")]],
        ],
    ]

    @Test("Repeated rows are one stay from the first; count has a row at the stage, reached is at it or past it")
    func repeatedRows() throws {
        let result = try Fixture.result("pipeline-stages", Self.body)
        // Stays, by hand: Prospecting A 1 → 8 March = 7 days (not 3 + 4), B 2 → 6 = 4, D 1 → 15 = 14: mean 25 / 3.
        // Qualification A 8 → 20 = 12 (not 1 + 11), B 6 → 12 = 6: mean 9. C's Prospecting stay has not ended.
        // Rows at each stage: Prospecting A B C D = 4, Qualification A B = 2, Closed Won A B D = 3.
        // Reached: 4, 3 (D skipped Qualification: it passed it), 3. Conversions 3/4 = 75 %, 3/3 = 100 %.
        let groups = try #require(result.groups)
        #expect(groups.map(\.key) == ["Prospecting", "Qualification", "Closed Won"])
        #expect(groups.map(\.count) == [4, 2, 3])
        #expect(groups.map { $0.extra.first { $0.name == "reached" }?.value.double } == [4, 3, 3])
        #expect(groups.map(\.value) == [75, 100, nil])
        #expect(close(groups[0].extra.first { $0.name == "meanDays" }?.value.double, 25.0 / 3))
        #expect(groups[1].extra.first { $0.name == "meanDays" }?.value.double == 9)
        #expect(result.value == 75)
        #expect(result.warnings == [
            "The biggest drop-off is at stage \"Prospecting\" (index 0): only 75 % of its deals reach the next stage.",
            // A repeats Prospecting and Qualification once each, C Prospecting once.
            "Collapsed 3 history rows that repeat the stage before them, in 2 deals: a stay starts at the first of its repeated rows.",
            "The outcome contradicts the history (last stage \"Closed Won\", the won stage) of deal \"B\" (lost).",
        ])
    }

    @Test("A repeated row is still checked: it may not go back in time")
    func repeatedRowOrder() throws {
        let body: JSONValue = ["stages": ["a", "b"], "deals": [["id": 1, "history": [Self.row("a", "2024-03-05"), Self.row("a", "2024-03-01")]]]]
        #expect(try Fixture.issues("pipeline-stages", body) == [.at("/deals/0/history/1/enteredAt", "must not be before the previous entry's enteredAt")])
    }
}
