import JSON
import NumericTestSupport
import Testing

@testable import KPICore
@testable import KPIService

/// The arithmetic policy for untrusted numbers, through every route that reaches a KPI: integer and float
/// edges in every number of every KPI's bodies, through `POST /<kpi>`, `/batch`, `/compare` (either side
/// and both), `/series` (points and, for KPIs with event dates, records), `scenarios` and `solve`. Each
/// answer is a 200 whose numbers are all where the contract promises them, or a 422; never a trap (which
/// would end the test run) and never another status.
@Suite("Hostile numbers through every route")
struct HostileRoutesTests {
    /// Integer and float edges: 2⁶³ − 1, 2⁶³ − 2, 2⁶³ − 512 (the largest integer below 2⁶³ a Double rounds
    /// up to 2⁶³), 2⁵³ − 1, 2⁵³, 2⁵³ + 1, ±1e308, the largest finite Double and the smallest subnormal.
    static let edges: [JSONValue] = [
        .number(JSONNumber(Int64.max)), .number(JSONNumber(Int64.max - 1)), .number(JSONNumber(Int64(9_223_372_036_854_775_296))),
        .number(JSONNumber(Int64(9_007_199_254_740_991))), .number(JSONNumber(Int64(9_007_199_254_740_992))),
        .number(JSONNumber(Int64(9_007_199_254_740_993))), 1e308, -1e308, .double(.greatestFiniteMagnitude),
        .double(.leastNonzeroMagnitude), 0,
    ]

    /// Bodies for the variants the catalogue examples leave out.
    static let variants: [(String, JSONValue)] = [
        ("cac", ["spend": ["advertising": 6000, "salaries": 3000, "other": 1000], "newCustomers": 10]),
        ("clv", ["averageAnnualProfit": 3000, "cac": 1000, "averageLifespanYears": 4]),
        ("quota-attainment", ["reps": [["rep": "a", "actualSales": 90000, "quota": 100000], ["rep": "b", "actualSales": 1, "quota": 2]]]),
        ("social-engagement", ["likes": 100, "comments": 50, "shares": 10, "reach": 8000]),
        ("upsell-rate", ["upsoldCustomers": 40, "offeredCustomers": 120]),
        ("marketing-originated", ["marketingOriginatedRevenue": 30000, "newRevenue": 120000]),
        ("nps", ["scores": [10, 9, 8, 6, 10]]),
        ("nps", ["promoters": 0, "passives": 0, "detractors": 9_223_372_036_854_775_296]),
    ] + invoiceVariants

    /// The subscription KPIs from billing lines: an amount in cents, a rate, periods of whole and part months.
    static let invoiceVariants: [(String, JSONValue)] = ["mrr-movements", "revenue-retention", "cohort-retention"].map { id in
        (id, [
            "currency": "usd", "fxRates": ["EUR": 1.08], "amountUnit": "cents",
            "invoices": [
                ["customer": "a", "periodStart": "2024-01-01", "periodEnd": "2025-01-01", "amount": 120_000, "currency": "eur"],
                ["customer": "b", "periodStart": "2024-01-15", "periodEnd": "2024-04-20", "amount": 30_000],
                ["customer": 7, "periodStart": "2024-02-01", "periodEnd": "2024-03-01", "amount": 5_000, "status": "paid"],
            ],
        ])
    }

    /// Every KPI's catalogue example and the variants.
    static let bodies: [(String, JSONValue)] = KPIRegistry.all.map { ($0.id, $0.example) } + variants

    /// Each body with each edge in each of its numbers, one at a time and all at once.
    static func hostileBodies(_ body: JSONValue) -> [JSONValue] {
        var numbers = 0
        _ = substitute(body, 0, only: nil, index: &numbers)
        return edges.flatMap { edge in
            ([nil] + (0..<numbers).map(Optional.some)).map { only in
                var counter = 0
                return substitute(body, edge, only: only, index: &counter)
            }
        }
    }

    static func text(_ json: JSONValue) -> String {
        var writer = JSONWriter()
        writer.write(json)
        return String(decoding: writer.bytes, as: UTF8.self)
    }

    /// The members of a 200 that the contract promises as numbers whenever they are present, by where they
    /// sit: a KPI result's `value` (top level, in batch items, compare sides, series points and scenarios),
    /// a scenario's `difference`, `solved`'s bounds, a goal's `gap`, a change's `a`, `b` and `difference`, and
    /// a projection's bounds. A `null` in one of these is a non-finite number written out.
    static func nullsWhereNumbersArePromised(_ json: JSONValue, at path: String = "", into found: inout [String]) {
        let numeric: Set<String> = ["value", "difference", "gap", "a", "b", "low", "high", "target"]
        switch json {
        case .object(let object):
            for member in object.members {
                let here = path + "/" + member.key
                if member.value == .null, numeric.contains(member.key), !Self.mayBeNull(here) { found.append(here) }
                nullsWhereNumbersArePromised(member.value, at: here, into: &found)
            }
        case .array(let elements):
            for (i, element) in elements.enumerated() { nullsWhereNumbersArePromised(element, at: path + "/\(i)", into: &found) }
        default:
            break
        }
    }

