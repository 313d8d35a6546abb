import Foundation
import JSON
import KPICore
import Testing

@testable import KPIService

/// The `surveymonkey-responses` preset end to end: SurveyMonkey's "All individual responses" CSV export
/// (`Samples/surveymonkey/all-responses.csv`, written from SurveyMonkey's export layout: a first header row of
/// the respondent's columns and each question's text, a second naming each answer column `Response` or
/// `Open-Ended Response`, empty under the respondent's columns; the layout that tools reading these exports, such
/// as the R package doubleheadr, take apart) posted as downloaded, with the `timeZone` its local times need.
@Suite("SurveyMonkey responses export (two header rows, local times)")
struct SurveyMonkeyPresetTests {
    static let path = "surveymonkey/all-responses.csv"
    static let question = "How likely is it that you would recommend this company to a friend or colleague?"

    /// The 12 answers of the sample's question column, in file order, are 10, 9, 7, 3, 10, 8, 6, 9, 10, 2, 9,
    /// 10 (read by hand): 7 promoters (9 or 10), 2 passives (7, 8) and 3 detractors (3, 6, 2), so
    /// NPS = (7 − 3) / 12 × 100 = 33.33…; the second header row is no response (12, not 13). The 8 other
    /// columns are passed over and named once.
    @Test(arguments: TestTransport.allCases)
    func anExportGivesTheNPSWithItsTimeZone(transport: TestTransport) throws {
        let file = try SourcePresetsTests.sample(Self.path)
        try Application.testing().test(transport) { client in
            let reply = try client.execute(
                .post, "/nps?source=surveymonkey-responses&timeZone=America/New_York", body: file, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(SourcePresetsTests.value(reply).map { abs($0 - 100.0 * (7 - 3) / 12) < 1e-9 } == true, "\(reply.text)")
            let breakdown = reply.json?["breakdown"]
            #expect(breakdown?["responses"]?.numberValue?.double == 12, "\(reply.text)")
            #expect(breakdown?["promoters"]?.numberValue?.double == 7)
            #expect(breakdown?["passives"]?.numberValue?.double == 2)
            #expect(breakdown?["detractors"]?.numberValue?.double == 3)
            #expect(breakdown?["detractorIds"] == ["114000000303", "114000000606", "114000000909"], "\(reply.text)")
            let warning = reply.json?["warnings"]?.arrayValue?.first?.stringValue ?? ""
            #expect(warning.hasPrefix("ignored 8 names in the records that this KPI does not read"), "\(warning)")
        }
    }

    /// Without `timeZone` every problem is an `End Date` without an offset (pointers name the file's column),
    /// and it names `timeZone`; the second header row (empty under `End Date`, `Response` under the question)
    /// is no problem: the first one is the first response's, on the file's line 3.
    @Test func withoutTheTimeZoneEachDateIsAProblemNamingIt() throws {
        let file = try SourcePresetsTests.sample(Self.path)
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.post, "/nps?source=surveymonkey-responses", body: file, contentType: "text/csv")
            #expect(reply.status == 422, "\(reply.text)")
            let errors = reply.json?["errors"]?.arrayValue.map(Array.init) ?? []
            #expect(errors.count == 12, "\(reply.text)")
            #expect(errors.allSatisfy { $0["pointer"]?.stringValue?.hasSuffix("/End Date") == true }, "\(reply.text)")
            #expect(errors.first?["pointer"] == "/responses/0/End Date", "\(reply.text)")
            let first = errors.first?["detail"]?.stringValue ?? ""
            #expect(first.contains("timeZone") && first.hasSuffix("(line 3, column 4)"), "\(first)")
            let grouped = reply.json?["grouped"]?.arrayValue.map(Array.init) ?? []
            #expect(grouped.map { $0["field"]?.stringValue } == ["End Date"], "\(reply.text)")
        }
    }

    /// A problem in a response names the file's own line: the answer `11` put on line 5 (the third response,
    /// after the two header rows) is the third response's score, at line 5, column 10 (the question's column).
    @Test func aProblemNamesTheLineOfTheFile() throws {
        let file = try SourcePresetsTests.sample(Self.path)
        let lines = file.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        #expect(lines[4].contains(#""7","Because""#))
        let edited = file.replacingOccurrences(of: #""7","Because""#, with: #""11","Because""#)
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(
                .post, "/nps?source=surveymonkey-responses&timeZone=America/New_York", body: edited, contentType: "text/csv")
            #expect(reply.status == 422, "\(reply.text)")
            let errors = reply.json?["errors"]?.arrayValue.map(Array.init) ?? []
            #expect(errors.count == 1, "\(reply.text)")
            #expect(errors.first?["pointer"]?.stringValue == "/responses/2/" + Self.question, "\(reply.text)")
            #expect(errors.first?["detail"]?.stringValue?.hasSuffix("(line 5, column 10)") == true, "\(reply.text)")
        }
    }

    /// A survey that words its question otherwise gives its column as `columns.score`; `GET /sources` lists the
    /// preset's two header rows.
    @Test func anotherQuestionTextIsGivenAsTheScoreColumnAndTheListNamesTheHeaderRows() throws {
        let file = try SourcePresetsTests.sample(Self.path).replacingOccurrences(of: Self.question, with: "Would you recommend us?")
        try Application.testing().test(.inProcess) { client in
            let unmapped = try client.execute(
                .post, "/nps?source=surveymonkey-responses&timeZone=America/New_York", body: file, contentType: "text/csv")
            #expect(unmapped.status == 422, "\(unmapped.text)")
            #expect(unmapped.json?["errors"]?.arrayValue?.first?["pointer"] == "/columns/score", "\(unmapped.text)")
            let mapped = try client.execute(
                .post, "/nps?source=surveymonkey-responses&timeZone=America/New_York&columns.score=Would%20you%20recommend%20us%3F",
                body: file, contentType: "text/csv")
            #expect(mapped.status == 200, "\(mapped.text)")
            #expect(SourcePresetsTests.value(mapped).map { abs($0 - 100.0 * 4 / 12) < 1e-9 } == true, "\(mapped.text)")
            let list = try client.execute(.get, "/sources", body: nil, contentType: nil)
            let sources = list.json?["sources"]?.arrayValue.map(Array.init) ?? []
            #expect(sources.first { $0["id"] == "surveymonkey-responses" }?["headerRows"]?.numberValue?.double == 2)
            #expect(sources.first { $0["id"] == "delighted-responses" }?["headerRows"]?.numberValue?.double == 1)
        }
    }
}
