import JSON
import Testing

@testable import KPICore

/// Records sent as NDJSON or CSV: the same result as JSON, the same pointers, details naming the line.
@Suite("Record lines (NDJSON, CSV)")
struct RecordLinesTests {
    /// Evaluates `text` as record lines of the KPI `id`.
    static func evaluate(
        _ id: String, _ format: RecordFormat, _ text: String, _ parameters: [(name: String, value: String)] = []
    ) throws -> Result<KPIResult, BodyError> {
        let definition = try Fixture.kpi(id)
        return Array(text.utf8).withUnsafeBytes { bytes in
            Result { () throws(BodyError) -> KPIResult in try definition.evaluate(records: bytes, format: format, parameters: parameters) }
        }
    }

    static func issues(_ outcome: Result<KPIResult, BodyError>) -> [ValidationError.Issue] {
        guard case .failure(.invalid(let error)) = outcome else {
            Issue.record("expected a 422, got \(outcome)")
            return []
        }
        return error.issues
    }

    static func text(_ result: KPIResult) -> String {
        var writer = JSONWriter()
        result.write(to: &writer)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    static let json: JSONValue = ["deals": [
        ["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31T12:00:00Z", "rep": "alice"],
        ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob, jr"],
        ["id": "d-1", "createdAt": "2024-03-02", "closedAt": "2024-03-03"],
    ]]

    @Test func ndjsonGivesTheSameResultAsTheJSONBodyBlankLinesAndCRLFIncluded() throws {
        let expected = try Fixture.result("sales-cycle-length", Self.json)
        let text = """
            {"id":"d-1","createdAt":"2024-03-01","closedAt":"2024-03-31T12:00:00Z","rep":"alice"}\r

            {"id":"d-2","createdAt":"2024-03-05","closedAt":"2024-03-15","rep":"bob, jr"}
            {"id":"d-1","createdAt":"2024-03-02","closedAt":"2024-03-03"}
            """
        let result = try Self.evaluate("sales-cycle-length", .ndjson, text).get()
        #expect(Self.text(result) == Self.text(expected))
    }

    @Test func csvGivesTheSameResultWithColumnsInAnyOrderAndQuotedCells() throws {
        let expected = try Fixture.result("sales-cycle-length", Self.json)
        // RFC 4180 §2: a quoted cell may hold commas; `""` is a quote; an empty cell is an absent field.
        let text = "rep,closedAt,createdAt,id\r\nalice,2024-03-31T12:00:00Z,2024-03-01,d-1\r\n\"bob, jr\",2024-03-15,2024-03-05,\"d-2\"\r\n,2024-03-03,2024-03-02,d-1\r\n"
        let result = try Self.evaluate("sales-cycle-length", .csv, text).get()
        #expect(Self.text(result) == Self.text(expected))
    }

    @Test func ndjsonProblemsKeepTheirPointersAndNameTheirLine() throws {
        // Record 1 is on line 3 (line 2 is blank); record 2 closes before it was created (a compute check).
        let text = """
            {"id":"d-1","createdAt":"2024-03-01","closedAt":"2024-03-31"}

            {"id":"d-2","createdAt":"2024-02-30","closedAt":"2024-03-15"}
            {"id":"d-3","createdAt":"2024-03-20","closedAt":"2024-03-15","extra":1}
            """
        #expect(Self.issues(try Self.evaluate("sales-cycle-length", .ndjson, text)) == [
            .at("/deals/1/createdAt", #"is not a real date or time; met "2024-02-30" (line 3)"#),
            .at("/deals/2/extra", "is not a known field (line 4)"),
            .at("/deals/2/closedAt", "must not be before createdAt (line 4)"),
        ])
        let text2 = """
            {"id":"d-1","createdAt":"2024-03-01","closedAt":"2024-03-31"}
            {"id":"d-3","createdAt":"2024-03-20","closedAt":"2024-03-15"}
            """
        #expect(Self.issues(try Self.evaluate("sales-cycle-length", .ndjson, text2)) == [
            .at("/deals/1/closedAt", "must not be before createdAt (line 2)"),
        ])
    }

    @Test func csvProblemsNameTheirLineAndColumn() throws {
        // The unknown column `extra` is passed over (CSV's default `unknownFields`).
        let text = "id,createdAt,closedAt,extra\nd-1,2024-03-01,2024-03-31,x\nd-2,,2024-03-31\nd-3,2024-03-01,not a date,y\n"
        #expect(Self.issues(try Self.evaluate("sales-cycle-length", .csv, text)) == [
            .at("/deals/1/createdAt", "is required (line 3, column 2)"),
            .at("/deals/1", "has 3 fields; the header has 4 (line 3)"),
            .at("/deals/2/closedAt", #"must be an ISO 8601 date (2024-03-01) or date-time with an offset (2024-03-01T09:30:00Z, 2024-03-01 09:30 +0200); met "not a date" (line 4, column 3)"#),
        ])
        let missing = "id,closedAt\nd-1,2024-03-31\n"
        #expect(Self.issues(try Self.evaluate("sales-cycle-length", .csv, missing)).first
            == .at("/columns/createdAt", #"is required, and the records have no column "createdAt" (columns found: "id", "closedAt")"#))
        let numbers = "rep,actualSales,quota\nalice,abc,100\nbob,-5,100\n"
        #expect(Self.issues(try Self.evaluate("quota-attainment", .csv, numbers)) == [
            .at("/reps/0/actualSales", #"must be a number; met "abc" (line 2, column 2)"#),
            .at("/reps/1/actualSales", "must not be negative (line 3, column 2)"),
        ])
    }

    @Test func textThatIsNotNDJSONOrCSVIsMalformedAndSaysWhichLine() throws {
        guard case .failure(.malformedLines(let ndjson)) = try Self.evaluate("sales-cycle-length", .ndjson, "{\"id\":1}\n{\"id\" 2}\n") else {
            Issue.record("expected malformed lines")
            return
        }
        #expect(ndjson.hasPrefix("not NDJSON: line 2: "))
        // One value per line: neither two on a line nor one over two lines.
        for text in ["{\"id\":1} {\"id\":2}\n", "{\"id\":1,\n\"rep\":\"a\"}\n"] {
            guard case .failure(.malformedLines(let reason)) = try Self.evaluate("sales-cycle-length", .ndjson, text) else {
                Issue.record("expected malformed lines for \(text)")
                continue
            }
            #expect(reason.hasPrefix("not NDJSON: line 1: "), "\(reason)")
        }
        guard case .failure(.malformedLines(let csv)) = try Self.evaluate("sales-cycle-length", .csv, "id,createdAt\nd-1,\"2024-03-01\n") else {
            Issue.record("expected malformed lines")
            return
        }
        #expect(csv == "not CSV: line 2: a quoted field is not closed")
        guard case .failure(.malformedLines(let quote)) = try Self.evaluate("sales-cycle-length", .csv, "id,createdAt\nd\"1,x\n") else {
            Issue.record("expected malformed lines")
            return
        }
        #expect(quote.hasPrefix("not CSV: line 2: a quote inside an unquoted field"))
    }

    @Test func theOtherInputsComeAsQueryParametersWithTheirUsualChecks() throws {
        // The long form: one line per stage entry, lines sharing an id are one deal.
        let deals = #"{"id":"d-1","stage":"lead","enteredAt":"2024-03-01"}"# + "\n" + #"{"id":"d-1","stage":"won","enteredAt":"2024-03-05"}"#
        let result = try Self.evaluate("pipeline-stages", .ndjson, deals, [("stages", "lead,won"), ("target.value", "50")]).get()
        #expect(result.value == 100)
        #expect(result.goal?.target == 50)
        #expect(Self.issues(try Self.evaluate("pipeline-stages", .ndjson, deals, [
            ("stages", "lead,won"), ("stages", "lead"), ("target.value", "many"), ("colour", "red"), ("deals", "x"),
        ])) == [
            .at("/stages", "is given more than once"),
            .at("/deals", "is the body: send the records as lines, not as a parameter"),
            .at("/target/value", "must be a number"),
            .at("/colour", "is not a known field"),
        ])
        #expect(Self.issues(try Self.evaluate("pipeline-stages", .ndjson, deals)) == [.at("/stages", "is required")])
    }

    /// Found by schemathesis: a parameter with an empty name (`?=5`) trapped; every name is now a field name.
    @Test func parametersWithEmptyOrOddNamesAreUnknownFields() throws {
        let text = "openedAt\n2024-03-01\n"
        let outcome = try Self.evaluate("resolution-time", .csv, text, [("", "5"), ("target.", "1"), (".x", "2")])
        let issues = Self.issues(outcome)
        #expect(issues.contains(.at("/", "is not a known field")))
        #expect(issues.contains(.at("/target/", "is not a known field")))
    }

    /// A required field given as `null` in a record is missing, as in an object (found by schemathesis).
    @Test func aRequiredFieldGivenAsNullInARecordIsRequired() throws {
        #expect(try Fixture.issues("sales-cycle-length", ["deals": [["createdAt": nil, "closedAt": "2024-01-02"]]])
            == [.at("/deals/0/createdAt", "is required")])
    }

    @Test func anEmptyBodyIsAnEmptyRecordArray() throws {
        #expect(Self.issues(try Self.evaluate("sales-cycle-length", .ndjson, "\n\n")) == [.at("/deals", "must not be empty")])
        #expect(Self.issues(try Self.evaluate("sales-cycle-length", .csv, "id,createdAt,closedAt\n")) == [.at("/deals", "must not be empty")])
    }

    @Test func kpisWithARecordArrayOfCellsOrALongFormTakeCSV() throws {
        #expect(try Fixture.kpi("sales-cycle-length").recordFormats == [.ndjson, .csv])
        #expect(try Fixture.kpi("pipeline-stages").recordFormats == [.ndjson, .csv])
        #expect(try Fixture.kpi("cac").recordFormats == [])
    }
}

