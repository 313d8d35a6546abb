import JSON
import Testing

@testable import KPICore

/// Test fixtures shared by the suites.
enum Fixture {
    /// The definition with `id`, failing the test when there is none.
    static func kpi(_ id: String) throws -> KPIDefinition {
        try #require(KPIRegistry.definition(id: id))
    }

    /// Evaluates `body` with the KPI `id`, failing the test on a validation error.
    static func result(_ id: String, _ body: JSONValue) throws -> KPIResult {
        try kpi(id).evaluate(body)
    }

    /// The issues `body` raises with the KPI `id`; records a failure when it evaluates.
    static func issues(_ id: String, _ body: JSONValue) throws -> [ValidationError.Issue] {
        let definition = try kpi(id)
        do {
            let result = try definition.evaluate(body)
            Issue.record("expected a validation error, got \(result.value)")
            return []
        } catch {
            return error.issues
        }
    }

    /// The breakdown entry `name` of `result` as a Double.
    static func breakdown(_ result: KPIResult, _ name: String) -> Double? {
        result.breakdown.first { $0.name == name }?.value.double
    }
}

extension ValidationError.Issue {
    /// Shorthand for expected issues.
    static func at(_ pointer: String, _ detail: String) -> Self { .init(pointer: pointer, detail: detail) }
}

extension KPIResult {
    /// The success envelope as written to a response, read back (the writer's output, checked as JSON).
    var json: JSONValue {
        get throws { try JSONReader.parse(serialized()) }
    }
}

extension Goal {
    /// The goal object as written to a response, read back.
    var json: JSONValue {
        get throws {
            var writer = JSONWriter()
            write(to: &writer)
            return try JSONReader.parse(writer.bytes)
        }
    }
}
