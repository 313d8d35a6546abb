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

    /// Whether `value` is JSON of a type the field could hold (its bounds aside): a value of another type
    /// must be rejected, with an issue pointing at the field.
    static func fitsType(_ value: JSONValue, _ input: InputSpec) -> Bool {
        switch (value, input.kind) {
        case (.null, _): input.presence != .required
        case (.number, .count), (.number, .number), (.number, .identifier): true
        case (.string, .string), (.string, .choice), (.string, .date), (.string, .identifier): true
        case (.array, .integers), (.array, .strings), (.array, .records): true
        case (.object, .object): true
        default: false
        }
    }

    @Test("Each field of each example, replaced by odd values, gives a finite result or issues with pointers",
          arguments: KPIRegistry.all.map(\.id))
    func oddFields(id: String) throws {
        let kpi = try Fixture.kpi(id)
        let example = try #require(kpi.example.objectValue)
        var accepted = 0
        var rejected = 0
        // The reading options too, and each member of an option that is an object (`columns.createdAt`).
        let members = kpi.readingOptions.flatMap { option -> [(String, InputSpec)] in
            guard case .object(let members) = option.kind else { return [] }
            return members.map { (option.name, $0) }
        }
        for (input, parent) in (kpi.inputs + [InputSpec.target] + kpi.readingOptions).map({ ($0, String?.none) }) + members.map({ ($1, $0) }) {
            let field = "/" + (parent.map { $0 + "/" } ?? "") + input.name
            for odd in Self.oddValues {
                var body = example
                // Replaces the member (or adds it), `null` included.
                if let parent { body[parent] = [input.name: odd] } else { body[input.name] = odd }
                let fits = Self.fitsType(odd, input)
                do {
                    let result = try kpi.evaluate(.object(body))
                    accepted += 1
                    #expect(fits, "\(id).\(input.name) = \(odd) was accepted, but the field cannot hold it")
                    #expect(result.isFinite, "\(id).\(input.name) = \(odd)")
                } catch {
                    rejected += 1
                    let atField = error.issues.contains { $0.pointer == field || $0.pointer.hasPrefix(field + "/") }
                    if fits {
                        // Bounds and cross-field rules may blame another field or the whole body.
                        #expect(!error.issues.isEmpty)
                        #expect(error.issues.allSatisfy { $0.pointer.isEmpty || $0.pointer.hasPrefix("/") }, "\(error.issues)")
                    } else {
                        #expect(atField, "\(id).\(input.name) = \(odd): no issue points at \(field): \(error.issues)")
                    }
                }
            }
        }
        // Both outcomes occur, so neither branch above is dead.
        #expect(accepted > 0 && rejected > 0, "accepted \(accepted), rejected \(rejected)")
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
