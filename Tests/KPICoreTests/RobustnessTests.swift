import JSON
import Testing

@testable import KPICore

/// No input traps, and no accepted result holds NaN or Infinity.
@Suite("Robustness")
struct RobustnessTests {
    static let oddValues: [JSONValue] = [
        nil, -1, 0, 2.5, 1e308, -1e308, .double(Double.leastNonzeroMagnitude), .number(JSONNumber(Int64.max)),
        .number(JSONNumber(Int64.min)), "x", "", true, [], [nil], ["a": 1], [[:]], ["2024-02-30"],
    ]

    @Test("Each field of each example, replaced by odd values, gives a finite result or issues with pointers",
          arguments: KPIRegistry.all.map(\.id))
    func oddFields(id: String) throws {
        let kpi = try Fixture.kpi(id)
        let example = try #require(kpi.example.objectValue)
        for input in kpi.inputs + [InputSpec.target] {
            for odd in Self.oddValues {
                var body = example
                body[input.name] = odd
                if case .null = odd { body.members.append(.init(key: input.name, value: .null)) }
                do {
                    let result = try kpi.evaluate(.object(body))
                    #expect(result.isFinite, "\(id).\(input.name) = \(odd)")
                } catch {
                    #expect(!error.issues.isEmpty)
                    #expect(error.issues.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") })
                }
            }
        }
    }

    @Test("Records made of odd values are rejected, never trapped on", arguments: ["sales-cycle-length", "resolution-time", "pipeline-stages", "quota-attainment"])
    func oddRecords(id: String) throws {
        let kpi = try Fixture.kpi(id)
        let field = try #require(kpi.inputs.first { if case .records = $0.kind { true } else { false } }).name
        var body = try #require(kpi.example.objectValue)
        body[field] = .array(JSONArray(Self.oddValues))
        let issues = try Fixture.issues(id, .object(body))
        #expect(issues.count >= Self.oddValues.count - 2)
    }
}
