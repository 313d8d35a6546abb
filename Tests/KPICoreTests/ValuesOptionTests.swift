import JSON
import Testing

@testable import KPICore

/// `values`: the input's words for a choice field's declared values. HubSpot's deal export writes the stage's
/// label (`Deal Stage`: `Closed Won`, `Closed Lost`, `Appointment Scheduled`). Of the five deals below three
/// are won, one lost and one open, so the close rate over decided deals is 3 / (3 + 1) × 100 = 75 % (by hand).
@Suite("Reading options: values")
struct ValuesOptionTests {
    static let hubSpotCSV = """
        Record ID,Deal Name,Deal Stage,Create Date,Close Date
        101,Acme renewal,Closed Won,2024-03-01,2024-03-20
        102,Globex pilot,Closed Lost,2024-03-02,2024-03-21
        103,Initech,Closed Won,2024-03-03,2024-03-22
        104,Umbrella,Appointment Scheduled,2024-03-04,
        105,Hooli,won,2024-03-05,2024-03-23

        """
    static let parameters = [("columns.id", "Record ID"), ("columns.outcome", "Deal Stage"), ("columns.createdAt", "Create Date"),
                             ("columns.closedAt", "Close Date"), ("values.outcome.Closed Won", "won"), ("values.outcome.Closed Lost", "lost"),
                             ("values.outcome.Appointment Scheduled", "open")]

    @Test func hubSpotsStageLabelsInCSV() throws {
        let result = try RecordLinesTests.evaluate("close-rate", .csv, Self.hubSpotCSV, Self.parameters).get()
        #expect(result.value == 75)
        // A word in neither values.outcome nor the declared values is a row problem naming both.
        let issues = RecordLinesTests.issues(try RecordLinesTests.evaluate("close-rate", .csv, Self.hubSpotCSV, Array(Self.parameters.dropLast())))
        #expect(issues == [.at("/deals/3/Deal Stage", #"must be one of "won", "lost", "open" or a word of values.outcome ("Closed Lost", "Closed Won"); met "Appointment Scheduled" (line 5, column 3)"#)])
        // Under invalidRows: "skip" that deal is left out: 3 won of 4 decided stays 75 %.
        let skipped = try RecordLinesTests.evaluate("close-rate", .csv, Self.hubSpotCSV, Array(Self.parameters.dropLast()) + [("invalidRows", "skip")]).get()
        #expect(skipped.value == 75)
        #expect(skipped.skipped?.rows == 1)
    }

    @Test func jsonAndNDJSONWithWordsHoldingDots() throws {
        // The query splits at the first two dots only: the word is `Won (Q1.2024)`.
        let ndjson = #"{"id":"a","outcome":"Won (Q1.2024)","createdAt":"2024-03-01","closedAt":"2024-03-02"}"# + "\n"
            + #"{"id":"b","outcome":"lost","createdAt":"2024-03-01","closedAt":"2024-03-02"}"# + "\n"
        let result = try RecordLinesTests.evaluate("close-rate", .ndjson, ndjson, [("values.outcome.Won (Q1.2024)", "won")]).get()
        #expect(result.value == 50)
        let body = #"{"values":{"outcome":{"Won (Q1.2024)":"won"}},"deals":[{"id":"a","outcome":"Won (Q1.2024)","createdAt":"2024-03-01","closedAt":"2024-03-02"},"#
            + #"{"id":"b","outcome":"lost","createdAt":"2024-03-01","closedAt":"2024-03-02"},{"id":"c","outcome":7,"createdAt":"2024-03-01"}]}"#
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("close-rate", json: body)) == [
            .at("/deals/2/outcome", #"must be one of "won", "lost", "open" or a word of values.outcome ("Won (Q1.2024)")"#),
        ])
        let fixed = try ReadingOptionsTests.evaluate("close-rate", json: body.replacing(#""outcome":7"#, with: #""outcome":"open""#)).get()
        #expect(fixed.value == 50)
    }

    @Test func aWordForAValueThatIsNoneIsA422() throws {
        let body = #"{"values":{"outcome":{"Closed Won":"victory"},"rep":{"a":"b"}},"deals":[{"createdAt":"2024-03-01"}]}"#
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("close-rate", json: body)) == [
            .at("/values/outcome/Closed Won", #"must be one of "won", "lost", "open"; met "victory""#),
            .at("/values/rep", "is not a known field"),
        ])
    }
}
