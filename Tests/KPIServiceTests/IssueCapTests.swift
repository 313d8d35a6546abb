import JSON
import KPICore
import Testing

@testable import KPIService

/// Every issue list is capped as the KPI readers' are: 1000 issues and one `""` issue counting the rest, so
/// that a body of many small mistakes does not become a problem document many times its size.
@Suite struct IssueCapTests {
    /// The `errors` of a 422 reply, failing the test on another status.
    static func errors(_ reply: Reply) -> [JSONValue] {
        #expect(reply.status == 422, "\(reply.text.prefix(300))")
        return reply.json?["errors"]?.arrayValue.map { Array($0) } ?? []
    }

    /// `count` unknown members `"u0":0,"u1":0,…` (with a trailing comma when any).
    static func unknownMembers(_ count: Int) -> String {
        (0..<count).map { #""u\#($0)":0,"# }.joined()
    }

    /// The last issue counts what is not listed.
    static func expectCapped(_ errors: [JSONValue], unlisted: String) {
        #expect(errors.count == IssueList.limit + 1)
        #expect(errors.last?["pointer"] == "")
        #expect(errors.last?["detail"] == .string("has \(unlisted) more problems not listed"))
    }

    // 100,000 unknown members (1.2 MB) before the envelope's known ones: 1000 listed, 99,000 counted, and an
    // answer about 60 KB long instead of 5 MB.
    @Test(arguments: TestTransport.allCases, [
        ("/compare", #"{\#(unknownMembers(100_000))"kpi":"churn-rate","a":{"customersLost":1,"customersAtStart":10},"b":{"customersLost":2,"customersAtStart":10}}"#),
        ("/batch", #"{\#(unknownMembers(100_000))"items":[]}"#),
        ("/series", #"{\#(unknownMembers(100_000))"kpi":"churn-rate","points":[{"period":"2024","input":{"customersLost":1,"customersAtStart":10}}]}"#),
    ])
    func anEnvelopeOfManyUnknownMembersAnswersABoundedProblem(transport: TestTransport, route: (path: String, body: String)) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, route.path, body: route.body)
            let errors = Self.errors(reply)
            Self.expectCapped(errors, unlisted: "99000")
            #expect(errors.first?["pointer"] == "/u0")
            #expect(reply.body.count < 100_000, "\(reply.body.count) bytes")
        }
    }

    /// Both sides of a compare with 1000 issues each (1000 unknown fields apiece): one list of 1000, the rest
    /// (the second side's issues) counted.
    @Test func bothSidesOfACompareShareOneCappedList() throws {
        let side = "{" + Self.unknownMembers(1_500) + #""customersLost":1,"customersAtStart":10}"#
        let body = #"{"kpi":"churn-rate","a":\#(side),"b":\#(side)}"#
        let reply = try Application.testing().test(.inProcess) { try $0.execute(.post, "/compare", body: body) }
        let errors = Self.errors(reply)
        #expect(errors.count == IssueList.limit + 1)
        #expect(errors.first?["pointer"] == "/a/u0")
        #expect(reply.body.count < 100_000)
    }

    /// A series of 1000 points each with two unknown fields: the issues of every point share one list.
    @Test func theIssuesOfManyPointsShareOneCappedList() throws {
        let points = (0..<1000).map { #"{"period":"\#(1000 + $0)","input":{"customersLost":1,"customersAtStart":10},"x":1,"y":2}"# }
        let reply = try Application.testing().test(.inProcess) {
            try $0.execute(.post, "/series", body: #"{"kpi":"churn-rate","points":[\#(points.joined(separator: ","))]}"#)
        }
        let errors = Self.errors(reply)
        Self.expectCapped(errors, unlisted: "1000")
        #expect(errors.first?["pointer"] == "/points/0/x")
        #expect(reply.body.count < 100_000)
    }

    // 1500 query parameters (8 KB of request target) beside a JSON body: 1000 issues and a count.
    @Test(arguments: TestTransport.allCases)
    func queryParametersBesideAJSONBodyAnswerABoundedProblem(transport: TestTransport) throws {
        let query = (0..<1_500).map { "q\($0)" }.joined(separator: "&")
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/churn-rate?" + query, body: #"{"customersLost":1,"customersAtStart":10}"#)
            let errors = Self.errors(reply)
            Self.expectCapped(errors, unlisted: "500")
            #expect(errors.first?["pointer"] == "/q0")
        }
    }

    // A CSV header of 2,000,000 empty names (2 MB of commas): only the first 1000 columns are read and
    // reported; the rest are one issue, and no string or array entry is kept per name.
    @Test func aCSVHeaderOfMillionsOfColumnsIsCutBeforeItIsStored() throws {
        let header = String(repeating: ",", count: 1_999_999)
        let body = "id,createdAt,closedAt" + header + "\nd1,2024-01-01,2024-01-10\n"
        let reply = try Application.testing().test(.inProcess) {
            // unknownFields=reject: each unknown column is a problem (CSV ignores them by default).
            try $0.execute(.post, "/sales-cycle-length?unknownFields=reject", body: body, contentType: "text/csv")
        }
        let errors = Self.errors(reply)
        // Columns 4 to 1000 unknown (997), the header's length (1), the record's field count (1).
        #expect(errors.count == 999)
        let details = errors.compactMap { $0["detail"]?.stringValue }
        #expect(details.contains { $0.contains("has a header of 2000002 columns; at most 1000 are read") })
        #expect(details.contains("column 4 (\"\") is not a known field"))
        #expect(reply.body.count < 150_000)
    }

    @Test func aCSVHeaderOfAFewUnknownColumnsStillNamesEachOne() throws {
        let body = "id,createdAt,closedAt,colour,size\nd1,2024-01-01,2024-01-10,red,L\n"
        let reply = try Application.testing().test(.inProcess) {
            try $0.execute(.post, "/sales-cycle-length?unknownFields=reject", body: body, contentType: "text/csv")
        }
        let details = Self.errors(reply).compactMap { $0["detail"]?.stringValue }
        #expect(details == ["column 4 (\"colour\") is not a known field", "column 5 (\"size\") is not a known field"])
    }
}
