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

    /// Salesforce's OpportunityHistory as exported with its API field names (Salesforce Object Reference,
    /// "OpportunityHistory": Id, OpportunityId, StageName, Amount, Probability, CloseDate, CreatedDate as a
    /// date-time): one row per change of stage or amount, so a stage repeats when only the amount changed. The
    /// history is docs/edge-cases-real-data.md's worked example (deals A to D, stages Prospecting →
    /// Qualification → Closed Won), each change at 09:00 UTC.
    static let opportunityHistory = """
        Id,OpportunityId,StageName,Amount,Probability,CloseDate,CreatedDate
        0085g00000AAAA1AAA,0065g00000AAAAAAA1,Prospecting,10000,10,2024-04-30,2024-03-01T09:00:00.000+0000
        0085g00000AAAA2AAA,0065g00000DDDDDDD4,Prospecting,5000,10,2024-04-30,2024-03-01T09:00:00.000+0000
        0085g00000AAAA3AAA,0065g00000BBBBBBB2,Prospecting,8000,10,2024-04-30,2024-03-02T09:00:00.000+0000
        0085g00000AAAA4AAA,0065g00000CCCCCCC3,Prospecting,3000,10,2024-04-30,2024-03-03T09:00:00.000+0000
        0085g00000AAAA5AAA,0065g00000AAAAAAA1,Prospecting,12000,10,2024-04-30,2024-03-04T09:00:00.000+0000
        0085g00000AAAA6AAA,0065g00000BBBBBBB2,Qualification,8000,20,2024-04-30,2024-03-06T09:00:00.000+0000
        0085g00000AAAA7AAA,0065g00000CCCCCCC3,Prospecting,3500,10,2024-04-30,2024-03-07T09:00:00.000+0000
        0085g00000AAAA8AAA,0065g00000AAAAAAA1,Qualification,12000,20,2024-04-30,2024-03-08T09:00:00.000+0000
        0085g00000AAAA9AAA,0065g00000AAAAAAA1,Qualification,15000,20,2024-04-30,2024-03-09T09:00:00.000+0000
        0085g00000AAAB1AAA,0065g00000BBBBBBB2,Closed Won,8000,100,2024-03-12,2024-03-12T09:00:00.000+0000
        0085g00000AAAB2AAA,0065g00000DDDDDDD4,Closed Won,5000,100,2024-03-15,2024-03-15T09:00:00.000+0000
        0085g00000AAAB3AAA,0065g00000AAAAAAA1,Closed Won,15000,100,2024-03-20,2024-03-20T09:00:00.000+0000

        """

    @Test func aSalesforceOpportunityHistoryGoesInAsExported() throws {
        let result = try Lines.evaluate("pipeline-stages", .csv, Self.opportunityHistory, [
            ("stages", "Prospecting,Qualification,Closed Won"),
            ("columns.id", "OpportunityId"), ("columns.stage", "StageName"), ("columns.enteredAt", "CreatedDate"),
        ]).get()
        // By hand (the worked example): 4 deals entered Prospecting, 3 reached Qualification (D skipped it), 3 won:
        // 3 / 4 = 75 %. Prospecting stays: A 1 → 8 Mar (its repeat on the 4th is the same stay) 7 days, B 2 → 6
        // Mar 4, D 1 → 15 Mar 14: (7 + 4 + 14) / 3; Qualification: A 8 → 20 Mar 12, B 6 → 12 Mar 6: 9.
        #expect(result.value == 75)
        #expect(result.groups?.map(\.count) == [4, 2, 3])
        #expect(result.groups?.map { $0.extra.first { $0.name == "reached" }?.value.double } == [4, 3, 3])
        #expect(result.groups?.map { $0.extra.first { $0.name == "meanDays" }?.value.double } == [25.0 / 3, 9, nil])
        #expect(result.warnings.contains { $0.hasPrefix("Collapsed 3 history rows that repeat the stage before them, in 2 deals") }, "\(result.warnings)")
        // The columns the KPI does not read (Id, Amount, …) are passed over and listed once.
        #expect(result.warnings.contains { $0.hasPrefix("ignored 4 names") }, "\(result.warnings)")
    }
}
