import HTTPServer
import JSON
import KPICore
import Testing

@testable import KPIService

/// Record KPIs over a socket and in process with NDJSON and CSV bodies: the media types each route takes,
/// the query parameters, and the problems.
@Suite("Record bodies (NDJSON, CSV)")
struct RecordBodiesTests {
    static let csv = "id,createdAt,closedAt,rep\r\nd1,2024-01-01,2024-01-31,alice\r\nd2,2024-01-10,2024-02-19,bob\r\n"
    static let ndjson = #"{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-31","rep":"alice"}"# + "\n"
        + #"{"id":"d2","createdAt":"2024-01-10","closedAt":"2024-02-19","rep":"bob"}"# + "\n"
    static let json = #"{"deals":[{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-31","rep":"alice"},{"id":"d2","createdAt":"2024-01-10","closedAt":"2024-02-19","rep":"bob"}]}"#

    @Test(arguments: TestTransport.allCases)
    func csvAndNDJSONAnswerWhatTheJSONBodyAnswers(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let expected = try #require(try client.execute(.post, "/sales-cycle-length", body: Self.json).json)
            for (body, type) in [(Self.csv, "text/csv; charset=utf-8"), (Self.ndjson, "application/x-ndjson")] {
                let reply = try client.execute(.post, "/sales-cycle-length", body: body, contentType: type)
                #expect(reply.status == 200, "\(type): \(reply.text)")
                #expect(reply.json == expected, "\(type)")
            }
        }
    }

    /// Excel and CRM exports start with a UTF-8 byte-order mark: skipped in every media type, so a HubSpot
    /// header's first column is `Record ID`, not `\u{FEFF}Record ID`; the reading options come as query
    /// parameters (percent- and form-decoded) and the unread columns are named once in `warnings`.
    @Test(arguments: TestTransport.allCases)
    func aByteOrderMarkIsSkippedAndColumnsAreMapped(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let expected = try #require(try client.execute(.post, "/sales-cycle-length", body: Self.json).json)
            let bom = "\u{FEFF}"
            for (body, type) in [(bom + Self.csv, "text/csv"), (bom + Self.ndjson, "application/x-ndjson"), (bom + Self.json, "application/json")] {
                let reply = try client.execute(.post, "/sales-cycle-length", body: body, contentType: type)
                #expect(reply.json == expected, "\(type): \(reply.text)")
            }
            let hubSpot = bom + "Record ID,Deal Name,Create Date,Close Date,Deal owner\r\nd1,Acme,2024-01-01,2024-01-31,alice\r\nd2,Globex,2024-01-10,2024-02-19,bob\r\n"
            let reply = try client.execute(
                .post, "/sales-cycle-length?columns.id=Record+ID&columns.createdAt=Create%20Date&columns.closedAt=Close+Date&columns.rep=Deal+owner",
                body: hubSpot, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["value"] == expected["value"])
            #expect(reply.json?["warnings"]?.arrayValue?.first == #"ignored 1 name in the records that this KPI does not read: "Deal Name""#)
            let unmapped = try client.execute(.post, "/sales-cycle-length", body: hubSpot, contentType: "text/csv")
            #expect(unmapped.status == 422)
            #expect(unmapped.json?["errors"]?.arrayValue?.first?["pointer"] == "/columns/createdAt")
        }
    }

    /// One date problem on many lines is one `grouped` entry (before the errors) with its count and first
    /// three pointers; with `invalidRows=skip` the same rows are left out and reported in `skipped`.
    @Test(arguments: TestTransport.allCases)
    func problemsOnManyRowsAreGroupedOrSkipped(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let bad = (0..<5).map { "x\($0),03/0\($0 + 1)/2024,2024-03-31\n" }.joined()
            let csv = "id,createdAt,closedAt\n" + bad + "d1,2024-01-01,2024-01-31\n"
            let reply = try client.execute(.post, "/sales-cycle-length", body: csv, contentType: "text/csv")
            #expect(reply.status == 422)
            let object = try #require(reply.json?.objectValue)
            #expect(Array(object.keys.suffix(2)) == ["grouped", "errors"])
            let grouped = try #require(object["grouped"]?.arrayValue)
            #expect(grouped.count == 1)
            #expect(grouped.first?["field"] == "createdAt")
            #expect(grouped.first?["rows"] == 5)
            #expect(grouped.first?["detail"]?.stringValue?.hasPrefix("must be an ISO 8601 date") == true)
            #expect(grouped.first?["first"] == ["/deals/0/createdAt", "/deals/1/createdAt", "/deals/2/createdAt"])
            #expect(object["errors"]?.arrayValue?.count == 5)
            let skipped = try client.execute(.post, "/sales-cycle-length?invalidRows=skip", body: csv, contentType: "text/csv")
            #expect(skipped.status == 200, "\(skipped.text)")
            #expect(skipped.json?["value"] == 30)
            #expect(skipped.json?["skipped"]?["rows"] == 5)
            #expect(skipped.json?["skipped"]?["problems"]?.arrayValue?.first?["rows"] == 5)
        }
    }

    /// A German export: `;` between fields (percent-encoded in the query) and `1.234,50 €` amounts. Quota
    /// attainment over the team is (1234.5 + 800) / 2000 × 100 = 101.725 % (worked by hand).
    @Test(arguments: TestTransport.allCases)
    func delimiterAndNumberFormatComeAsQueryParameters(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let csv = "rep;actualSales;quota\r\nalice;1.234,50 €;1.000 €\r\nbob;800;EUR 1000\r\n"
            let reply = try client.execute(.post, "/quota-attainment?delimiter=%3B&numberFormat=de", body: csv, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["value"]?.numberValue.map { abs($0.double - 101.725) < 1e-9 } == true)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func closeRateReadsDealsAsCSVAndNDJSONWithTheBasisAsAQueryParameter(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            // Won, lost and open (an empty cell is absent): decided 1 of 2 = 50 %, created 1 of 3.
            let csv = "id,createdAt,closedAt,outcome,rep\r\nd1,2024-01-01,2024-01-31,won,alice\r\nd2,2024-01-10,2024-02-19,lost,bob\r\nd3,2024-01-12,,open,bob\r\n"
            let ndjson = #"{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-31","outcome":"won","rep":"alice"}"# + "\n"
                + #"{"id":"d2","createdAt":"2024-01-10","closedAt":"2024-02-19","outcome":"lost","rep":"bob"}"# + "\n"
                + #"{"id":"d3","createdAt":"2024-01-12","outcome":"open","rep":"bob"}"# + "\n"
            for (body, type) in [(csv, "text/csv"), (ndjson, "application/x-ndjson")] {
                let decided = try client.execute(.post, "/close-rate", body: body, contentType: type)
                #expect(decided.status == 200, "\(type): \(decided.text)")
                #expect(decided.json?["value"] == 50 && decided.json?["breakdown"]?["basis"] == "decided", "\(type)")
                let created = try client.execute(.post, "/close-rate?basis=created", body: body, contentType: type)
                #expect(created.json?["breakdown"]?["deals"] == 3 && created.json?["breakdown"]?["wonDeals"] == 1, "\(type): \(created.text)")
            }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func queryParametersCarryTheOtherInputsPercentDecoded(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let deal = #"{"id":"d-1","stage":"lead in","enteredAt":"2024-03-01"}"# + "\n" + #"{"id":"d-1","stage":"won","enteredAt":"2024-03-05"}"#
            let reply = try client.execute(
                .post, "/pipeline-stages?stages=lead+in,w%6Fn&target.value=50", body: deal, contentType: "application/x-ndjson")
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["value"] == 100)
            #expect(reply.json?["goal"]?["target"] == 50)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func eachRouteTakesTheFormatsItsRecordsFit(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let cac = try client.execute(.post, "/cac", body: "{}\n", contentType: "application/x-ndjson")
            #expect(cac.status == 415)
            #expect(cac.json?["type"] == "/problems/unsupported-media-type")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func linesThatAreNotNDJSONOrCSVAre400WithTheLine(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/sales-cycle-length", body: Self.ndjson + "{oops}\n", contentType: "application/x-ndjson")
            #expect(reply.status == 400)
            #expect(reply.json?["type"] == "/problems/malformed-records")
            #expect(reply.json?["detail"]?.stringValue?.hasPrefix("the body is not NDJSON: line 3: ") == true)
            let csv = try client.execute(.post, "/sales-cycle-length", body: "id,createdAt\n\"d1,2024-01-01\n", contentType: "text/csv")
            #expect(csv.status == 400)
            #expect(csv.json?["detail"] == "the body is not CSV: line 2: a quoted field is not closed")
        }
    }

    @Test func theOpenAPIDocumentDescribesTheLineBodiesAndTheirParameters() throws {
        let operation = try #require(OpenAPIDocument.json()["paths"]?["/pipeline-stages"]?["post"])
        let content = try #require(operation["requestBody"]?["content"]?.objectValue)
        #expect(content.keys == ["application/json", "application/x-ndjson", "text/csv"])
        // The long form: one line per stage entry.
        #expect(content["text/csv"]?["example"]?.stringValue?.hasPrefix("id,stage,enteredAt,outcome\r\nd-1,lead,2024-03-01,won\r\nd-1,qualified,2024-03-04,won\r\n") == true)
        let names = operation["parameters"]?.arrayValue?.compactMap { $0["name"]?.stringValue }
        #expect(names == ["stages", "lostStage", "target.value", "target.direction", "target.deadline",
                          "columns.id", "columns.history", "columns.outcome", "columns.stage", "columns.enteredAt", "unknownFields", "invalidRows",
                          "numberFormat", "delimiter", "dateFormat", "timeZone", "values.outcome.{word}", "source", "recordsAt", "groupBy"])
        let sales = try #require(OpenAPIDocument.json()["paths"]?["/sales-cycle-length"]?["post"]?["requestBody"]?["content"]?.objectValue)
        #expect(sales.keys == ["application/json", "application/x-ndjson", "text/csv"])
        #expect(sales["text/csv"]?["example"]?.stringValue?.hasPrefix("id,createdAt,closedAt,rep\r\n") == true)
    }
}

