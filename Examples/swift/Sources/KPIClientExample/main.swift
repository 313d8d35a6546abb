// Runs every KPI's catalogue example through the client that swift-openapi-generator's build plugin generates
// from openapi.yaml (a link to the repository's), each written out below as its typed input struct:
//   - the catalogue's example (GET /kpis → `example`) must decode into the same type and be the same JSON, so
//     the typed value is the catalogue's example, and a KPI without one here fails;
//   - the typed operation must answer 200 with a typed KPIResult of that KPI, whose value must equal the value
//     the service gives for the catalogue's example as it stands (one POST /batch of every example);
//   - a target through the nullable `Target` payload gives a typed goal, and two bad requests (an either/or rule
//     broken, a count out of range) come back as typed 422 Problems with their pointers.
// Prints one line per check that passed or failed, and ends with "N passed, N failed" (exit 1 on a failure).
// Usage: swift run KPIClientExample [BASE-URL]   (default http://127.0.0.1:8080; run.sh starts a server)

import Foundation
import OpenAPIRuntime
import OpenAPIURLSession

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

typealias Schemas = Components.Schemas

let serverURL = URL(string: CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080")!
let client = Client(serverURL: serverURL, transport: URLSessionTransport())

var passed = 0
var failures: [String] = []

/// Counts a check; prints it when it fails.
@MainActor func expect(_ condition: Bool, _ what: @autoclosure () -> String) {
    if condition {
        passed += 1
    } else {
        failures.append(what())
        print("FAIL \(what())")
    }
}

/// One KPI's catalogue example as a typed input, and the typed call that sends it.
struct TypedExample: Sendable {
    let kpi: String
    /// Whether the catalogue's example decodes into the input's type and is the same JSON as the typed input.
    let isCatalogueExample: @Sendable (OpenAPIObjectContainer) throws -> Bool
    let send: @Sendable () async throws -> Schemas.KPIResult

    init<Input: Codable & Sendable>(
        _ kpi: String, _ input: Input, _ call: @escaping @Sendable (Input) async throws -> Schemas.KPIResult
    ) {
        self.kpi = kpi
        // Compared as JSON, not as decoded structs: decoding an anyOf payload fills every branch that decodes (an
        // outcome "won" is both `value1: .won` and the any-value `value2`), and such a value cannot be encoded again.
        isCatalogueExample = { example in
            _ = try JSONDecoder().decode(Input.self, from: JSONEncoder().encode(example))
            let typed = try JSONDecoder().decode(OpenAPIObjectContainer.self, from: JSONEncoder().encode(input))
            return sameJSON(typed.value, example.value)
        }
        send = { try await call(input) }
    }
}

/// Whether two JSON values are the same, numbers compared by value and a null member counted as absent (a typed
/// nil is sent as no member; the service reads both alike).
func sameJSON(_ a: (any Sendable)?, _ b: (any Sendable)?) -> Bool {
    if let a = a as? [String: (any Sendable)?], let b = b as? [String: (any Sendable)?] {
        let given = a.filter { $0.value != nil }
        let other = b.filter { $0.value != nil }
        return Set(given.keys) == Set(other.keys) && given.allSatisfy { key, value in sameJSON(value, other[key] ?? nil) }
    }
    if let a = a as? [(any Sendable)?], let b = b as? [(any Sendable)?] {
        return a.count == b.count && zip(a, b).allSatisfy { sameJSON($0, $1) }
    }
    if let a = a as? String, let b = b as? String { return a == b }
    if let a = a as? Bool, let b = b as? Bool { return a == b }
    func number(_ value: (any Sendable)?) -> Double? { (value as? Int).map(Double.init) ?? (value as? Double) }
    return number(a) != nil && number(a) == number(b)
}

/// The records the subscription KPIs share: MRR per customer and month.
let mrrRows: [(customer: String, month: String, mrr: Double)] = [
    ("acme", "2024-01", 100), ("acme", "2024-02", 120), ("acme", "2024-03", 120),
    ("globex", "2024-01", 200), ("globex", "2024-02", 150), ("initech", "2024-01", 50), ("umbrella", "2024-03", 80),
]

// `.ok` and `.body.json` throw (naming what came instead) unless the answer is a 200 with JSON.
let examples: [TypedExample] = [
    .init("cac", Schemas.CacInput(totalSpend: 10000, newCustomers: 10)) {
        try await client.cac(body: .json($0)).ok.body.json
    },
    .init("clv", Schemas.ClvInput(annualRevenue: 100000, annualPurchases: 2500, uniqueCustomers: 500, averageLifespanYears: 4)) {
        try await client.clv(body: .json($0)).ok.body.json
    },
    .init("ltv-cac-ratio", Schemas.LtvCacRatioInput(clv: 3000, cac: 1000)) {
        try await client.ltvCacRatio(body: .json($0)).ok.body.json
    },
    .init("cac-payback", Schemas.CacPaybackInput(cac: 1200, monthlyRevenuePerCustomer: 100, grossMarginPercent: 80)) {
        try await client.cacPayback(body: .json($0)).ok.body.json
    },
    .init(
        "sales-cycle-length",
        Schemas.SalesCycleLengthInput(deals: [
            .init(id: "d-1", createdAt: "2024-03-01", closedAt: "2024-03-31", rep: "alice"),
            .init(id: "d-2", createdAt: "2024-03-05", closedAt: "2024-03-15", rep: "bob"),
        ])
    ) { try await client.salesCycleLength(body: .json($0)).ok.body.json },
    .init("marketing-originated", Schemas.MarketingOriginatedInput(marketingOriginatedCustomers: 45, newCustomers: 150)) {
        try await client.marketingOriginated(body: .json($0)).ok.body.json
    },
    .init("churn-rate", Schemas.ChurnRateInput(customersLost: 50, customersAtStart: 1000)) {
        try await client.churnRate(body: .json($0)).ok.body.json
    },
    .init("renewal-rate", Schemas.RenewalRateInput(renewedSubscribers: 900, originalSubscribers: 1000)) {
        try await client.renewalRate(body: .json($0)).ok.body.json
    },
    .init("retention-rate", Schemas.RetentionRateInput(customersAtStart: 1000, customersAtEnd: 1050, newCustomers: 150)) {
        try await client.retentionRate(body: .json($0)).ok.body.json
    },
    .init("close-rate", Schemas.CloseRateInput(dealsClosed: 30, leads: 100)) {
        try await client.closeRate(body: .json($0)).ok.body.json
    },
    .init("mql-to-sql", Schemas.MqlToSqlInput(sqls: 120, mqls: 400)) {
        try await client.mqlToSql(body: .json($0)).ok.body.json
    },
    .init("upsell-rate", Schemas.UpsellRateInput(upsoldCustomers: 40, totalCustomers: 400)) {
        try await client.upsellRate(body: .json($0)).ok.body.json
    },
    .init("cross-sell-rate", Schemas.CrossSellRateInput(purchasedCustomers: 45, offeredCustomers: 300)) {
        try await client.crossSellRate(body: .json($0)).ok.body.json
    },
    .init("quota-attainment", Schemas.QuotaAttainmentInput(actualSales: 90000, quota: 100000)) {
        try await client.quotaAttainment(body: .json($0)).ok.body.json
    },
    .init(
        "net-new-revenue",
        Schemas.NetNewRevenueInput(newRevenue: 50000, expansionRevenue: 12000, churnedRevenue: 8000, contractionRevenue: 2000)
    ) { try await client.netNewRevenue(body: .json($0)).ok.body.json },
    .init(
        "pipeline-stages",
        Schemas.PipelineStagesInput(
            stages: ["lead", "qualified", "proposal", "won"],
            deals: [
                .init(
                    id: "d-1",
                    history: [
                        .init(stage: "lead", enteredAt: "2024-03-01"), .init(stage: "qualified", enteredAt: "2024-03-04"),
                        .init(stage: "proposal", enteredAt: "2024-03-10"), .init(stage: "won", enteredAt: "2024-03-20"),
                    ],
                    outcome: .init(value1: .won)),
                .init(
                    id: "d-2",
                    history: [.init(stage: "lead", enteredAt: "2024-03-02"), .init(stage: "qualified", enteredAt: "2024-03-06")],
                    outcome: .init(value1: .lost)),
                .init(id: "d-3", history: [.init(stage: "lead", enteredAt: "2024-03-05")]),
            ])
    ) { try await client.pipelineStages(body: .json($0)).ok.body.json },
    .init(
        "resolution-time",
        Schemas.ResolutionTimeInput(tickets: [
            .init(id: "t-1", openedAt: "2024-03-01T09:00:00Z", resolvedAt: "2024-03-01T13:30:00Z", agent: "carol"),
            // The catalogue's `resolvedAt: null` (an open ticket): nil, sent as no field, which the service reads alike.
            .init(id: "t-2", openedAt: "2024-03-02T10:00:00Z", resolvedAt: nil, agent: "dave"),
        ])
    ) { try await client.resolutionTime(body: .json($0)).ok.body.json },
    .init("nps", Schemas.NpsInput(promoters: 60, passives: 25, detractors: 15)) {
        try await client.nps(body: .json($0)).ok.body.json
    },
    .init("social-engagement", Schemas.SocialEngagementInput(likes: 180, comments: 40, shares: 30, followers: 5000)) {
        try await client.socialEngagement(body: .json($0)).ok.body.json
    },
    .init("reputation", Schemas.ReputationInput(ratings: [5, 4, 4, 3, 5, 2, 5])) {
        try await client.reputation(body: .json($0)).ok.body.json
    },
    .init(
        "revenue-retention",
        Schemas.RevenueRetentionInput(startingMrr: 10000, expansionMrr: 800, contractionMrr: 300, churnedMrr: 500)
    ) { try await client.revenueRetention(body: .json($0)).ok.body.json },
    .init("mrr-movements", Schemas.MrrMovementsInput(mrr: mrrRows.map { .init(customer: $0.customer, month: $0.month, mrr: $0.mrr) })) {
        try await client.mrrMovements(body: .json($0)).ok.body.json
    },
    .init("cohort-retention", Schemas.CohortRetentionInput(mrr: mrrRows.map { .init(customer: $0.customer, month: $0.month, mrr: $0.mrr) })) {
        try await client.cohortRetention(body: .json($0)).ok.body.json
    },
]

/// Runs `body`, counting a thrown error as a failure of `what`.
@MainActor func attempt(_ what: String, _ body: () async throws -> Void) async {
    do { try await body() } catch { expect(false, "\(what): \(error)") }
}

/// Every catalogue example through its typed input, against the catalogue's own example in one batch.
@MainActor func checkCatalogue() async throws {
    let catalogue = try await client.listKpis().ok.body.json.kpis
    let typed = Dictionary(uniqueKeysWithValues: examples.map { ($0.kpi, $0) })
    expect(Set(typed.keys) == Set(catalogue.map(\.id)),
           "a typed example for every catalogue KPI (catalogue \(catalogue.map(\.id).sorted()), typed \(typed.keys.sorted()))")

    // The reference values: the catalogue's examples as they stand, in one batch.
    let items = catalogue.map { Schemas.BatchRequest.ItemsPayloadPayload(value1: .init(kpi: $0.id, input: $0.example)) }
    let answers = try await client.batch(body: .json(.init(items: items))).ok.body.json.results
    expect(answers.count == catalogue.count && answers.allSatisfy { $0.result != nil },
           "POST /batch answers every catalogue example with a result")

    for (entry, answer) in zip(catalogue, answers) {
        guard let example = typed[entry.id] else { continue }
        await attempt(entry.path) { try await check(example, entry, expected: answer.result?.value) }
    }
}

/// One typed example: it is the catalogue entry's example, and its typed call answers the `expected` value.
@MainActor func check(_ example: TypedExample, _ entry: Schemas.CatalogueEntry, expected: Double?) async throws {
    let isCatalogueExample = try example.isCatalogueExample(entry.example)
    expect(isCatalogueExample, "\(entry.id): the typed input is the catalogue's example \(entry.example)")
    let result = try await example.send()
    let ok = result.kpi == entry.id && result.value == expected
    let reference = expected.map { "\($0)" } ?? "no value"
    expect(ok, "POST \(entry.path): \(result.kpi) = \(result.value), the catalogue example gives \(reference)")
    if ok {
        let value = String(format: "%.6g", result.value)
        print("ok   \(entry.path.padding(toLength: 24, withPad: " ", startingAt: 0)) \(value) \(result.unit.rawValue)  \(result.substituted)")
    }
}

await attempt("the catalogue", checkCatalogue)

await attempt("a target") {
    // A field that also takes null is an anyOf payload: the value goes in `value1`.
    let target = Schemas.Target(value: 1200, direction: .init(value1: .atMost), deadline: "2026-12-31")
    let result = try await client.cac(body: .json(.init(totalSpend: 10000, newCustomers: 10, target: .init(value1: target)))).ok.body.json
    let goal = result.goal
    expect(goal?.met == true && goal?.gap == -200, "POST /cac with target atMost 1200: goal met, gap -200 (got \(String(describing: goal)))")
    if let goal { print("ok   /cac with a target         goal \(goal.direction.rawValue) \(goal.target): met \(goal.met), gap \(goal.gap)") }
}

/// The typed 422 Problem of a CAC request.
@MainActor func problem(_ input: Schemas.CacInput) async throws -> Schemas.Problem {
    try await client.cac(body: .json(input)).unprocessableContent.body.applicationProblemJson
}

await attempt("typed 422s") {
    // The either/or rule of CAC (`totalSpend` or `spend`): neither given.
    let neither = try await problem(.init(newCustomers: 10))
    let pointers = (neither.errors ?? []).map(\.pointer)
    expect(neither.status == 422 && pointers == ["/totalSpend"], "CAC without totalSpend or spend: a 422 at /totalSpend (got \(pointers))")
    // A count out of range.
    let zero = try await problem(.init(totalSpend: 100, newCustomers: 0))
    expect(zero.status == 422 && (zero.errors ?? []).map(\.pointer) == ["/newCustomers"], "CAC with newCustomers 0: a 422 at /newCustomers")
    for problem in [neither, zero] {
        print("422  \(problem._type.rawValue): \(problem.detail)")
        for error in problem.errors ?? [] { print("       \(error.pointer): \(error.detail)") }
    }
}

print("\(passed) passed, \(failures.count) failed")
exit(failures.isEmpty ? 0 : 1)
