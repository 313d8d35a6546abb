import JSON
import Testing

@testable import KPICore

@Suite("InputReader")
struct InputReaderTests {
    /// The fields the tests read, declared as a KPI declares its inputs.
    struct Fields {
        let n: Field<Int64>
        let x: Field<Double>
        let s: Field<String>
        let when: Field<Instant>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            n = list.add(InputSpec("n", .count, doc: "a count", example: 1))
            x = list.add(InputSpec("x", .number, .optional, minimum: 0, doc: "an amount", example: 1))
            s = list.add(InputSpec("s", .string, .optional, doc: "a string", example: "a"))
            when = list.add(InputSpec("when", .date, .nullable, doc: "a date", example: "2024-03-01"))
            specs = list.specs
        }
    }

    static let fields = Fields()
    static let specs = fields.specs

    static func read(_ body: JSONValue) -> (InputValues, [ValidationError.Issue]) {
        var reader = InputReader()
        let values = body.serialized().withUnsafeBytes { bytes in
            var cursor = JSONCursor(bytes)
            return try! reader.read(&cursor, specs: specs) { "" }
        }
        return (values, reader.issues)
    }

    static let acceptsCountsCases: [(JSONValue, Int64)] = [
        (JSONValue.number(JSONNumber(Int64(10))), Int64(10)),
        (.number(JSONNumber(double: 10, integer: 10)), 10),
        (.number(JSONNumber(Int64.max)), .max),
        (.number(JSONNumber(0.0)), 0),
        (.number(JSONNumber(double: 1e18, integer: nil)), 1_000_000_000_000_000_000),
    ]

    @Test("Counts accept whole numbers from 0 to 2⁶³ − 1, written as integers or whole decimals", arguments: acceptsCountsCases)
    func acceptsCounts(json: JSONValue, expected: Int64) {
        let (values, issues) = Self.read(["n": json])
        #expect(issues.isEmpty)
        #expect(values[Self.fields.n] == expected)
    }

    static let rejectsCountsCases: [JSONValue] = [
        2.5, "10", true, 1e30, -1, .number(JSONNumber(double: 9.3e18, integer: nil)), [1], ["n": 1],
    ]

    @Test("Counts reject fractions, strings, booleans, negatives and numbers beyond Int64", arguments: rejectsCountsCases)
    func rejectsCounts(json: JSONValue) {
        #expect(Self.read(["n": json]).1 == [.at("/n", InputReader.countDetail)])
    }

    @Test("All problems are reported at once, in body order, then the missing fields")
    func allProblems() {
        let (_, issues) = Self.read(["x": -1, "s": 5, "bogus": true, "when": "2024-02-30"])
        #expect(issues == [
            .at("/x", "must not be negative"), .at("/s", "must be a string"), .at("/bogus", "is not a known field"),
            .at("/when", "is not a real date or time"), .at("/n", "is required"),
        ])
    }

    @Test("null is absent for optional fields, missing for required ones, and a value of its own for nullable ones")
    func nulls() {
        let (values, issues) = Self.read(["n": nil, "x": nil, "when": nil])
        #expect(issues == [.at("/n", "is required")])
        #expect(!values.has(Self.fields.x))
        guard case .null = values.slots[Self.fields.when.index] else {
            Issue.record("when should be null")
            return
        }
    }

    @Test("Unknown field names are escaped in the pointer")
    func escapedUnknown() {
        #expect(Self.read(["n": 1, "a/b~c": 1]).1 == [.at("/a~1b~0c", "is not a known field")])
    }

    @Test("Date-times without an offset are rejected with a plain reason")
    func offsetless() {
        #expect(Self.read(["n": 1, "when": "2024-03-01T09:30:00"]).1 == [.at("/when", "must have a time zone offset (Z, +02:00, +0200 or +02)")])
    }

    @Test("Beyond the issue limit, further issues are counted in one last issue")
    func issueLimit() {
        var reader = InputReader()
        for i in 0..<(IssueList.limit + 5) { reader.issue("/scores/\(i)", "bad") }
        #expect(reader.issues.count == IssueList.limit + 1)
        #expect(reader.issues.last == .at("", "has 5 more problems not listed"))
    }
}
