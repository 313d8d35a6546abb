import JSON
import Testing

@testable import KPIService

/// Every route's answer is capped (``KPIService/maxResponseBytes``): past it a precise 422 says the size.
@Suite struct ResponseLimitTests {
    /// `count` customers, one starting in each month from 1940-01: every cohort is retained month by month to the
    /// last, a triangle of count²/2 cells (900 months: about 400,000 cells, over 20 MB of JSON).
    static func oneCustomerPerMonth(_ count: Int) -> String {
        let customers = (0..<count).map { i in
            let month = i % 12 + 1
            return #"{"id":\#(i),"startedAt":"\#(1940 + i / 12)-\#(month < 10 ? "0" : "")\#(month)-01"}"#
        }
        return #"{"customers":[\#(customers.joined(separator: ","))]}"#
    }

    @Test(arguments: TestTransport.allCases)
    func anAnswerOverTheLimitIsA422SayingItsSize(transport: TestTransport) throws {
        let body = Self.oneCustomerPerMonth(900)
        #expect(body.utf8.count < 40_000)
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cohort-retention", body: body)
            #expect(reply.status == 422)
            #expect(reply["Content-Type"] == "application/problem+json")
            let problem = try #require(reply.json)
            #expect(problem["type"] == "/problems/response-too-large")
            let detail = try #require(problem["detail"]?.stringValue)
            #expect(detail.hasPrefix("the answer would be ") && detail.contains("over the 16 MiB any route answers"), "\(detail)")
            #expect(reply.body.count < 1_000)
        }
    }

    @Test func anAnswerUnderTheLimitIsServed() throws {
        let reply = try Application.testing().test(.inProcess) { try $0.execute(.post, "/cohort-retention", body: Self.oneCustomerPerMonth(120)) }
        #expect(reply.status == 200)
        #expect(reply.body.count < KPIService.maxResponseBytes)
    }
}