    /// The documented nulls: a group's `value` (the last pipeline stage's conversion), a cohort cell, and
    /// `solved`'s range (only where the KPI has an interval, and only for ends that solve to a number).
    static func mayBeNull(_ pointer: String) -> Bool {
        pointer.contains("/groups/") || pointer.contains("/cohorts/") || pointer.hasSuffix("/solved/low") || pointer.hasSuffix("/solved/high")
    }

    /// Sends `body` to `path` and checks the answer is a 200 with every promised number, or a 422.
    static func check(_ client: TestClient, _ path: String, _ body: JSONValue, _ failures: inout [String]) throws {
        let text = Self.text(body)
        let reply = try client.execute(.post, path, body: text)
        guard reply.status == 200 || reply.status == 422 else {
            failures.append("\(path) \(reply.status): \(text.prefix(300)) → \(reply.text.prefix(300))")
            return
        }
        guard reply.status == 200 else { return }
        guard let json = reply.json else {
            failures.append("\(path): a 200 that is not JSON for \(text.prefix(300))")
            return
        }
        var nulls: [String] = []
        nullsWhereNumbersArePromised(json, into: &nulls)
        if !nulls.isEmpty { failures.append("\(path): null at \(nulls.prefix(4)) for \(text.prefix(300))") }
    }

    static func with(_ body: JSONValue, _ name: String, _ value: JSONValue) -> JSONValue {
        guard case .object(var object) = body else { return body }
        object[name] = value
        return .object(object)
    }

    @Test("Every edge through /<kpi>, /batch, /compare and /series points", arguments: bodies.indices)
    func throughEveryRoute(index: Int) throws {
        let (id, example) = Self.bodies[index]
        var failures: [String] = []
        try Application.testing().test(.inProcess) { client in
            for hostile in Self.hostileBodies(example) {
                let targeted = Self.with(hostile, "target", ["value": 100])
                try Self.check(client, "/\(id)", targeted, &failures)
                try Self.check(client, "/batch", ["items": [["kpi": .string(id), "input": hostile]]], &failures)
                try Self.check(client, "/compare", ["kpi": .string(id), "a": hostile, "b": example], &failures)
                try Self.check(client, "/compare", ["kpi": .string(id), "a": example, "b": hostile], &failures)
                try Self.check(client, "/compare", ["kpi": .string(id), "a": hostile, "b": hostile], &failures)
                let points: JSONValue = [
                    ["period": "2024-01", "input": example], ["period": "2024-02", "input": hostile],
                    ["period": "2024-03", "input": hostile],
                ]
                try Self.check(client, "/series", [
                    "kpi": .string(id), "points": points, "target": ["value": 1, "deadline": "2024-12-31"],
                ], &failures)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(5))")
    }

    @Test("Every edge in each scenario's set and in solve's given and atValue", arguments: KPIRegistry.all.map(\.id))
    func throughScenariosAndSolve(id: String) throws {
        let kpi = try #require(KPIRegistry.all.first { $0.id == id })
        let numeric = kpi.inputs.filter { if case .count = $0.kind { true } else if case .number = $0.kind { true } else { false } }
        var failures: [String] = []
        try Application.testing().test(.inProcess) { client in
            for edge in Self.edges {
                for field in numeric {
                    let scenario = Self.with(kpi.example, "scenarios", [["name": "s", "set": .object([field.name: edge])]])
                    try Self.check(client, "/\(id)", scenario, &failures)
                }
                // A base at one extreme and a scenario at the other: the scenario's difference from the base
                // is the number that overflows (net new revenue: −max then +max).
                for first in numeric {
                    for second in numeric where second.name != first.name {
                        let base = Self.with(kpi.example, first.name, edge)
                        let set: JSONValue = .object([first.name: 0, second.name: edge])
                        try Self.check(client, "/\(id)", Self.with(base, "scenarios", [["name": "swing", "set": set]]), &failures)
                    }
                }
                for name in kpi.solvableInputs {
                    try Self.check(client, "/\(id)", Self.with(kpi.example, "solve", ["for": .string(name), "atValue": edge]), &failures)
                    for other in numeric where other.name != name {
                        let solve: JSONValue = ["for": .string(name), "given": .object([other.name: edge])]
                        try Self.check(client, "/\(id)", Self.with(kpi.example, "solve", solve), &failures)
                    }
                }
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(5))")
    }

    @Test("Every edge in the records form of /series", arguments: KPIRegistry.all.filter { $0.events != nil }.map(\.id))
    func throughSeriesRecords(id: String) throws {
        let kpi = try #require(KPIRegistry.all.first { $0.id == id })
        var failures: [String] = []
        let bodies = [kpi.example] + Self.invoiceVariants.filter { $0.0 == id }.map(\.1)
        try Application.testing().test(.inProcess) { client in
            for hostile in bodies.flatMap(Self.hostileBodies) {
                try Self.check(client, "/series", [
                    "kpi": .string(id), "period": "month", "input": hostile,
                    "target": ["value": 1, "deadline": "2030-12-31"],
                ], &failures)
            }
        }
        #expect(failures.isEmpty, "\(failures.count) failures, e.g. \(failures.prefix(5))")
    }
}
