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

    static let oddDateFormats = ["iso", "unix", "unixMillis", "YYYY-MM-DD", "MM/DD/YYYY hh:mm:ss A", "DD.MM.YYYY HH:mm:ss.SSS Z",
                                 "YYYYMMDDHHmmssSSSZ", "", "x", "hh", "Z", String(repeating: "YYYY", count: 100)]
    static let oddDates = ["", "-", "-.", "1.", String(repeating: "9", count: 40), "-9223372036854775808", "9223372036854775807",
                           "253402300799", "253402300800999", "12/31/9999 11:59:59 PM -2359", "00/00/0000 00:00:00 AM",
                           "02/29/2023", "1e400", "\u{1}", "99999999999999999999991231", "2024-03-01T00:00:00Z"]

    /// Every date format, valid or not, against odd date cells (CSV) and odd JSON values: a result or issues
    /// with pointers, never a trap.
    @Test("Odd dateFormat values meet odd dates", arguments: oddDateFormats)
    func oddDateFormatsMeetOddDates(format: String) throws {
        for date in Self.oddDates {
            let csv = "createdAt,closedAt\n2024-03-01," + date + "\n"
            switch try RecordLinesTests.evaluate("sales-cycle-length", .csv, csv, [("dateFormat", format)]) {
            case .success(let result): #expect(result.isFinite, "\(format) \(date)")
            case .failure(.invalid(let error)): #expect(error.issues.allSatisfy { $0.pointer.hasPrefix("/") }, "\(error.issues)")
            case .failure(let error): Issue.record("\(format) \(date): \(error)")
            }
        }
        let kpi = try Fixture.kpi("sales-cycle-length")
        for odd in Self.oddValues + [-0.5, 1e11, .number(JSONNumber(Int64.max)), .number(JSONNumber(Int64.min))] {
            let body: JSONValue = ["dateFormat": .string(format), "deals": [["createdAt": odd, "closedAt": "2024-03-02"]]]
            do {
                #expect(try kpi.evaluate(body).isFinite)
            } catch {
                #expect(!error.issues.isEmpty && error.issues.allSatisfy { $0.pointer.hasPrefix("/") }, "\(format) \(odd): \(error.issues)")
            }
        }
    }
}
