import JSON
import Testing

@testable import KPICore

/// The records form of `POST /series`: a KPI's records bucketed into periods by the event date its
/// definition declares, each period computed over its own records.
@Suite("record buckets")
struct RecordBucketsTests {
    /// `input` bucketed by KPI `id` into `period`s from `from` to `to`.
    static func buckets(
        _ id: String, _ input: JSONValue, _ period: Period.Granularity, from: String? = nil, to: String? = nil, maxPeriods: Int = 1000
    ) throws -> RecordBuckets {
        let definition = try Fixture.kpi(id)
        let window = try SeriesWindow(granularity: period, from: from, to: to)
        return try input.serialized().withUnsafeBytes { bytes in
            try Result { () throws(ValidationError) in try definition.buckets(json: bytes, window: window, maxPeriods: maxPeriods) }.get()
        }
    }

    /// The issues bucketing raises (none when it succeeds, with a recorded failure).
    static func issues(
        _ id: String, _ input: JSONValue, _ period: Period.Granularity, from: String? = nil, to: String? = nil, maxPeriods: Int = 1000
    ) throws -> [ValidationError.Issue] {
        do {
            _ = try buckets(id, input, period, from: from, to: to, maxPeriods: maxPeriods)
            Issue.record("expected a validation error")
            return []
        } catch let error as ValidationError {
            return error.issues
        }
    }

    /// Each point's label and result (nil for an empty bucket; a failing point fails the test).
    static func results(_ buckets: RecordBuckets) throws -> [(String, KPIResult?)] {
        try buckets.points.map { point in (point.period.label, try point.evaluate().get()) }
    }

    static func deal(_ id: String, _ created: String, _ closed: String, rep: String? = nil) -> JSONValue {
        var deal: JSONObject = ["id": .string(id), "createdAt": .string(created), "closedAt": .string(closed)]
        if let rep { deal["rep"] = .string(rep) }
        return .object(deal)
    }

    static let deals: [JSONValue] = [
        deal("d1", "2024-01-01", "2024-01-11", rep: "ann"),   // 10 days, January
        deal("d2", "2024-01-10", "2024-01-30", rep: "bob"),   // 20 days, January
        deal("d3", "2024-02-20", "2024-03-10T12:00:00Z"),     // a date alone at one end: calendar days, 2024 a leap year: 10 to 1 March + 9 = 19, March
        deal("d4", "2024-03-01", "2024-03-05"),               // 4 days, March
        deal("d5", "2023-12-01", "2023-12-31"),               // 30 days, December 2023: before from
        deal("d1", "2024-04-01", "2024-04-02"),               // d1 again: bucketed once, as the first
    ]

