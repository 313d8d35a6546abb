import JSON
import Testing

@testable import KPIService

/// `POST /batch`, through both transports.
@Suite struct BatchTests {
    @Test(arguments: TestTransport.allCases)
    func mixedItemsAnswerInOrderAndABadItemFailsOnlyItself(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = """
                {"items":[
                  {"kpi":"cac","input":{"totalSpend":10000,"newCustomers":10}},
                  {"kpi":"cac","input":{"totalSpend":10000,"newCustomers":0}},
                  {"kpi":"nope","input":{}},
                  {"kpi":"close-rate","input":{"dealsClosed":30,"leads":100}},
                  {"input":{}},
                  7
                ]}
                """
            let reply = try client.execute(.post, "/batch", body: body)
            #expect(reply.status == 200)
            let results = try #require(reply.json?["results"]?.arrayValue)
            #expect(results.map { $0["status"] } == [200, 422, 422, 200, 422, 422])
            #expect(results[0]["result"]?["value"] == 1000)
            #expect(results[3]["result"]?["value"] == 30)
            // Pointers are relative to the item.
            #expect(results[1]["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "/input/newCustomers")
            #expect(results[2]["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "/kpi")
            #expect(results[4]["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "/kpi")
            #expect(results[5]["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func anEmptyBatchAnswersNoResults(transport: TestTransport) throws {
        try Application.testing().test(transport) { client throws in
            #expect(try client.execute(.post, "/batch", body: #"{"items":[]}"#).json == ["results": []])
        }
    }

    @Test(arguments: TestTransport.allCases)
    func moreThanAThousandItemsIsA422(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let item = #"{"kpi":"cac","input":{"totalSpend":1,"newCustomers":1}}"#
            let body = #"{"items":["# + Array(repeating: item, count: 1001).joined(separator: ",") + "]}"
            let reply = try client.execute(.post, "/batch", body: body)
            #expect(reply.status == 422)
            #expect(reply.json?["errors"]?.arrayValue?.first?["pointer"] == "/items")
            let exactly = #"{"items":["# + Array(repeating: item, count: 1000).joined(separator: ",") + "]}"
            #expect(try client.execute(.post, "/batch", body: exactly).json?["results"]?.arrayValue?.count == 1000)
        }
    }

    @Test(arguments: TestTransport.allCases, [
        (#"{}"#, "/items"),
        (#"{"items":{}}"#, "/items"),
        (#"{"items":[],"extra":1}"#, "/extra"),
    ])
    func aWrongEnvelopeIsA422AtItsPointer(transport: TestTransport, example: (body: String, pointer: String)) throws {
        let (body, pointer) = example
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/batch", body: body)
            #expect(reply.status == 422)
            #expect(reply.json?["errors"]?.arrayValue?.first?["pointer"] == .string(pointer))
        }
    }

    @Test func pointerTokensAreEscaped() {
        #expect(JSONPointer.escape("a/b~c") == "a~1b~0c")
    }

    @Test(arguments: TestTransport.allCases)
    func answersPastTheResponseBudgetFailTheRemainingItemsWith413(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            // 1000 items of 1000 bad scores: each problem lists 1000 issues (~80 KB), 79 MB in all without a budget.
            let scores = "[" + Array(repeating: "11", count: 1000).joined(separator: ",") + "]"
            let item = #"{"kpi":"nps","input":{"scores":"# + scores + "}}"
            let body = #"{"items":["# + Array(repeating: item, count: 1000).joined(separator: ",") + "]}"
            let reply = try client.execute(.post, "/batch", body: body)
            #expect(reply.status == 200)
            // The budget, the one item that crossed it (~80 KB), and a short 413 problem (~300 bytes) for each item after it.
            #expect(reply.body.count < Batch.responseBudget + 100_000 + 1000 * 400)
            let results = try #require(reply.json?["results"]?.arrayValue)
            #expect(results.count == 1000)
            #expect(results.first?["status"] == 422)
            #expect(results.last?["status"] == 413)
            let detail = results.last?["problem"]?["detail"]?.stringValue ?? ""
            #expect(detail.contains("8 MiB budget"))
        }
    }

    @Test(arguments: TestTransport.allCases)
    func anItemWhoseInputComesBeforeItsKPIIsReadAsWell(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/batch", body: #"{"items":[{"input":{"totalSpend":10,"newCustomers":2},"kpi":"cac"}]}"#)
            let results = try #require(reply.json?["results"]?.arrayValue)
            #expect(results.first?["result"]?["value"] == 5)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aBatchThatIsNotJSONIs400AndNotAnObjectIs400(transport: TestTransport) throws {
        try Application.testing().test(transport) { client throws in
            #expect(try client.execute(.post, "/batch", body: #"{"items":[{"kpi":"cac","input":{]}"#).status == 400)
            #expect(try client.execute(.post, "/batch", body: #"[1,2]"#).status == 400)
            #expect(try client.execute(.post, "/batch", body: #"{"items":[{"kpi":"cac","input":{"a":1,"a":2}}]}"#).status == 400)
        }
    }
}
