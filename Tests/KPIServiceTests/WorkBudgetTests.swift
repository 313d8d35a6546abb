import JSON
import Testing

@testable import KPICore
@testable import KPIService

/// The work budget: a request's cost is known from what was read before any of it is computed, and past
/// `maxWork` the answer is a 422 `/problems/too-much-work` naming the cost, the limit and the field to shrink.
/// Each test sets a small limit so that a small body passes it, and checks a body just under the limit still
/// answers 200 (so the count is the one documented, not merely "large").
@Suite struct WorkBudgetTests {
    /// `count` deals, one created and closed a day from 2024-01-01 (never open at a period's end), plus `open` deals created on 2024-01-01 and not closed.
    static func deals(closed count: Int, open: Int = 0) -> String {
        let closed = (0..<count).map { i in
            let day = String(format: "2024-%02d-%02d", 1 + (i / 28) % 12, 1 + i % 28)
            return #"{"id":"c\#(i)","createdAt":"\#(day)","closedAt":"\#(day)"}"#
        }
        let opened = (0..<open).map { #"{"id":"o\#($0)","createdAt":"2024-01-01"}"# }
        return "[" + (closed + opened).joined(separator: ",") + "]"
    }

    /// The problem of a too-much-work reply, failing the test on any other answer.
    static func tooMuchWork(_ reply: Reply) -> (detail: String, pointers: [String]) {
        #expect(reply.status == 422, "\(reply.text.prefix(400))")
        #expect(reply.json?["type"] == "/problems/too-much-work", "\(reply.text.prefix(400))")
        let pointers = reply.json?["errors"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } ?? []
        return (reply.json?["detail"]?.stringValue ?? "", pointers)
    }

    @Test("The records form of /series counts each open deal once per period it is open")
    func openDealsByDay() throws {
        // 10 closed deals and 10 open ones from 2024-01-01, by day to 2024-01-31 as of then: the closed ones
        // are read once each (10), every open one in each of the 31 days (310): 320 readings.
        let body = #"{"kpi":"sales-cycle-length","period":"day","from":"2024-01-01","to":"2024-01-31","input":{"asOf":"2024-02-01","deals":\#(Self.deals(closed: 10, open: 10))}}"#
        try Application.testing { $0.maxWork = 319 }.test(.inProcess) { client in
            let (detail, pointers) = try Self.tooMuchWork(client.execute(.post, "/series", body: body))
            #expect(detail.contains("320") && detail.contains("319"), "\(detail)")
            #expect(pointers == ["/input/deals"])
        }
        try Application.testing { $0.maxWork = 320 }.test(.inProcess) { client in
            let reply = try client.execute(.post, "/series", body: body)
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
        }
    }

    @Test("Scenarios multiply a KPI's work: the numbers it reads × scenarios")
    func scenariosOnScores() throws {
        let scores = (0..<50).map { String($0 % 11) }.joined(separator: ",")
        let scenarios = (0..<4).map { #"{"name":"s\#($0)","set":{"scale":"0-10"}}"# }.joined(separator: ",")
        let body = #"{"scores":[\#(scores)],"scenarios":[\#(scenarios)]}"#
        // 50 scores read again by each of 4 scenarios: 200.
        try Application.testing { $0.maxWork = 199 }.test(.inProcess) { client in
            let (detail, pointers) = try Self.tooMuchWork(client.execute(.post, "/nps", body: body))
            #expect(detail.contains("4 scenarios × 50 records"), "\(detail)")
            #expect(pointers == ["/scenarios"])
        }
        try Application.testing { $0.maxWork = 200 }.test(.inProcess) { client in
            let reply = try client.execute(.post, "/nps", body: body)
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
        }
    }

    @Test("Month windows of /series read every MRR row once per month")
    func monthWindows() throws {
        // 3 customers × 12 months of rows = 36 rows; the series has 11 points (February to December, each
        // needing the month before): 36 × 11 = 396 readings.
        let rows = (1...12).flatMap { m in ["a", "b", "c"].map { #"{"customer":"\#($0)","month":"2024-\#(String(format: "%02d", m))","mrr":\#(100 + m)}"# } }
        let body = #"{"kpi":"mrr-movements","period":"month","input":{"mrr":[\#(rows.joined(separator: ","))]}}"#
        try Application.testing { $0.maxWork = 395 }.test(.inProcess) { client in
            let (detail, pointers) = try Self.tooMuchWork(client.execute(.post, "/series", body: body))
            #expect(detail.contains("396"), "\(detail)")
            #expect(pointers == ["/input/mrr"])
        }
        try Application.testing { $0.maxWork = 396 }.test(.inProcess) { client in
            let reply = try client.execute(.post, "/series", body: body)
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
        }
    }

    @Test("An MRR table costs customers × months of its span")
    func mrrTable() throws {
        // 2 customers, months 2024-01 and 2025-12: a span of 24 months, 48 cells.
        let body = #"{"mrr":[{"customer":"a","month":"2024-01","mrr":10},{"customer":"b","month":"2025-12","mrr":20}]}"#
        try Application.testing { $0.maxWork = 47 }.test(.inProcess) { client in
            let (detail, pointers) = try Self.tooMuchWork(client.execute(.post, "/mrr-movements", body: body))
            #expect(detail.contains("2 customers × 24 months"), "\(detail)")
            #expect(pointers == ["/mrr"])
        }
        try Application.testing { $0.maxWork = 48 }.test(.inProcess) { client in
            let reply = try client.execute(.post, "/mrr-movements", body: body)
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
        }
    }

    @Test("Cohort cells: one per month from each cohort's start to the last month")
    func cohortCells() throws {
        // Cohorts 2024-01 and 2024-03, last month 2024-04: 4 + 2 = 6 cells.
        let body = #"{"customers":[{"id":"a","startedAt":"2024-01-05"},{"id":"b","startedAt":"2024-03-05","endedAt":"2024-04-20"}]}"#
        try Application.testing { $0.maxWork = 5 }.test(.inProcess) { client in
            let (detail, pointers) = try Self.tooMuchWork(client.execute(.post, "/cohort-retention", body: body))
            #expect(detail.contains("6 cohort"), "\(detail)")
            #expect(pointers == ["/customers"])
        }
        try Application.testing { $0.maxWork = 6 }.test(.inProcess) { client in
            let reply = try client.execute(.post, "/cohort-retention", body: body)
            #expect(reply.status == 200, "\(reply.text.prefix(300))")
        }
    }

    @Test("A side of /compare over budget makes the comparison too-much-work, at that side")
    func compareSide() throws {
        let cheap = #"{"mrr":[{"customer":"a","month":"2024-01","mrr":10},{"customer":"a","month":"2024-02","mrr":20}]}"#
        let costly = #"{"mrr":[{"customer":"a","month":"2024-01","mrr":10},{"customer":"b","month":"2025-12","mrr":20}]}"#
        let body = #"{"kpi":"mrr-movements","a":\#(cheap),"b":\#(costly)}"#
        try Application.testing { $0.maxWork = 10 }.test(.inProcess) { client in
            let reply = try client.execute(.post, "/compare", body: body)
            #expect(Self.tooMuchWork(reply).pointers == ["/b/mrr"])
        }
    }

    @Test("GET /problems/too-much-work documents the type")
    func documented() throws {
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.get, "/problems/too-much-work")
            #expect(reply.status == 200)
            #expect(reply.text.contains("max-work"))
        }
    }
}