    @Test("Sales cycles by month: January 15, February empty, March 11.5, April's only deal a repeat")
    func salesCycleMonths() throws {
        let buckets = try Self.buckets("sales-cycle-length", ["deals": .array(JSONArray(Self.deals))], .month, from: "2024-01-01", to: "2024-04-30")
        let results = try Self.results(buckets)
        #expect(results.map(\.0) == ["2024-01", "2024-02", "2024-03", "2024-04"])
        // January: (10 + 20) / 2 = 15; March: (19 + 4) / 2 = 11.5; February and April have none.
        #expect(results.map { $0.1?.value } == [15, nil, 11.5, nil])
        #expect(Fixture.breakdown(try #require(results[0].1), "deals") == 2)
        #expect(results[0].1?.groups?.map(\.key) == ["ann", "bob"])
        #expect(buckets.warnings == [
            #"deals: id "d1" appears 2 times; only the first is counted"#,
            "Left out 1 of 6 deals outside from..to by closedAt: 1 before 2024-01-01.",
        ])
        // Each point is exactly the route's answer for that period's deals alone.
        let january = try Fixture.result("sales-cycle-length", ["deals": [Self.deals[0], Self.deals[1]]])
        #expect(try results[0].1?.json == january.json)
    }

    @Test("Without from and to the series runs from the first event's period to the last's")
    func defaultWindow() throws {
        let buckets = try Self.buckets("sales-cycle-length", ["deals": .array(JSONArray(Self.deals))], .month)
        let results = try Self.results(buckets)
        // December 2023 (30 days) to March 2024; April's repeated d1 is no event of its own.
        #expect(results.map(\.0) == ["2023-12", "2024-01", "2024-02", "2024-03"])
        #expect(results.map { $0.1?.value } == [30, 15, nil, 11.5])
        #expect(buckets.warnings == [#"deals: id "d1" appears 2 times; only the first is counted"#])
    }

    @Test("A date-time to includes itself; a date to its whole day")
    func toBound() throws {
        let input: JSONValue = ["deals": [Self.deal("a", "2024-01-01", "2024-01-31T10:00:00Z"), Self.deal("b", "2024-01-01", "2024-01-31T23:59:59Z")]]
        #expect(try Self.results(try Self.buckets("sales-cycle-length", input, .month, to: "2024-01-31")).map { $0.1?.breakdown.first?.value.double } == [2])
        let cut = try Self.buckets("sales-cycle-length", input, .month, to: "2024-01-31T10:00:00Z")
        #expect(try Self.results(cut).map { $0.1?.breakdown.first?.value.double } == [1])
        #expect(cut.warnings == ["Left out 1 of 2 deals outside from..to by closedAt: 1 after 2024-01-31T10:00:00Z."])
    }

    @Test("A bad deal fails only its own month, pointed at under the point's input")
    func badDealFailsItsMonth() throws {
        let input: JSONValue = ["deals": [Self.deal("a", "2024-01-03", "2024-01-02"), Self.deal("b", "2024-01-01", "2024-02-02")]]
        let points = try Self.buckets("sales-cycle-length", input, .month).points
        #expect(points[0].evaluate().failure?.issues == [.at("/input/deals/0/closedAt", "must not be before createdAt")])
        #expect(try points[1].evaluate().get()?.value == 32)
    }

    static let tickets: JSONValue = ["tickets": [
        ["id": "t1", "openedAt": "2024-01-10T09:00:00Z", "resolvedAt": "2024-01-10T13:00:00Z"],  // 4 h, January
        ["id": "t2", "openedAt": "2024-01-20T00:00:00Z", "resolvedAt": "2024-03-05T00:00:00Z"],  // 45 days = 1080 h, March
        ["id": "t3", "openedAt": "2024-02-10T00:00:00Z", "resolvedAt": nil],                      // never resolved
        ["id": "t4", "openedAt": "2024-02-11T00:00:00Z", "resolvedAt": "2024-02-12T00:00:00Z"],  // 24 h, February
        ["id": "t5", "openedAt": "2024-01-31T20:00:00Z", "resolvedAt": "2024-02-01T00:00:00Z"],  // 4 h, February: at January's end exactly
    ]]

    @Test("Resolution time by month: a ticket opened by a period's end and not resolved by it is open in that point")
    func openTicketsPerPeriod() throws {
        let results = try Self.results(try Self.buckets("resolution-time", Self.tickets, .month))
        #expect(results.map(\.0) == ["2024-01", "2024-02", "2024-03"])
        // January: resolved t1 (4 h); open at 1 February 00:00: t2 (resolved in March) and t5 (resolved at that
        // very instant, so not by the end) → 2. t3 and t4 were not opened yet.
        // February: resolved t4 (24 h) and t5 (4 h) → 14 h; open at 1 March: t2 and t3 → 2.
        // March: resolved t2 (1080 h); open at 1 April: t3 → 1.
        #expect(results.map { $0.1?.value } == [4, 14, 1080])
        #expect(results.map { $0.1.flatMap { Fixture.breakdown($0, "openTickets") } } == [2, 2, 1])
        #expect(results.map { $0.1.flatMap { Fixture.breakdown($0, "tickets") } } == [3, 4, 2])
        #expect(results[2].1?.warnings == ["1 ticket still open at the end of the period was skipped."])
    }

    @Test("Tickets none of which is resolved cannot start a series of their own")
    func onlyOpenTickets() throws {
        let input: JSONValue = ["tickets": [["openedAt": "2024-01-10", "resolvedAt": nil]]]
        #expect(try Self.issues("resolution-time", input, .month) == [
            .at("/input/tickets", "has no record with a resolvedAt in from..to to bucket: give both from and to for a series of empty periods")
        ])
        // With from and to: every month is empty, and the open ticket is no result of its own.
        let results = try Self.results(try Self.buckets("resolution-time", input, .month, from: "2024-01-01", to: "2024-02-29"))
        #expect(results.map { $0.1?.value } == [nil, nil])
    }

    @Test("Pipeline stages by the month of each deal's first stage entry")
    func pipelineByFirstEntry() throws {
        let input: JSONValue = [
            "stages": ["lead", "qualified", "won"],
            "deals": [
                ["id": "d1", "history": [["stage": "lead", "enteredAt": "2024-01-05"], ["stage": "qualified", "enteredAt": "2024-02-03"],
                                         ["stage": "won", "enteredAt": "2024-03-01"]]],
                ["id": "d2", "history": [["stage": "lead", "enteredAt": "2024-01-20"]]],
                ["id": "d3", "history": [["stage": "lead", "enteredAt": "2024-02-10"], ["stage": "qualified", "enteredAt": "2024-02-15"]]],
            ],
        ]
        let results = try Self.results(try Self.buckets("pipeline-stages", input, .month))
        // d1 entered in January (won in March, still January's), d2 January, d3 February.
        // January: 2 entered lead, 1 reached won → 50 %; February: 1 entered, none won → 0 %.
        #expect(results.map(\.0) == ["2024-01", "2024-02"])
        #expect(results.map { $0.1?.value } == [50, 0])
        #expect(results[0].1?.groups?.map(\.count) == [2, 1, 1])
    }

    @Test("A failure that does not depend on the period fails the request, at its pointer under /input")
    func bodyLevelFailure() throws {
        let input: JSONValue = ["stages": ["a", "a"], "deals": [["id": 1, "history": [["stage": "a", "enteredAt": "2024-01-01"]]]]]
        #expect(try Self.issues("pipeline-stages", input, .month) == [.at("/input/stages/1", "repeats an earlier stage")])
    }

    static let responses: JSONValue = ["responses": [
        ["score": 10, "respondedAt": "2024-03-04"],                 // Monday of ISO week 10
        ["score": 9, "respondedAt": "2024-03-05T10:00:00Z"],
        ["score": 3, "respondedAt": "2024-03-10T23:00:00Z"],        // Sunday: still week 10
        ["score": 8, "respondedAt": "2024-03-11T01:00:00+02:00"],   // 2024-03-10T23:00Z in UTC: week 10
        ["score": 7, "respondedAt": "2024-03-18"],                  // week 12 (week 11 has none)
        ["score": 0, "respondedAt": "2024-03-24T23:59:59Z"],        // Sunday of week 12
    ]]

    @Test("NPS by ISO week from dated responses, in UTC")
    func npsByWeek() throws {
        let results = try Self.results(try Self.buckets("nps", Self.responses, .week))
        #expect(results.map(\.0) == ["2024-W10", "2024-W11", "2024-W12"])
        // Week 10: promoters 10, 9; passive 8; detractor 3 → (2 − 1) / 4 × 100 = 25.
        // Week 12: passive 7, detractor 0 → (0 − 1) / 2 × 100 = −50.
        #expect(results.map { $0.1?.value } == [25, nil, -50])
        #expect(results[0].1.flatMap { Fixture.breakdown($0, "responses") } == 4)
    }

    @Test("The records form's bad windows and inputs, each at its pointer")
    func badInput() throws {
        let deals: JSONValue = ["deals": [Self.deal("a", "2024-01-01", "2024-01-02")]]
        #expect(try Self.issues("churn-rate", ["customersLost": 1, "customersAtStart": 10], .month).map(\.pointer) == ["/kpi"])
        #expect(try Self.issues("sales-cycle-length", deals, .day, from: "2021-01-01", to: "2023-12-31")
            == [.at("/period", "makes 1095 periods from 2021-01-01 to 2023-12-31: at most 1000; choose a longer period or a shorter from..to")])
        #expect(try Self.issues("sales-cycle-length", ["deals": [Self.deal("a", "2020-01-01", "2020-01-02"), Self.deal("b", "2024-01-01", "2024-01-02")]], .week, maxPeriods: 200).map(\.pointer) == ["/period"])
        #expect(try Self.issues("sales-cycle-length", ["deals": []], .month) == [.at("/input/deals", "must not be empty")])
        #expect(try Self.issues("nps", ["scores": [1]], .month) == [.at("/input/responses", "is required to bucket nps by responses[].respondedAt")])
        #expect(throws: ValidationError(issues: [.at("/from", "must not be after to (2024-04-01)")])) {
            try SeriesWindow(granularity: .month, from: "2024-05-01", to: "2024-04-01")
        }
        #expect(throws: ValidationError(issues: [.at("/from", "is not a real date or time"), .at("/to", DateParsing.Failure.malformed.detail)])) {
            try SeriesWindow(granularity: .month, from: "2024-02-30", to: "June")
        }
        // The same day is a window of one day.
        _ = try SeriesWindow(granularity: .day, from: "2024-05-01T12:00:00Z", to: "2024-05-01")
    }
}

extension Result {
    /// The error, when it failed.
    var failure: Failure? { if case .failure(let error) = self { error } else { nil } }
}
