import JSON
import Testing

@testable import KPICore

/// `/pipeline-stages` as lines in the long form: one line per stage entry (`id`, `stage`, `enteredAt`, optional
/// `outcome`), lines sharing an id being one deal's history, in CSV and NDJSON alike.
@Suite("Pipeline stages in the long form (CSV, NDJSON)") struct PipelineLongFormTests {
    typealias Lines = RecordLinesTests

    /// Three deals, one with a repeated row (an amount edit) and one lost, as the JSON form holds them.
    static let json: JSONValue = ["stages": ["lead", "qualified", "won"], "deals": [
        ["id": "d1", "outcome": "won", "history": [
            ["stage": "lead", "enteredAt": "2024-03-01"], ["stage": "qualified", "enteredAt": "2024-03-03"],
            ["stage": "qualified", "enteredAt": "2024-03-05"], ["stage": "won", "enteredAt": "2024-03-09"]]],
        ["id": 7, "outcome": "lost", "history": [
            ["stage": "lead", "enteredAt": "2024-03-02"], ["stage": "qualified", "enteredAt": "2024-03-06"]]],
        ["id": "d3", "history": [["stage": "lead", "enteredAt": "2024-03-04"]]],
    ]]

    /// The same history as CSV lines: the deals' lines interleaved, the outcome on some of a deal's lines only.
    static let csv = """
        id,stage,enteredAt,outcome
        d1,lead,2024-03-01,won
        7,lead,2024-03-02,
        d1,qualified,2024-03-03,
        d3,lead,2024-03-04,
        d1,qualified,2024-03-05,won
        7,qualified,2024-03-06,lost
        d1,won,2024-03-09,

        """

    static let ndjson = """
        {"id":"d1","stage":"lead","enteredAt":"2024-03-01","outcome":"won"}
        {"id":7,"stage":"lead","enteredAt":"2024-03-02"}
        {"id":"d1","stage":"qualified","enteredAt":"2024-03-03"}
        {"id":"d3","stage":"lead","enteredAt":"2024-03-04"}
        {"id":"d1","stage":"qualified","enteredAt":"2024-03-05","outcome":"won"}
        {"id":7,"stage":"qualified","enteredAt":"2024-03-06","outcome":"lost"}
        {"id":"d1","stage":"won","enteredAt":"2024-03-09"}

        """

    @Test func oneHistoryGivenAsJSONCSVAndNDJSONGivesOneResult() throws {
        let expected = try Fixture.result("pipeline-stages", Self.json)
        // By hand: 3 deals entered lead, 2 reached qualified, 1 won: 1 / 3 = 33.3 %; d1 stayed in qualified
        // from the 3rd (its first row there) to the 9th: 6 days, and 7 never left it.
        #expect(expected.value == 1.0 / 3 * 100)
        #expect(expected.groups?.map(\.count) == [3, 2, 1])
        #expect(expected.groups?[1].extra.first { $0.name == "meanDays" }?.value.double == 6)
        let stages = [("stages", "lead,qualified,won")]
        let csv = try Lines.evaluate("pipeline-stages", .csv, Self.csv, stages).get()
        let ndjson = try Lines.evaluate("pipeline-stages", .ndjson, Self.ndjson, stages).get()
        #expect(Lines.text(csv) == Lines.text(expected))
        #expect(Lines.text(ndjson) == Lines.text(expected))
    }

    @Test func conflictingOutcomesOnOneDealAreA422AtTheLaterLine() throws {
        let csv = Self.csv.replacing("d1,won,2024-03-09,", with: "d1,won,2024-03-09,lost")
        #expect(Lines.issues(try Lines.evaluate("pipeline-stages", .csv, csv, [("stages", "lead,qualified,won")])) == [.at("/deals/6/outcome",
            #"differs from /deals/0/outcome (won) of the same id "d1": lines sharing an id are one record, with one outcome; met "lost" (line 8, column 4)"#)])
    }

    @Test func theKPIsProblemsNameTheLineOfTheEntry() throws {
        // The stage of d1's third entry (the 5th line of records, line 6 of the file) is not among the stages.
        let csv = Self.csv.replacing("d1,qualified,2024-03-05,won", with: "d1,qualifed,2024-03-05,won")
        #expect(Lines.issues(try Lines.evaluate("pipeline-stages", .csv, csv, [("stages", "lead,qualified,won")])) == [
            .at("/deals/4/stage", "must be one of stages (line 6, column 2)")])
        // An entry before the one before it, in NDJSON: line 3 (d1's qualified on the 3rd) moved to February.
        let ndjson = Self.ndjson.replacing(#""enteredAt":"2024-03-03""#, with: #""enteredAt":"2024-02-03""#)
        #expect(Lines.issues(try Lines.evaluate("pipeline-stages", .ndjson, ndjson, [("stages", "lead,qualified,won")])) == [
            .at("/deals/2/enteredAt", "must not be before the previous entry's enteredAt (line 3)")])
    }

    @Test func columnsMapTheEntryFieldsOfASalesforceHistory() throws {
        // Salesforce's OpportunityHistory names: OpportunityId, StageName, CreatedDate.
        let csv = """
            OpportunityId,StageName,CreatedDate
            006A,lead,2024-03-01
            006A,won,2024-03-11

            """
        let result = try Lines.evaluate("pipeline-stages", .csv, csv, [
            ("stages", "lead,won"), ("columns.id", "OpportunityId"), ("columns.stage", "StageName"), ("columns.enteredAt", "CreatedDate"),
        ]).get()
        // One deal, lead → won: 100 %, 10 days in lead.
        #expect(result.value == 100)
        #expect(result.groups?[0].extra.first { $0.name == "meanDays" }?.value.double == 10)
    }
}
