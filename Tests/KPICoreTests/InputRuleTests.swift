import JSON
import Testing

@testable import KPICore

/// A KPI declared only for these tests: `a`, or `b` and `c` (the default), or any of `d`/`e`; and a `mode`-
/// selected rule between `x` and `y`.
private struct ToyInputs: Sendable {
    let a: Field<Double>
    let b: Field<Int64>
    let c: Field<Double>
    let d: Field<Int64>
    let e: Field<Int64>
    let mode: Field<String>
    let x: Field<Double>
    let y: Field<Double>
    let specs: [InputSpec]
    let rules: [InputRule]

    init() {
        var list = FieldList()
        a = list.add(InputSpec("a", .number, .optional, doc: "a", example: 1))
        b = list.add(InputSpec("b", .count, .optional, doc: "b", example: 2))
        c = list.add(InputSpec("c", .number, .optional, doc: "c", example: 3))
        d = list.add(InputSpec("d", .count, .optional, doc: "d", example: 4))
        e = list.add(InputSpec("e", .count, .optional, doc: "e", example: 5))
        mode = list.add(InputSpec("mode", .choice(["ex", "why"]), .optional, doc: "mode", example: "ex"))
        x = list.add(InputSpec("x", .number, .optional, doc: "x", example: 6))
        y = list.add(InputSpec("y", .number, .optional, doc: "y", example: 7))
        specs = list.specs
        rules = [
            .oneOf([.all([a], name: "the total"), .all([b, c], default: true), .any([d, e])]),
            .oneOf(
                [.all([x], name: "ex"), .all([y], name: "why")], selectedBy: mode,
                wording: .init(
                    conflict: { "is not part of \($0)" }, conflictWhenSelected: { "is not used in mode \($0)" },
                    missing: { taken, others in "is needed by \(taken), not \(others.joined(separator: "/"))" })),
        ]
    }
}

private let toy = ToyInputs()

private let toyKPI = KPIDefinition(
    id: "toy", name: "Toy", summary: "A toy.", formula: "toy = 1", unit: .ratio, betterDirection: .higher,
    inputs: toy.specs, rules: toy.rules, example: ["a": 1, "x": 1]
) { _, reader in
    reader.isClean ? Computation(value: 1, breakdown: [], steps: [.init("toy", "1", "1", 1)]) : nil
}

private func issues(_ body: JSONValue) -> [ValidationError.Issue] {
    do {
        _ = try toyKPI.evaluate(body)
        return []
    } catch {
        return error.issues
    }
}

@Suite("Either/or rules (InputRule)")
struct InputRuleTests {
    static let messageCases: [(JSONValue, [ValidationError.Issue])] = [
        // One alternative, complete: no issue.
        (["a": 1, "x": 1], []),
        (["b": 1, "c": 2, "x": 1], []),
        (["e": 1, "x": 1], []),
        (["d": 1, "e": 1, "x": 1], []),
        // Nothing given: the default alternative's fields are required, naming the others.
        (["x": 1], [.at("/b", "is required (or give the total or d, e)"), .at("/c", "is required (or give the total or d, e)")]),
        // Part of an alternative: the rest of it is required.
        (["c": 1, "x": 1], [.at("/b", "is required (or give the total or d, e)")]),
        // Several alternatives: the first listed is taken, every field of the others is an issue, in order.
        (["a": 1, "c": 2, "d": 3, "e": 4, "x": 1],
         [.at("/c", "cannot be combined with the total"), .at("/d", "cannot be combined with the total"),
          .at("/e", "cannot be combined with the total")]),
        (["b": 1, "d": 3, "x": 1], [.at("/d", "cannot be combined with b, c"), .at("/c", "is required (or give the total or d, e)")]),
        // An invalid value still counts as given (its own issue comes first, from the reader).
        (["a": "one", "d": 1, "x": 1], [.at("/a", "must be a number"), .at("/d", "cannot be combined with the total")]),
        // `null` is absent.
        (["a": .null, "d": 1, "x": 1], []),
        // A selector names the alternative; without it, the first given (else the first listed) is taken.
        (["a": 1, "mode": "why", "x": 1], [.at("/x", "is not used in mode why"), .at("/y", "is needed by why, not ex")]),
        (["a": 1, "x": 1, "y": 2], [.at("/y", "is not part of ex")]),
        (["a": 1, "y": 2], []),
        (["a": 1], [.at("/x", "is needed by ex, not why")]),
        (["a": 1, "mode": "why"], [.at("/y", "is needed by why, not ex")]),
        // A selector value that is not one of the choices is its own issue; the alternative is then inferred.
        (["a": 1, "mode": "zed", "y": 1], [.at("/mode", "must be one of \"ex\", \"why\"")]),
    ]

