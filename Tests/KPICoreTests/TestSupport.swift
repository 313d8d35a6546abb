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

/// Whether `a` and `b` agree to a relative 1e-9 (absolute near 0).
func close(_ a: Double?, _ b: Double, tolerance: Double = 1e-9) -> Bool {
    guard let a else { return false }
    return abs(a - b) <= tolerance * max(1, abs(b))
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

/// A seeded generator (SplitMix64, Steele, Lea & Flood 2014): the same numbers on every run.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
