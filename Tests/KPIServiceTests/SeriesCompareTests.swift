import JSON
import KPICore
import Testing

@testable import KPIService

/// `POST /series` and `POST /compare`, through both transports (in process and over a socket).
@Suite struct SeriesCompareTests {
    static func churnPoint(_ period: String, _ lost: Int, _ start: Int) -> String {
        #"{"period":"\#(period)","input":{"customersLost":\#(lost),"customersAtStart":\#(start)}}"#
    }

    static let sixMonths = [("2024-01", 12, 400), ("2024-02", 11, 405), ("2024-03", 11, 410),
                            ("2024-04", 9, 412), ("2024-05", 9, 415), ("2024-06", 8, 420)]
        .map { churnPoint($0.0, $0.1, $0.2) }.joined(separator: ",")

    static func series(points: String, extra: String = "") -> String {
        #"{"kpi":"churn-rate","points":[\#(points)]\#(extra)}"#
    }

    /// The first error pointers of a 422 reply, failing the test on another status.
    static func pointers(_ reply: Reply) -> [String] {
        #expect(reply.status == 422, "\(reply.text)")
        #expect(reply["Content-Type"] == "application/problem+json")
        return reply.json?["errors"]?.arrayValue?.compactMap { $0["pointer"]?.stringValue } ?? []
    }