    @Test("A rule takes exactly one alternative and words every other field and every missing one", arguments: messageCases)
    func messages(body: JSONValue, expected: [ValidationError.Issue]) {
        #expect(issues(body) == expected)
    }

    /// Whether the field-by-field check finds no issue in `values`: the reference for the mask test.
    private static func meetsFieldByField(_ rule: InputRule, _ values: InputValues) -> Bool {
        var reader = InputReader()
        rule.checkFieldByField(values, &reader)
        return reader.isClean
    }

    @Test("The mask test agrees with the field-by-field check on every combination of the toy's fields given")
    func maskTestAgreesOnTheToy() {
        for given in 0..<(1 << toy.specs.count) {
            var values = InputValues(specs: toy.specs)
            for index in toy.specs.indices where given & (1 << index) != 0 { values.slots[index] = .invalid }
            for rule in toy.rules {
                let met = Self.meetsFieldByField(rule, values)
                // With its selector given, a rule always goes field by field.
                let selected = rule.selector.map { given & (1 << $0.index) != 0 } ?? false
                #expect(rule.isMet(by: values) == (met && !selected), "fields \(given)")
            }
        }
    }

    @Test("The mask test agrees with the field-by-field check on every combination of each registry rule's fields", arguments: KPIRegistry.all.filter { !$0.rules.isEmpty })
    func maskTestAgreesOnTheRegistry(kpi: KPIDefinition) {
        for rule in kpi.rules {
            let fields = Array(Set(rule.alternatives.flatMap(\.allFields))).sorted()
            for given in 0..<(1 << fields.count) {
                var values = InputValues(specs: kpi.readSpecs)
                for (bit, field) in fields.enumerated() where given & (1 << bit) != 0 { values.slots[field] = .invalid }
                // The selector (CLV's `method`) is not among the fields set here, so the mask test decides.
                #expect(rule.isMet(by: values) == Self.meetsFieldByField(rule, values), "\(kpi.id): \(given)")
            }
        }
    }

