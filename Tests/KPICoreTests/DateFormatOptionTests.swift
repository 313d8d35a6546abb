import JSON
import Testing

@testable import KPICore

/// `dateFormat` in JSON, NDJSON and CSV. The deals are the two of ``ReadingOptionsTests``, written as
/// instants: created 2024-03-01T00:00Z = 1 709 251 200 s (19 783 days × 86 400) and closed 2024-03-31T12:00Z =
/// 1 711 886 400 s: 30.5 days; created 2024-03-05 = 1 709 596 800 s and closed 2024-03-15 = 1 710 460 800 s:
/// 10 days. The mean sales cycle is (30.5 + 10) / 2 = 20.25 days (worked by hand; checked with Python's
/// `datetime.fromisoformat(...).timestamp()`).
@Suite("Reading options: dateFormat")
struct DateFormatOptionTests {
    static let mean = 20.25

    /// HubSpot's deals API writes `createdate` and `closedate` as milliseconds in strings
    /// (`"createdate": {"value": "1470145367594"}`); an export of those values keeps HubSpot's column titles.
    static let hubSpotCSV = """
        Record ID,Deal Name,Deal Stage,Create Date,Close Date
        101,Acme renewal,closedwon,1709251200000,1711886400000
        102,Globex pilot,closedwon,1709596800000,1710460800000

        """
    static let hubSpotColumns = [("columns.id", "Record ID"), ("columns.createdAt", "Create Date"), ("columns.closedAt", "Close Date")]

