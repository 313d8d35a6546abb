import JSON
import Testing

@testable import KPICore

/// The reading options `columns` and `unknownFields`, and the hint for a required field without a column,
/// in JSON, NDJSON and CSV alike.
///
/// The deals below are two closed deals: 2024-03-01 → 2024-03-31T12:00Z is 30 days (a date-only end makes the
/// duration count calendar days: March 1 to March 31) and 2024-03-05 → 2024-03-15 is 10 days, so the mean sales
/// cycle is (30 + 10) / 2 = 20 days (worked by hand).
@Suite("Reading options")
struct ReadingOptionsTests {
    static let expectedMean = 20.0

    /// Evaluates a JSON body given as text (so the order of its members is the test's).
    static func evaluate(_ id: String, json text: String) throws -> Result<KPIResult, BodyError> {
        let definition = try Fixture.kpi(id)
        return Array(text.utf8).withUnsafeBytes { bytes in
            Result { () throws(BodyError) -> KPIResult in try definition.evaluate(json: bytes) }
        }
    }

    static let hubSpotDeals = #"[{"Record ID":"d-1","Create Date":"2024-03-01","Close Date":"2024-03-31T12:00:00Z","Amount":"1200"},"#
        + #"{"Record ID":"d-2","Create Date":"2024-03-05","Close Date":"2024-03-15","Amount":"800"}]"#
    static let columns = #"{"id":"Record ID","createdAt":"Create Date","closedAt":"Close Date"}"#

    @Test func columnsMapMembersInJSONWhereverTheOptionsStand() throws {
        for body in [
            #"{"columns":\#(Self.columns),"unknownFields":"ignore","deals":\#(Self.hubSpotDeals)}"#,
            // Options after the records: the records are read again with them, their first problems taken back.
            #"{"deals":\#(Self.hubSpotDeals),"columns":\#(Self.columns),"unknownFields":"ignore"}"#,
            #"{"unknownFields":"ignore","deals":\#(Self.hubSpotDeals),"columns":\#(Self.columns)}"#,
        ] {
            let result = try Self.evaluate("sales-cycle-length", json: body).get()
            #expect(result.value == Self.expectedMean, "\(body)")
            #expect(result.warnings.first == #"ignored 1 name in the records that this KPI does not read: "Amount""#, "\(body)")
        }
    }