    @Test("Each rule is said in words in the input schema's description and listed in x-either-or, not as JSON Schema")
    func schema() throws {
        let schema = try #require(toyKPI.inputSchema.objectValue)
        for keyword in ["oneOf", "anyOf", "allOf", "required"] { #expect(schema[keyword] == nil, "\(keyword)") }
        #expect(schema["description"] == """
            A toy. Give exactly one of: `a` (the total); `b` and `c`; or at least one of `d` or `e`. \
            Give exactly one of: `x` (ex); or `y` (why). `mode` may name which (ex or why).
            """)
        let expected: JSONValue = [
            ["alternatives": [
                ["name": "the total", "needs": "all", "fields": ["a"]],
                ["needs": "all", "fields": ["b", "c"], "default": true],
                ["needs": "any", "fields": ["d", "e"]],
            ]],
            ["alternatives": [["name": "ex", "needs": "all", "fields": ["x"]], ["name": "why", "needs": "all", "fields": ["y"]]],
             "selector": "mode"],
        ]
        #expect(schema["x-either-or"] == expected)
    }

    @Test("The registry's either/or rules, in words after each summary; no schema keyword a generator would read as a union")
    func registrySchemas() throws {
        // Written out by hand from each KPI's declaration.
        let expected: [String: String] = [
            "cac": "Give exactly one of: `totalSpend`; or `spend` (spend by category).",
            "clv": "Give exactly one of: `annualRevenue`, `annualPurchases` and `uniqueCustomers` (purchase); or `averageAnnualProfit`, optionally `cac` (profit). `method` may name which (purchase or profit).",
            "marketing-originated": "Give exactly one of: `marketingOriginatedCustomers` and `newCustomers` (customers); `marketingOriginatedRevenue` and `newRevenue` (revenue); or `marketingOriginatedLeads` and `totalLeads` (leads). `basis` may name which (customers or revenue or leads).",
            "net-new-revenue": "Give exactly one of: `newRevenue`, optionally `expansionRevenue`, `churnedRevenue` and `contractionRevenue` (aggregate); or `purchases`, `from` and `to`, optionally `newMeans` (purchases).",
            "reputation": "Give exactly one of: `ratings`; or `mentions`, optionally `ourMentions` and `totalMentions`.",
            "upsell-rate": "Give exactly one of: `totalCustomers`; or `offeredCustomers`.",
            "quota-attainment": "Give exactly one of: `reps`; or `actualSales` and `quota`.",
            "social-engagement": "Give exactly one of: `interactions`; or at least one of `likes`, `comments` or `shares`. Give exactly one of: `followers`; or `reach`.",
            "revenue-retention": "Give exactly one of: `startingMrr`, optionally `expansionMrr`, `contractionMrr` and `churnedMrr`; `mrr`, optionally `from` and `to` (mrr rows); or `invoices`, optionally `from`, `to`, `currency`, `fxRates` and `amountUnit`.",
            "cohort-retention": "Give exactly one of: `mrr` (mrr rows); `invoices`, optionally `currency`, `fxRates` and `amountUnit`; or `customers`.",
            "mrr-movements": "Give exactly one of: `mrr` (mrr rows); or `invoices`, optionally `currency`, `fxRates` and `amountUnit`.",
            "close-rate": "Give exactly one of: `deals`, optionally `basis`; or `dealsClosed` and `leads`.",
        ]
        for kpi in KPIRegistry.all {
            let schema = try #require(kpi.inputSchema.objectValue)
            for keyword in ["oneOf", "anyOf", "allOf"] { #expect(schema[keyword] == nil, "\(kpi.id): \(keyword)") }
            let words = expected[kpi.id].map { " " + $0 } ?? ""
            #expect(schema["description"] == .string(kpi.summary + words), "\(kpi.id)")
            #expect((schema["x-either-or"]?.arrayValue?.count ?? 0) == kpi.rules.count, "\(kpi.id)")
        }
        #expect(KPIRegistry.all.filter { !$0.rules.isEmpty }.map(\.id).sorted() == expected.keys.sorted())
    }

    /// A body of `kpi`'s example without the fields of `rule`, plus the example values of `alternative`'s fields.
    private static func body(_ kpi: KPIDefinition, _ rule: InputRule, giving alternatives: [InputRule.Alternative]) throws -> JSONObject {
        var body = try #require(kpi.example.objectValue)
        let ruleFields = Set(rule.alternatives.flatMap { $0.allFields.map { kpi.inputs[$0].name } })
        if let selector = rule.selector { body[kpi.inputs[selector.index].name] = nil }
        for name in ruleFields { body[name] = nil }
        for alternative in alternatives {
            for field in alternative.fields { body[kpi.inputs[field].name] = kpi.inputs[field].example }
        }
        return body
    }

    @Test("Every alternative of every registry rule computes on its own, and two together are refused",
          arguments: KPIRegistry.all.filter { !$0.rules.isEmpty }.map(\.id))
    func registryAlternatives(id: String) throws {
        let kpi = try Fixture.kpi(id)
        for rule in kpi.rules {
            for (i, alternative) in rule.alternatives.enumerated() {
                _ = try kpi.evaluate(.object(try Self.body(kpi, rule, giving: [alternative])))
                for other in rule.alternatives[(i + 1)...] {
                    let issues = try Fixture.issues(id, .object(try Self.body(kpi, rule, giving: [alternative, other])))
                    let otherNames = other.fields.map { "/" + kpi.inputs[$0].name }
                    #expect(issues.contains { otherNames.contains($0.pointer) }, "\(id): \(issues)")
                }
            }
        }
    }
}