@Suite("Query parameters beside a JSON body")
struct QueryBesideJSONTests {
    @Test(arguments: TestTransport.allCases)
    func areA422AtTheFieldTheyName(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/sales-cycle-length?target.value=3", body: RecordBodiesTests.json)
            #expect(reply.status == 422)
            #expect(reply.json?["errors"]?.arrayValue?.first?["pointer"] == "/target/value")
        }
    }
}

/// The catalogue's `mediaTypes` and `groupBy` over HTTP (both transports).
@Suite("Media types and groupBy over HTTP") struct MediaTypesAndGroupByTests {
    @Test(arguments: TestTransport.allCases)
    func theCatalogueListsTheBodyTypesEachKPIReads(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let catalogue = try #require(try client.execute(.get, "/kpis").json?["kpis"]?.arrayValue)
            for entry in catalogue {
                let id = try #require(entry["id"]?.stringValue)
                let definition = try #require(KPIRegistry.all.first { $0.id == id })
                let expected = ["application/json"] + definition.recordFormats.map { $0 == .csv ? "text/csv" : "application/x-ndjson" }
                #expect(entry["mediaTypes"]?.arrayValue?.compactMap(\.stringValue) == expected, "\(id)")
            }
            // Every KPI over one record array reads all three, /close-rate and /pipeline-stages included.
            for id in ["close-rate", "pipeline-stages", "sales-cycle-length", "nps"] {
                let entry = catalogue.first { $0["id"]?.stringValue == id }
                #expect(entry?["mediaTypes"]?.arrayValue?.count == 3, "\(id)")
            }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func groupByIsAQueryParameterBesideCSV(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            // Tickets of 2 and 4 hours at priority high (mean 3), 10 hours at low.
            let csv = "openedAt,resolvedAt,Priority\r\n2024-03-01T08:00:00Z,2024-03-01T10:00:00Z,high\r\n"
                + "2024-03-01T08:00:00Z,2024-03-01T12:00:00Z,high\r\n2024-03-01T08:00:00Z,2024-03-01T18:00:00Z,low\r\n"
            let reply = try client.execute(.post, "/resolution-time?groupBy=Priority", body: csv, contentType: "text/csv")
            #expect(reply.status == 200, "\(reply.text)")
            let groups = reply.json?["groups"]?.arrayValue
            #expect(groups?.map { $0["key"]?.stringValue ?? "" } == ["high", "low"])
            #expect(groups?.map { $0["value"]?.numberValue?.double ?? -1 } == [3, 10])
            let refused = try client.execute(.post, "/pipeline-stages?stages=lead,won&groupBy=id", body: "id,stage,enteredAt\r\nd1,lead,2024-03-01\r\n", contentType: "text/csv")
            #expect(refused.status == 422)
            #expect(refused.json?["errors"]?.arrayValue?.first?["pointer"] == "/groupBy")
        }
    }

    @Test func eachPointOfASeriesGroupsItsOwnRecords() throws {
        // EU: 2 days, closed in March; US: 35 days, closed in April; each month's point groups its own deals.
        let body = #"{"kpi":"sales-cycle-length","period":"month","input":{"groupBy":"region","deals":["#
            + #"{"createdAt":"2024-03-01","closedAt":"2024-03-03","region":"EU"},{"createdAt":"2024-03-01","closedAt":"2024-04-05","region":"US"}]}}"#
        let reply = try Application.testing().test(.inProcess) { try $0.execute(.post, "/series", body: body) }
        #expect(reply.status == 200, "\(reply.text)")
        let points = reply.json?["points"]?.arrayValue ?? []
        #expect(points.map { $0["result"]?["groups"]?.arrayValue?.compactMap { $0["key"]?.stringValue } ?? [] } == [["EU"], ["US"]])
    }
}