    @Test func unknownMembersAreRejectedInJSONByDefaultAndProblemsAfterTheRecordsStay() throws {
        let body = #"{"deals":\#(Self.hubSpotDeals),"colour":"red","columns":\#(Self.columns)}"#
        // The records are read again once `columns` is met, so their problems follow the one before it.
        #expect(RecordLinesTests.issues(try Self.evaluate("sales-cycle-length", json: body)) == [
            .at("/colour", "is not a known field"),
            .at("/deals/0/Amount", "is not a known field"),
            .at("/deals/1/Amount", "is not a known field"),
        ])
    }

    /// In JSON and NDJSON the hint comes when no record has the field and they hold names that are no field
    /// (a record that merely leaves a field out gets "is required" alone); in CSV whenever the header lacks it.
    @Test func aRequiredFieldWithoutAColumnGetsTheNearestOne() throws {
        let body = #"{"deals":[{"Record ID":"d-1","created_at":"2024-03-01","Close Date":"2024-03-31"}],"unknownFields":"ignore"}"#
        #expect(RecordLinesTests.issues(try Self.evaluate("sales-cycle-length", json: body)) == [
            .at("/columns/createdAt", #"is required, and the records have no column "createdAt" (columns found: "Record ID", "created_at", "Close Date"); the nearest is "created_at": set columns.createdAt to "created_at" to read it"#),
            .at("/deals/0/createdAt", "is required"),
        ])
        let csv = "Record ID,Deal Name,Create Date,Close Date\nd-1,Acme,2024-03-01,2024-03-31\n"
        #expect(RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .csv, csv)) == [
            .at("/columns/createdAt", #"is required, and the records have no column "createdAt" (columns found: "Record ID", "Deal Name", "Create Date", "Close Date"); the nearest is "Create Date": set columns.createdAt to "Create Date" to read it"#),
        ])
        let ndjson = #"{"CreatedDate":"2024-03-01"}"#
        #expect(RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .ndjson, ndjson)).first
            == .at("/columns/createdAt", #"is required, and the records have no column "createdAt" (columns found: "CreatedDate"); the nearest is "CreatedDate": set columns.createdAt to "CreatedDate" to read it"#))
        // A mapped column that is not there is looked for under its mapped name.
        let mapped = try RecordLinesTests.evaluate("sales-cycle-length", .csv, "Created\n2024-03-01\n", [("columns.createdAt", "Create Date")])
        #expect(RecordLinesTests.issues(mapped) == [
            .at("/columns/createdAt", #"is required, and the records have no column "Create Date" (columns found: "Created"); the nearest is "Created": set columns.createdAt to "Created" to read it"#),
        ])
    }

    @Test func csvIgnoresUnknownColumnsByDefaultAndListsThemOnce() throws {
        let csv = "\"Record ID\",Deal Name,Create Date,Close Date,Amount\nd-1,Acme,2024-03-01,2024-03-31T12:00:00Z,\"$1,200\"\nd-2,Globex,2024-03-05,2024-03-15,800\n"
        let parameters = [("columns.id", "Record ID"), ("columns.createdAt", "Create Date"), ("columns.closedAt", "Close Date")]
        let result = try RecordLinesTests.evaluate("sales-cycle-length", .csv, csv, parameters).get()
        #expect(result.value == Self.expectedMean)
        #expect(result.warnings.first == #"ignored 2 names in the records that this KPI does not read: "Deal Name", "Amount""#)
        let rejected = try RecordLinesTests.evaluate("sales-cycle-length", .csv, csv, parameters + [("unknownFields", "reject")])
        #expect(RecordLinesTests.issues(rejected) == [
            .at("/deals", #"column 2 ("Deal Name") is not a known field"#),
            .at("/deals", #"column 5 ("Amount") is not a known field"#),
        ])
    }

    @Test func ndjsonTakesTheOptionsAsQueryParameters() throws {
        let ndjson = #"{"Record ID":"d-1","Create Date":"2024-03-01","Close Date":"2024-03-31T12:00:00Z","Amount":1}"# + "\n"
            + #"{"Record ID":"d-2","Create Date":"2024-03-05","Close Date":"2024-03-15","Amount":2}"#
        let parameters = [("columns.id", "Record ID"), ("columns.createdAt", "Create Date"), ("columns.closedAt", "Close Date")]
        let result = try RecordLinesTests.evaluate("sales-cycle-length", .ndjson, ndjson, parameters + [("unknownFields", "ignore")]).get()
        #expect(result.value == Self.expectedMean)
        #expect(result.warnings.first == #"ignored 1 name in the records that this KPI does not read: "Amount""#)
        // NDJSON rejects by default, and a problem names the member as the record spells it.
        let bad = #"{"Record ID":"d-1","Create Date":"2024-02-30"}"#
        #expect(RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .ndjson, bad, parameters)) == [
            .at("/deals/0/Create Date", #"is not a real date or time; met "2024-02-30" (line 1)"#),
        ])
    }

    @Test func columnsThatNameOneColumnTwiceOrNoFieldAreProblems() throws {
        let body = #"{"deals":[{"createdAt":"2024-03-01","closedAt":"2024-03-02"}],"columns":{"createdAt":"closedAt","colour":"x"}}"#
        #expect(RecordLinesTests.issues(try Self.evaluate("sales-cycle-length", json: body)) == [
            .at("/columns/colour", "is not a known field"),
            .at("/columns/createdAt", #"names "closedAt", which is also the column of closedAt: each field needs a column of its own"#),
        ])
        #expect(RecordLinesTests.issues(try Self.evaluate("sales-cycle-length", json: #"{"deals":[{"createdAt":"2024-03-01"}],"unknownFields":"maybe"}"#))
            == [.at("/unknownFields", #"must be one of "reject", "ignore""#)])
    }

    /// The options are declared once for every KPI over one record array, and listed in its input schema.
    @Test func everyRecordKPIListsTheOptions() throws {
        for definition in KPIRegistry.all where definition.recordInput != nil {
            // `values` is declared when the records have a choice field.
            let choices = definition.recordInput.map { input in
                if case .records(let fields) = input.kind { fields.contains { if case .choice = $0.kind { true } else { false } } } else { false }
            } ?? false
            #expect(definition.readingOptions.map(\.name) == ["columns", "unknownFields", "invalidRows", "numberFormat", "delimiter", "dateFormat", "timeZone"]
                + (choices ? ["values"] : []) + ["source", "recordsAt", "groupBy"], "\(definition.id)")
            let properties = definition.inputSchema.objectValue?["properties"]?.objectValue
            #expect(properties?["columns"] != nil && properties?["unknownFields"] != nil, "\(definition.id)")
        }
        #expect(RecordLinesTests.issues(try Self.evaluate("sales-cycle-length", json: #"{"deals":[{"closedAt":"2024-03-01"}]}"#))
            == [.at("/deals/0/createdAt", "is required")])
    }
}

