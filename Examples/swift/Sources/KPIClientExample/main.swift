// Calls the KPI service through the client that swift-openapi-generator's build plugin generates from
// openapi.yaml (a link to the repository's): one KPI, one batch and one bad request, printing what comes back.
// Usage: swift run KPIClientExample [BASE-URL]   (default http://127.0.0.1:8080; run.sh starts a server)

import Foundation
import OpenAPIRuntime
import OpenAPIURLSession

#if canImport(FoundationNetworking)
    import FoundationNetworking
#endif

let serverURL = URL(string: CommandLine.arguments.dropFirst().first ?? "http://127.0.0.1:8080")!
let client = Client(serverURL: serverURL, transport: URLSessionTransport())

func describe(_ problem: Components.Schemas.Problem) -> String {
    var lines = ["Problem \(problem.status) \(problem._type.rawValue): \(problem.detail)"]
    for error in problem.errors ?? [] { lines.append("  \(error.pointer): \(error.detail)") }
    return lines.joined(separator: "\n")
}

// One KPI, with a target (a shared `Target` component; `value1` because the field also accepts null).
print("== POST /cac (typed CacInput with a Target)")
let target = Components.Schemas.Target(value: 1200, direction: .init(value1: .atMost), deadline: "2026-12-31")
switch try await client.cac(body: .json(.init(totalSpend: 10000, newCustomers: 10, target: .init(value1: target)))) {
case .ok(let ok):
    let result = try ok.body.json
    print("KPIResult: \(result.name) = \(result.value) \(result.unit.rawValue)")
    print("  \(result.substituted)")
    for step in result.steps { print("  step \(step.name): \(step.substituted)") }
    if let goal = result.goal {
        print("  goal: \(goal.direction.rawValue) \(goal.target), met=\(goal.met), gap=\(goal.gap)")
    }
case let other:
    print("unexpected answer: \(other)")
}

// One batch: one good item and one the service answers with its own 422.
print("\n== POST /batch (two items, the second one invalid)")
let items: [Components.Schemas.BatchItem] = [
    .init(kpi: "churn-rate", input: try .init(unvalidatedValue: ["customersLost": 12, "customersAtStart": 400])),
    .init(kpi: "nps", input: try .init(unvalidatedValue: ["promoters": 0, "passives": 0, "detractors": 0])),
]
switch try await client.batch(body: .json(.init(items: items.map { .init(value1: $0) }))) {
case .ok(let ok):
    for (index, item) in try ok.body.json.results.enumerated() {
        if let result = item.result {
            let interval = result.interval.map { String(format: " (95 %% interval %.2f…%.2f)", $0.low, $0.high) } ?? ""
            print("  [\(index)] \(item.status.rawValue) \(result.kpi) = \(result.value)\(interval)")
        } else if let problem = item.problem {
            print("  [\(index)] \(item.status.rawValue) \(problem.title): \(problem.detail)")
        }
    }
case let other:
    print("unexpected answer: \(other)")
}

// One bad request: a typed 422 problem with a pointer per invalid field.
print("\n== POST /cac with newCustomers 0 and no spend (a typed 422 Problem)")
switch try await client.cac(body: .json(.init(newCustomers: 0))) {
case .unprocessableContent(let answer):
    print(describe(try answer.body.applicationProblemJson))
case let other:
    print("unexpected answer: \(other)")
}
