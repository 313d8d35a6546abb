import JSON
import Testing

@testable import KPIService

@Suite struct BatchTests {
    let service = Fixture.service()

    @Test func mixedItemsAnswerInOrderAndABadItemFailsOnlyItself() throws {
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
        let reply = service.call(.post, "/batch", body: body)
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

    @Test func anEmptyBatchAnswersNoResults() {
        #expect(service.call(.post, "/batch", body: #"{"items":[]}"#).json == ["results": []])
    }

    @Test func moreThanAThousandItemsIsA422() throws {
        let item = #"{"kpi":"cac","input":{"totalSpend":1,"newCustomers":1}}"#
        let body = #"{"items":["# + Array(repeating: item, count: 1001).joined(separator: ",") + "]}"
        let reply = service.call(.post, "/batch", body: body)
        #expect(reply.status == 422)
        #expect(reply.json?["errors"]?.arrayValue?.first?["pointer"] == "/items")
        let exactly = #"{"items":["# + Array(repeating: item, count: 1000).joined(separator: ",") + "]}"
        #expect(service.call(.post, "/batch", body: exactly).json?["results"]?.arrayValue?.count == 1000)
    }

    @Test(arguments: [
        (#"{}"#, "/items"),
        (#"{"items":{}}"#, "/items"),
        (#"{"items":[],"extra":1}"#, "/extra"),
    ])
    func aWrongEnvelopeIsA422AtItsPointer(body: String, pointer: String) {
        let reply = service.call(.post, "/batch", body: body)
        #expect(reply.status == 422)
        #expect(reply.json?["errors"]?.arrayValue?.first?["pointer"] == .string(pointer))
    }

    @Test func pointerTokensAreEscaped() {
        #expect(Batch.escape("a/b~c") == "a~1b~0c")
    }
}