/// `invalidRows: "skip"`: records with problems, found reading or computing, are left out and reported.
@Suite("Reading options: invalid rows")
struct InvalidRowsTests {
    /// Of four deals, one has an impossible date (a reading problem) and one closes before it was created
    /// (a problem the KPI finds): the two left are 30.5 and 10 days, mean 20.25 (worked by hand).
    @Test func badRecordsAreLeftOutAndReported() throws {
        let body = #"{"invalidRows":"skip","deals":[{"id":"a","createdAt":"2024-03-01","closedAt":"2024-03-31T12:00:00Z"},"#
            + #"{"id":"b","createdAt":"2024-02-30","closedAt":"2024-03-10"},{"id":"c","createdAt":"2024-03-20","closedAt":"2024-03-15"},"#
            + #"{"id":"d","createdAt":"2024-03-05","closedAt":"2024-03-15"}]}"#
        let result = try ReadingOptionsTests.evaluate("sales-cycle-length", json: body).get()
        #expect(result.value == ReadingOptionsTests.expectedMean)
        let skipped = try #require(result.skipped)
        #expect(skipped.rows == 2)
        #expect(skipped.problems.groups.map(\.field) == ["createdAt", "closedAt"])
        #expect(skipped.problems.groups.map(\.rows) == [1, 1])
        #expect(skipped.problems.groups.map(\.first) == [["/deals/1/createdAt"], ["/deals/2/closedAt"]])
        #expect(result.warnings.contains("skipped 2 records with problems (invalidRows: skip); `skipped` lists each problem"))
        #expect(RecordLinesTests.text(result).contains(#""skipped":{"rows":2,"problems":[{"field":"createdAt","detail":"is not a real date or time","rows":1,"first":["/deals/1/createdAt"]}"#))
        // The same body without the option is a 422 naming both.
        let rejected = RecordLinesTests.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: body.replacing(#""invalidRows":"skip","#, with: "")))
        #expect(rejected.map(\.pointer) == ["/deals/1/createdAt", "/deals/2/closedAt"])
    }

    @Test func csvCountsOneProblemOnManyRowsOnce() throws {
        let bad = (1...10).map { "x\($0),2024-13-0\($0 % 9 + 1),2024-03-31\n" }.joined()
        let csv = "id,createdAt,closedAt\n" + bad + "a,2024-03-01,2024-03-31T12:00:00Z\nd,2024-03-05,2024-03-15\n"
        let result = try RecordLinesTests.evaluate("sales-cycle-length", .csv, csv, [("invalidRows", "skip")]).get()
        #expect(result.value == ReadingOptionsTests.expectedMean)
        #expect(result.skipped?.rows == 10)
        #expect(result.skipped?.problems.groups.count == 1)
        #expect(result.skipped?.problems.groups.first?.rows == 10)
        #expect(result.skipped?.problems.groups.first?.first == ["/deals/0/createdAt", "/deals/1/createdAt", "/deals/2/createdAt"])
    }

    @Test func noRecordLeftIsA422WithEveryProblem() throws {
        let ndjson = #"{"createdAt":"2024-02-30"}"# + "\n" + #"{"createdAt":"soon"}"#
        let issues = RecordLinesTests.issues(try RecordLinesTests.evaluate("sales-cycle-length", .ndjson, ndjson, [("invalidRows", "skip")]))
        #expect(issues.map(\.pointer) == ["/deals/0/createdAt", "/deals/1/createdAt", "/deals"])
        #expect(issues.last?.detail == "has no record left once those with problems are skipped")
        // Records the KPI refuses are not all left out either: the request stays a 422.
        let refused = #"{"invalidRows":"skip","deals":[{"createdAt":"2024-03-20","closedAt":"2024-03-15"}]}"#
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("sales-cycle-length", json: refused)).map(\.pointer) == ["/deals/0/closedAt"])
    }
}