    @Test func unixMillisInHubSpotsCSV() throws {
        let result = try RecordLinesTests.evaluate("sales-cycle-length", .csv, Self.hubSpotCSV, Self.hubSpotColumns + [("dateFormat", "unixMillis")]).get()
        #expect(abs(result.value - Self.mean) < 1e-9)
        // Without the option the 422 names the value met and the formats that read it.
        let issues = RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .csv, Self.hubSpotCSV, Self.hubSpotColumns))
        #expect(issues.first == .at("/deals/0/Create Date", #"must be an ISO 8601 date (2024-03-01) or date-time with an offset (2024-03-01T09:30:00Z, 2024-03-01 09:30 +0200); met "1709251200000" (dateFormat "unixMillis" reads it) (line 2, column 4)"#))
    }

    @Test func unixSecondsAsJSONNumbersAndStrings() throws {
        let body = #"{"dateFormat":"unix","deals":[{"id":"a","createdAt":1709251200,"closedAt":"1711886400"},"#
            + #"{"id":"b","createdAt":1709596800.0,"closedAt":1710460800}]}"#
        let result = try ReadingOptionsTests.evaluate("sales-cycle-length", json: body).get()
        #expect(abs(result.value - Self.mean) < 1e-9)
        // Without the option none of the four is a date; the string names the format that reads it.
        let iso = RecordLinesTests.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: body.replacing(#""dateFormat":"unix","#, with: "")))
        #expect(iso.map(\.pointer) == ["/deals/0/createdAt", "/deals/0/closedAt", "/deals/1/createdAt", "/deals/1/closedAt"])
        #expect(iso[1].detail.hasSuffix(#"; met "1711886400" (dateFormat "unix" or "unixMillis" reads it)"#))
        // With it, a word is no date either.
        let word = #"{"dateFormat":"unix","deals":[{"id":"a","createdAt":"2024-03-01","closedAt":true}]}"#
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: word)) == [
            .at("/deals/0/createdAt", #"must be seconds since 1970-01-01T00:00:00Z (dateFormat "unix": 1711305000 or 1711305000.25); met "2024-03-01" (dateFormat "iso" reads it)"#),
            .at("/deals/0/closedAt", #"must be a string holding a date written as dateFormat "unix""#),
        ])
    }

    @Test func aPatternWithAnOffsetInNDJSON() throws {
        // 01.03.2024 01:00 +0100 is 2024-03-01T00:00Z; the others are written at +00:00 or Z.
        let ndjson = #"{"id":"a","createdAt":"01.03.2024 01:00 +0100","closedAt":"31.03.2024 12:00 Z"}"# + "\n"
            + #"{"id":"b","createdAt":"05.03.2024 00:00 +00:00","closedAt":"15.03.2024 00:00 Z"}"# + "\n"
        let result = try RecordLinesTests.evaluate("sales-cycle-length", .ndjson, ndjson, [("dateFormat", "DD.MM.YYYY HH:mm Z")]).get()
        #expect(abs(result.value - Self.mean) < 1e-9)
        let bad = #"{"id":"a","createdAt":"2024-03-01","closedAt":"31.02.2024 12:00 Z"}"# + "\n"
        #expect(RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .ndjson, bad, [("dateFormat", "DD.MM.YYYY HH:mm Z")])) == [
            .at("/deals/0/createdAt", #"must be a date written as dateFormat "DD.MM.YYYY HH:mm Z"; met "2024-03-01" (dateFormat "iso" reads it) (line 1)"#),
            .at("/deals/0/closedAt", #"is not a real date or time; met "31.02.2024 12:00 Z" (line 1)"#),
        ])
    }

    /// SurveyMonkey's response export: `Respondent ID`, `Collector ID`, `Start Date`, `End Date` written
    /// `MM/DD/YYYY hh:mm:ss AM` in the account's zone, without an offset. They read as local date-times: without
    /// the `timeZone` option, a 422 that names it on each row; with it, in that zone.
    @Test func surveyMonkeysLocalDatesNameTheMissingOffset() throws {
        let csv = """
            Respondent ID,Collector ID,Start Date,End Date,IP Address,How likely are you to recommend us to a friend?
            114489208132,431234567,03/24/2024 06:48:12 PM,03/24/2024 06:50:00 PM,203.0.113.7,9
            114489211045,431234567,03/25/2024 09:01:30 AM,03/25/2024 09:03:02 AM,198.51.100.20,6

            """
        let parameters = [("columns.id", "Respondent ID"), ("columns.respondedAt", "End Date"),
                          ("columns.score", "How likely are you to recommend us to a friend?"), ("dateFormat", "MM/DD/YYYY hh:mm:ss A")]
        let issues = RecordLinesTests.issues(try RecordLinesTests.evaluate("nps", .csv, csv, parameters))
        let missing = #"has no time zone offset: dateFormat "MM/DD/YYYY hh:mm:ss A" has no Z, so give the timeZone option, the IANA zone of these local times ("timeZone": "America/New_York"), or add Z to the pattern and an offset (+02:00) to the dates"#
        #expect(issues == [
            .at("/responses/0/End Date", missing + #"; met "03/24/2024 06:50:00 PM" (line 2, column 4)"#),
            .at("/responses/1/End Date", missing + #"; met "03/25/2024 09:03:02 AM" (line 3, column 4)"#),
        ])
        // With the offset added to the file and Z to the pattern, the scores read: one promoter (9), one
        // detractor (6): NPS = (1 − 1) / 2 × 100 = 0.
        let offset = csv.replacing(" PM,203", with: " PM +0000,203").replacing(" AM,198", with: " AM +0000,198")
        let result = try RecordLinesTests.evaluate("nps", .csv, offset, parameters.dropLast() + [("dateFormat", "MM/DD/YYYY hh:mm:ss A Z")]).get()
        #expect(result.value == 0)
        // The file as exported, with the account's zone given: the same scores.
        let local = try RecordLinesTests.evaluate("nps", .csv, csv, parameters + [("timeZone", "America/Los_Angeles")]).get()
        #expect(local.value == 0)
    }

    @Test func aDateFormatThatIsNoneIsA422() throws {
        let body = #"{"dateFormat":"DD/MM","deals":[{"createdAt":"2024-03-01","closedAt":"2024-03-02"}]}"#
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: body)) == [
            .at("/dateFormat", #"must be "iso", "unix", "unixMillis" or a pattern of YYYY MM DD hh HH mm ss SSS A Z with YYYY, MM and DD ("MM/DD/YYYY hh:mm:ss A"); met "DD/MM""#),
        ])
        #expect(RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .csv, "createdAt\n2024-03-01\n", [("dateFormat", "hh")])).map(\.pointer)
            == ["/dateFormat"])
    }

    @Test func badDatesAreSkippedUnderInvalidRowsSkip() throws {
        let csv = Self.hubSpotCSV + "103,Initech,closedwon,yesterday,1711886400000\n"
        let result = try RecordLinesTests.evaluate("sales-cycle-length", .csv, csv, Self.hubSpotColumns + [("dateFormat", "unixMillis"), ("invalidRows", "skip")]).get()
        #expect(abs(result.value - Self.mean) < 1e-9)
        #expect(result.skipped?.problems.groups.first?.first == ["/deals/2/Create Date"])
    }
}