    // Expected numbers: python3 with scipy/statsmodels, as in KPICoreTests' SeriesAnalysisTests.
    @Test(arguments: TestTransport.allCases)
    func aMonthlyChurnSeriesHasTrendChangeAndGoal(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = Self.series(points: Self.sixMonths, extra: #","target":{"value":1.5,"direction":"atMost","deadline":"2024-12-31"}"#)
            let reply = try client.execute(.post, "/series", body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let json = try #require(reply.json)
            #expect(json["kpi"] == "churn-rate" && json["unit"] == "percent" && json["period"] == "month")
            let points = try #require(json["points"]?.arrayValue)
            #expect(points.count == 6)
            #expect(points[0]["period"] == "2024-01" && points[0]["status"] == 200)
            #expect(points[0]["result"]?["value"]?.numberValue?.double == 3)
            #expect(points[0]["result"]?["interval"] != nil)
            #expect(json["trend"]?["unit"] == "percentage points per month")
            #expect(abs((json["trend"]?["slope"]?.numberValue?.double ?? 0) + 0.21762215250868283) < 1e-12)
            #expect(json["change"]?["test"]?["method"] == "two-proportion z")
            #expect(json["goal"]?["projected"]?["period"] == "2024-12")
            #expect(abs((json["goal"]?["projected"]?["value"]?.numberValue?.double ?? 0) - 0.5930248428360103) < 1e-12)
            #expect(json["goal"]?["onTrack"] == true)
            #expect(json["goal"]?["met"] == false)
            #expect(json["warnings"]?.arrayValue?.count == 2)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aFailingPointFailsOnlyItselfWithPointersRelativeToThePoint(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let points = [Self.churnPoint("2024-Q1", 5, 100), Self.churnPoint("2024-Q2", 5, 0), Self.churnPoint("2024-Q3", 4, 100),
                          #"{"period":"2024-Q4","input":7}"#].joined(separator: ",")
            let reply = try client.execute(.post, "/series", body: Self.series(points: points))
            #expect(reply.status == 200, "\(reply.text)")
            let json = try #require(reply.json)
            let results = try #require(json["points"]?.arrayValue)
            #expect(results.map { $0["status"] } == [200, 422, 200, 422])
            #expect(results[1]["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "/input/customersAtStart")
            #expect(results[3]["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "/input")
            #expect(json["period"] == "quarter")
            // Two values: a change, no trend.
            #expect(json["trend"] == .null)
            #expect(json["change"]?["difference"]?.numberValue?.double == -1)
            #expect(json["goal"] == nil)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theRenewalComparison(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = #"{"kpi":"renewal-rate","a":{"renewedSubscribers":900,"originalSubscribers":1000},"b":{"renewedSubscribers":600,"originalSubscribers":1000}}"#
            let reply = try client.execute(.post, "/compare", body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let json = try #require(reply.json)
            #expect(json["kpi"] == "renewal-rate")
            #expect(json["a"]?["value"] == 90 && json["b"]?["value"] == 60)
            let change = try #require(json["change"])
            #expect(change["difference"] == -30 && change["unit"] == "percentage points")
            #expect(change["substituted"] == "60 − 90 = −30")
            #expect(abs((change["interval"]?["low"]?.numberValue?.double ?? 0) + 33.51283110188545) < 1e-9)
            #expect(change["test"]?["method"] == "two-proportion z")
            #expect(change["significant"] == true)
            #expect(json["warnings"] == ["−30 percentage points, a 33.3 % relative fall"])
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aKPIWithoutASamplingModelComparesWithNullStatistics(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = #"{"kpi":"cac","a":{"totalSpend":10000,"newCustomers":10},"b":{"totalSpend":9000,"newCustomers":10}}"#
            let json = try #require(try client.execute(.post, "/compare", body: body).json)
            #expect(json["change"]?["interval"] == .null && json["change"]?["test"] == .null && json["change"]?["significant"] == .null)
            #expect(json["change"]?["relative"] == -10)
            #expect(json["warnings"]?.arrayValue?.first?.stringValue?.contains("no sampling model") == true)
        }
    }

    @Test(arguments: TestTransport.allCases, [
        (#"{"kpi":"renewal-rate","a":{"renewedSubscribers":900},"b":{"renewedSubscribers":2,"originalSubscribers":1}}"#,
         ["/a/originalSubscribers", "/b/renewedSubscribers"]),
        (#"{"kpi":"renewal-rate","a":[],"b":{"renewedSubscribers":1,"originalSubscribers":1}}"#, ["/a"]),
        (#"{"kpi":"nope","a":{},"b":{}}"#, ["/kpi"]),
        (#"{"kpi":"cac","a":{}}"#, ["/b"]),
        (#"{"a":{},"b":{},"c":1}"#, ["/c", "/kpi"]),
    ])
    func anInvalidCompareIsA422AtItsPointers(transport: TestTransport, example: (body: String, pointers: [String])) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/compare", body: example.body)
            #expect(Self.pointers(reply) == example.pointers)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aChangeTooLargeToRepresentIsA422NotInfinity(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = #"{"kpi":"net-new-revenue","a":{"newRevenue":1.7e308},"b":{"newRevenue":0,"churnedRevenue":1.7e308}}"#
            let reply = try client.execute(.post, "/compare", body: body)
            #expect(Self.pointers(reply) == ["/b"])
        }
    }

    static let badSeries: [(String, String, [String])] = [
        ("mixed granularity", series(points: churnPoint("2024-01", 1, 10) + "," + churnPoint("2024-Q2", 1, 10)), ["/points/1/period"]),
        ("unordered", series(points: churnPoint("2024-02", 1, 10) + "," + churnPoint("2024-01", 1, 10)), ["/points/1/period"]),
        ("repeated", series(points: churnPoint("2024-W10", 1, 10) + "," + churnPoint("2024-W10", 1, 10)), ["/points/1/period"]),
        ("not a label", series(points: churnPoint("2024-13", 1, 10)), ["/points/0/period"]),
        ("unknown kpi", #"{"kpi":"nope","points":[{"period":"2024","input":{}}]}"#, ["/kpi"]),
        ("both points and input", series(points: churnPoint("2024", 1, 10), extra: #","input":{}"#), ["/input"]),
        ("unknown period word", #"{"kpi":"sales-cycle-length","period":"fortnight","input":{"deals":[]}}"#, ["/period"]),
        ("records form with no deals", #"{"kpi":"sales-cycle-length","period":"month","input":{"deals":[]}}"#, ["/input/deals"]),
        ("deadline before the last point",
         series(points: churnPoint("2024-05", 1, 10) + "," + churnPoint("2024-06", 1, 10), extra: #","target":{"value":1,"deadline":"2024-05-31"}"#),
         ["/target/deadline"]),
        ("bad target", series(points: churnPoint("2024", 1, 10), extra: #","target":{"direction":"down"}"#), ["/target/direction", "/target/value"]),
        // 9999-12-31T23:00:00-05:00 is 10000-01-01T04:00:00Z: its period's label would have five digits.
        ("a deadline in the year 10000 once in UTC",
         series(points: churnPoint("9998", 1, 10) + "," + churnPoint("9999", 1, 10), extra: #","target":{"value":1,"deadline":"9999-12-31T23:00:00-05:00"}"#),
         ["/target/deadline"]),
        ("a to in the year 10000 once in UTC", records(extra: #","to":"9999-12-31T20:00:00-05:00""#), ["/to"]),
        ("a record in the year 10000 once in UTC",
         records(deals: #"[{"createdAt":"9999-12-31","closedAt":"9999-12-31T23:30:00-01:00"}]"#), ["/input/deals/0/closedAt"]),
        ("missing kpi and points", #"{}"#, ["/kpi", "/points"]),
        ("missing period and input", #"{"kpi":"churn-rate","points":[{}]}"#, ["/points/0/period", "/points/0/input"]),
        ("no points", series(points: ""), ["/points"]),
        ("points not an array", #"{"kpi":"churn-rate","points":{}}"#, ["/points"]),
        ("a point not an object", series(points: "3"), ["/points/0"]),
        ("unknown field", series(points: churnPoint("2024", 1, 10), extra: #","colour":1"#), ["/colour"]),
        ("records of a KPI without an event date",
         #"{"kpi":"churn-rate","period":"month","input":{"customersLost":1,"customersAtStart":10}}"#, ["/kpi"]),
        ("records form without period", records(period: nil), ["/period"]),
        ("from after to", records(extra: #","from":"2024-05-01","to":"2024-04-30""#), ["/from"]),
        ("bad from and to", records(extra: #","from":"2024-02-30","to":"30/06/2024""#), ["/from", "/to"]),
        ("to not a string", records(extra: #","to":20240630"#), ["/to"]),
        ("more than 1000 periods", records(period: "day", extra: #","from":"2021-01-01","to":"2023-12-31""#), ["/period"]),
        ("an invalid input of the records form", records(deals: #"[{"createdAt":"2024-01-01","closedAt":"2024-02-30"}]"#), ["/input/deals/0/closedAt"]),
        ("nps records form without responses", #"{"kpi":"nps","period":"week","input":{"scores":[9]}}"#, ["/input/responses"]),
    ]

    static let dealRecords = #"[{"id":"d1","createdAt":"2024-01-01","closedAt":"2024-01-11"},{"id":"d2","createdAt":"2024-01-10","closedAt":"2024-01-30"},"#
        + #"{"id":"d3","createdAt":"2024-02-20","closedAt":"2024-03-10T12:00:00Z"},{"id":"d4","createdAt":"2024-03-01","closedAt":"2024-03-05"},"#
        + #"{"id":"d5","createdAt":"2024-04-01","closedAt":"2024-04-21"},{"id":"d6","createdAt":"2024-04-02","closedAt":"2024-04-12"},"#
        + #"{"id":"d7","createdAt":"2023-12-01","closedAt":"2023-12-31"}]"#

    /// A records-form series of sales-cycle-length.
    static func records(period: String? = "month", deals: String = dealRecords, extra: String = "") -> String {
        #"{"kpi":"sales-cycle-length",\#(period.map { #""period":"\#($0)","# } ?? "")"input":{"deals":\#(deals)}\#(extra)}"#
    }

    @Test(arguments: TestTransport.allCases, badSeries)
    func anInvalidSeriesIsA422AtItsPointers(transport: TestTransport, example: (name: String, body: String, pointers: [String])) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/series", body: example.body)
            #expect(Self.pointers(reply) == example.pointers, "\(example.name)")
        }
    }

    /// The last deadline that can be answered: its projection's period label is read back as a period.
    @Test(arguments: TestTransport.allCases)
    func aDeadlineInTheLastYearProjectsToALabelThatReadsBack(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let points = [("9996", 4, 10), ("9997", 3, 10), ("9998", 2, 10)].map { Self.churnPoint($0.0, $0.1, $0.2) }.joined(separator: ",")
            let reply = try client.execute(.post, "/series", body: Self.series(
                points: points, extra: #","target":{"value":1,"direction":"atMost","deadline":"9999-12-31T23:00:00+05:00"}"#))
            #expect(reply.status == 200, "\(reply.text)")
            let label = try #require(reply.json?["goal"]?["projected"]?["period"]?.stringValue)
            #expect(label == "9999")
            #expect(Period(label: label) != nil)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func moreThanAThousandPointsIsA422(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            func body(_ count: Int) -> String {
                Self.series(points: (0..<count).map { Self.churnPoint("\(1000 + $0)", 1, 10) }.joined(separator: ","))
            }
            let tooMany = try client.execute(.post, "/series", body: body(1001))
            #expect(Self.pointers(tooMany) == ["/points"])
            let reply = try client.execute(.post, "/series", body: body(1000))
            #expect(reply.status == 200)
            #expect(reply.json?["points"]?.arrayValue?.count == 1000)
            #expect(reply.json?["trend"]?["slope"] == 0)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func salesCycleDealsBucketedIntoMonths(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = Self.records(extra: #","from":"2024-01-01","to":"2024-04-30","target":{"value":10,"deadline":"2024-06-30"}"#)
            let reply = try client.execute(.post, "/series", body: body)
            #expect(reply.status == 200, "\(reply.text)")
            let json = try #require(reply.json)
            #expect(json["kpi"] == "sales-cycle-length" && json["unit"] == "days" && json["period"] == "month")
            let points = try #require(json["points"]?.arrayValue)
            #expect(points.map { $0["period"] } == ["2024-01", "2024-02", "2024-03", "2024-04"])
            // January (10 + 20) / 2 = 15; February none; March (19 + 4) / 2 = 11.5 (d3 created on a date alone: calendar days); April (20 + 10) / 2 = 15.
            #expect(points.map { $0["result"]?["value"] } == [15, nil, 11.5, 15])
            #expect(points[1] == ["period": "2024-02", "status": 200, "result": nil, "count": 0])
            #expect(points[0]["result"]?["breakdown"]?["deals"] == 2)
            // Three values: a trend over indices 0, 2, 3 (the empty month keeps its place).
            #expect(json["trend"]?["points"] == 3)
            #expect(json["change"]?["test"]?["method"] == "Welch t")
            #expect(json["goal"]?["projected"]?["period"] == "2024-06")
            #expect(json["warnings"]?.arrayValue?.first == "Left out 1 of 7 deals outside from..to by closedAt: 1 before 2024-01-01.")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func resolutionTimeCountsTicketsOpenAtEachPeriodsEnd(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let tickets = #"[{"openedAt":"2024-01-10T09:00:00Z","resolvedAt":"2024-01-10T13:00:00Z"},"#
                + #"{"openedAt":"2024-01-20T00:00:00Z","resolvedAt":"2024-03-05T00:00:00Z"},{"openedAt":"2024-02-10T00:00:00Z","resolvedAt":null},"#
                + #"{"openedAt":"2024-02-11T00:00:00Z","resolvedAt":"2024-02-12T00:00:00Z"}]"#
            let reply = try client.execute(.post, "/series", body: #"{"kpi":"resolution-time","period":"month","input":{"tickets":\#(tickets)}}"#)
            #expect(reply.status == 200, "\(reply.text)")
            let points = try #require(reply.json?["points"]?.arrayValue)
            // Open at the end of January: the second ticket; of February: it and the never-resolved one; of March: that one.
            #expect(points.map { $0["result"]?["breakdown"]?["openTickets"] } == [1, 2, 1])
            #expect(points.map { $0["result"]?["value"] } == [4, 24, 1080])
        }
    }

    @Test(arguments: TestTransport.allCases)
    func npsTakesDatedResponsesAndASeriesBucketsThemByWeek(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let responses = #"[{"score":10,"respondedAt":"2024-03-04","id":"r1"},{"score":3,"respondedAt":"2024-03-06","id":"r2"},"#
                + #"{"score":9,"respondedAt":"2024-03-12","id":"r3"}]"#
            let single = try client.execute(.post, "/nps", body: #"{"responses":\#(responses)}"#)
            let scores = try client.execute(.post, "/nps", body: #"{"scores":[10,3,9]}"#)
            // The same result, and the responses' ids name the detractor.
            var breakdown = try #require(single.json?["breakdown"]?.objectValue)
            #expect(breakdown["detractorIds"] == ["r2"])
            breakdown["detractorIds"] = nil
            #expect(single.status == 200 && JSONValue.object(breakdown) == scores.json?["breakdown"])
            let both = try client.execute(.post, "/nps", body: #"{"scores":[1],"responses":\#(responses)}"#)
            #expect(Self.pointers(both) == ["/scores"])
            let series = try client.execute(.post, "/series", body: #"{"kpi":"nps","period":"week","input":{"responses":\#(responses)}}"#)
            #expect(series.status == 200, "\(series.text)")
            // Week 10: 10 and 3 → (1 − 1) / 2 = 0; week 11: 9 → 100.
            #expect(series.json?["points"]?.arrayValue?.map { $0["result"]?["value"] } == [0, 100])
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theCatalogueSaysWhichSeriesFormsAKPITakes(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let deals = try #require(try client.execute(.get, "/kpis/pipeline-stages").json)
            #expect(deals["seriesForms"] == ["points", "records"] && deals["eventDate"] == "deals[].history[0].enteredAt")
            let churn = try #require(try client.execute(.get, "/kpis/churn-rate").json)
            #expect(churn["seriesForms"] == ["points"] && churn["eventDate"] == .null && churn["seriesPeriods"] == [])
            let movements = try #require(try client.execute(.get, "/kpis/mrr-movements").json)
            #expect(movements["seriesForms"] == ["points", "records"] && movements["eventDate"] == "mrr[].month")
            #expect(movements["seriesPeriods"] == ["month"] && deals["seriesPeriods"]?.arrayValue?.count == 5)
            let cohorts = try #require(try client.execute(.get, "/kpis/cohort-retention").json)
            #expect(cohorts["seriesForms"] == ["points"] && cohorts["eventDate"] == .null)
        }
    }

    /// Three customers over January to April:
    ///
    ///     customer   Jan   Feb   Mar   Apr
    ///     a          100   120   120    60
    ///     b          200   150     –     –
    ///     c            –     –    80    80
    static let mrrRows = #"[{"customer":"a","month":"2024-01","mrr":100},{"customer":"a","month":"2024-02","mrr":120},"#
        + #"{"customer":"a","month":"2024-03","mrr":120},{"customer":"a","month":"2024-04","mrr":60},"#
        + #"{"customer":"b","month":"2024-01","mrr":200},{"customer":"b","month":"2024-02","mrr":150},"#
        + #"{"customer":"c","month":"2024-03","mrr":80},{"customer":"c","month":"2024-04","mrr":80}]"#

    @Test(arguments: TestTransport.allCases)
    func subscriptionKPIsBySeriesOfMonthWindows(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let single = try #require(try client.execute(.post, "/mrr-movements", body: #"{"mrr":\#(Self.mrrRows)}"#).json)
            let reply = try client.execute(.post, "/series", body: #"{"kpi":"mrr-movements","period":"month","input":{"mrr":\#(Self.mrrRows)}}"#)
            #expect(reply.status == 200, "\(reply.text)")
            let points = try #require(reply.json?["points"]?.arrayValue)
            // January is only the base of February: three points, each the single call's group for its month.
            #expect(points.map { $0["period"] } == ["2024-02", "2024-03", "2024-04"])
            let groups = try #require(single["groups"]?.arrayValue)
            #expect(points.map { $0["result"]?["groups"]?.arrayValue?.first } == groups.map { Optional($0) })
            // Feb: a +20, b −50: 270 − 300 = −30; Mar: b churned 150, c new 80: 200 − 270 = −70; Apr: a −60: 140 − 200 = −60.
            #expect(points.map { $0["result"]?["value"] } == [-30, -70, -60])
            #expect(reply.json?["trend"]?["points"] == 3)

            let nrr = try client.execute(.post, "/series", body: #"{"kpi":"revenue-retention","period":"month","from":"2024-02-01","to":"2024-05-31","input":{"mrr":\#(Self.mrrRows)}}"#)
            #expect(nrr.status == 200, "\(nrr.text)")
            let months = try #require(nrr.json?["points"]?.arrayValue)
            // Feb: (300 + 20 − 50) / 300 = 90 %; Mar: Feb's a 120 + b 150 = 270, b churned 150: 120 / 270 = 44.4 %;
            // Apr: Mar's a 120 + c 80 = 200, a −60: 140 / 200 = 70 %; May: after the rows, no point.
            let values = months.map { $0["result"]?["value"]?.numberValue?.double }
            #expect(values[0] == 90 && abs((values[1] ?? 0) - 12000.0 / 270) < 1e-9 && values[2] == 70 && values[3] == nil)
            #expect(months[3] == ["period": "2024-05", "status": 200, "result": nil, "count": 0])

            let weekly = try client.execute(.post, "/series", body: #"{"kpi":"mrr-movements","period":"week","input":{"mrr":\#(Self.mrrRows)}}"#)
            #expect(Self.pointers(weekly) == ["/period"])
            let january = try client.execute(.post, "/series", body: #"{"kpi":"mrr-movements","period":"month","from":"2024-01-01","input":{"mrr":\#(Self.mrrRows)}}"#)
            let first = try #require(january.json?["points"]?.arrayValue?.first)
            #expect(first["status"] == 422 && first["problem"]?["errors"]?.arrayValue?.first?["pointer"] == "/period")
            let cohorts = try client.execute(.post, "/series", body: #"{"kpi":"cohort-retention","period":"month","input":{"mrr":\#(Self.mrrRows)}}"#)
            #expect(Self.pointers(cohorts) == ["/kpi"])
        }
    }

    @Test(arguments: TestTransport.allCases, ["/series", "/compare"])
    func notJSONIs400AndNotAnObjectIs400(transport: TestTransport, path: String) throws {
        try Application.testing().test(transport) { client throws in
            #expect(try client.execute(.post, path, body: "{").status == 400)
            #expect(try client.execute(.post, path, body: "[]").status == 400)
            #expect(try client.execute(.post, path, body: "{}", contentType: "text/plain").status == 415)
        }
    }
}