/// `numberFormat` and `delimiter`. Quota attainment is actual sales / quota × 100: 1234.5 / 1000 × 100 =
/// 123.45 % for alice and 800 / 1000 × 100 = 80 % for bob; over the team (1234.5 + 800) / 2000 × 100 =
/// 101.725 % (worked by hand).
@Suite("Reading options: numbers and separators")
struct NumberFormatOptionTests {
    static let team = 101.725

    @Test func germanCSVWithSemicolonsAndEuros() throws {
        let csv = "rep;actualSales;quota\nalice;1.234,50 €;1.000 €\nbob;800;EUR 1000\n"
        let result = try RecordLinesTests.evaluate("quota-attainment", .csv, csv, [("delimiter", ";"), ("numberFormat", "de")]).get()
        #expect(abs(result.value - Self.team) < 1e-9)
        // Without the options: the header is one column, and the 422 says which delimiter reads it.
        let issues = RecordLinesTests.issues(try RecordLinesTests.evaluate("quota-attainment", .csv, csv))
        #expect(issues.first == .at("/delimiter", #"is ",", and the header is one column holding ";" ("rep;actualSales;quota"): send delimiter=; to read it"#))
    }

    @Test func englishNumbersWithCurrencyAndTabs() throws {
        let csv = "rep\tactualSales\tquota\nalice\t\"$1,234.50\"\t$1,000\nbob\t800.00 USD\t1000\n"
        let result = try RecordLinesTests.evaluate("quota-attainment", .csv, csv, [("delimiter", "\t"), ("numberFormat", "en")]).get()
        #expect(abs(result.value - Self.team) < 1e-9)
        // Plain (the default) refuses `$1,234.50`, quoting it and naming the layout that reads it.
        let plain = RecordLinesTests.issues(try RecordLinesTests.evaluate("quota-attainment", .csv, csv, [("delimiter", "\t")]))
        #expect(plain.first == .at("/reps/0/actualSales", #"must be a number; met "$1,234.50" (numberFormat "en" reads it) (line 2, column 2)"#))
    }

    @Test func jsonReadsNumbersAsStringsOnlyWithNumberFormat() throws {
        let body = #"{"reps":[{"rep":"alice","actualSales":"1234.5","quota":1000},{"rep":"bob","actualSales":800,"quota":"1,000"}]"#
        let result = try ReadingOptionsTests.evaluate("quota-attainment", json: body + #","numberFormat":"en"}"#).get()
        #expect(abs(result.value - Self.team) < 1e-9)
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("quota-attainment", json: body + "}")).map(\.pointer)
            == ["/reps/0/actualSales", "/reps/1/quota"])
        // Bounds still hold for a number read from text.
        let negative = #"{"reps":[{"rep":"a","actualSales":"-5","quota":1}],"numberFormat":"plain"}"#
        #expect(RecordLinesTests.issues(try ReadingOptionsTests.evaluate("quota-attainment", json: negative))
            == [.at("/reps/0/actualSales", "must not be negative")])
    }
}
