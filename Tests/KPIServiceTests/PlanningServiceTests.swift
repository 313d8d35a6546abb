import JSON
import KPICore
import Testing

@testable import KPIService

/// The subscription KPIs and `solve` through both transports.
@Suite struct PlanningServiceTests {
    static let mrr = #"[{"customer":"acme","month":"2024-01","mrr":100},{"customer":"acme","month":"2024-02","mrr":120},"#
        + #"{"customer":"globex","month":"2024-01","mrr":200},{"customer":"globex","month":"2024-02","mrr":150},"#
        + #"{"customer":"initech","month":"2024-01","mrr":50},{"customer":"umbrella","month":"2024-02","mrr":80}]"#

    @Test(arguments: TestTransport.allCases)
    func mrrMovementsAnswersEachMonthAndRefusesARepeatedCustomerMonth(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            // Jan 350; Feb: acme +20, globex −50, initech churned 50, umbrella new 80: 350 + 20 − 50 − 50 + 80 = 350.
            let reply = try client.execute(.post, "/mrr-movements", body: #"{"mrr":\#(Self.mrr),"churnDenominator":"average"}"#)
            #expect(reply.status == 200, "\(reply.text)")
            let body = try #require(reply.json)
            #expect(body["value"] == 0)
            let feb = try #require(body["groups"]?.arrayValue?.first)
            #expect(feb["key"] == "2024-02" && feb["newMrr"] == 80 && feb["churnedMrr"] == 50 && feb["contractionMrr"] == 50)
            #expect(abs((feb["logoChurn"]?.numberValue?.double ?? 0) - 100.0 / 3) < 1e-9)  // 1 lost / ((3 + 3) / 2)
            #expect(body["breakdown"]?["churnDenominator"] == "average")

            let repeated = try client.execute(
                .post, "/mrr-movements", body: #"{"mrr":[{"customer":1,"month":"2024-01","mrr":5},{"customer":1,"month":"2024-01","mrr":6}]}"#)
            #expect(repeated.status == 422)
            #expect(repeated.json?["errors"]?.arrayValue?.first?["pointer"] == "/mrr/1")
            #expect(repeated.json?["errors"]?.arrayValue?.first?["detail"] == "repeats customer 1 in 2024-01 (first at /mrr/0)")

            // The rows as NDJSON, the definition as a query parameter.
            let lines = try #require(JSONReader.parse(Array(Self.mrr.utf8)).arrayValue).map { String(decoding: $0.serialized(), as: UTF8.self) }
            let ndjson = try client.execute(.post, "/mrr-movements?churnDenominator=average", body: lines.joined(separator: "\n"),
                                            contentType: "application/x-ndjson")
            #expect(ndjson.status == 200 && ndjson.json?["groups"] == body["groups"], "\(ndjson.text)")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func closeRateSolvesForLeadsWithItsRange(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/close-rate", body: #"{"dealsClosed":30,"leads":100,"solve":{"for":"leads","given":{"dealsClosed":12}}}"#)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["solved"] == ["for": "leads", "value": 40, "low": 31, "high": 55, "substituted": "leads = 12 / 0.3 = 40"])
            let bad = try client.execute(.post, "/close-rate", body: #"{"dealsClosed":30,"leads":100,"solve":{"for":"deals"}}"#)
            #expect(bad.status == 422)
            #expect(bad.json?["errors"]?.arrayValue?.first?["pointer"] == "/solve/for")
            // The catalogue lists what each KPI can be solved for.
            let entry = try client.execute(.get, "/kpis/close-rate")
            #expect(entry.json?["solvable"] == ["dealsClosed", "leads"])
        }
    }
}