@Suite("CSV (RFC 4180)")
struct CSVTests {
    static func records(_ text: String) throws(CSV.SyntaxError) -> [(line: Int, fields: [String])] {
        let bytes = Array(text.utf8)
        return try bytes.withUnsafeBufferPointer { buffer throws(CSV.SyntaxError) in
            var csv = CSV(buffer)
            var out: [(Int, [String])] = []
            var fields: [String] = []
            while let line = try csv.nextRecord({ _, bytes in fields.append(String(decoding: bytes, as: UTF8.self)) }) {
                out.append((line, fields))
                fields = []
            }
            return out
        }
    }

    @Test func quotedFieldsHoldCommasQuotesAndLineBreaksAndLinesAreCounted() throws {
        let parsed = try Self.records("a,\"b,\"\"c\"\"\",d\r\n\"x\ny\",,z\n\nlast")
        #expect(parsed.map(\.line) == [1, 2, 5])
        #expect(parsed.map(\.fields) == [["a", "b,\"c\"", "d"], ["x\ny", "", "z"], ["last"]])
    }

    @Test func textAfterAClosingQuoteIsAnError() {
        #expect(throws: CSV.SyntaxError(line: 1, reason: "text after a closing quote (RFC 4180 §2)")) { try Self.records("\"a\"b,c\n") }
    }
}
