import JSON

extension KPIDefinition {
    /// The body of `POST /marketing-originated`.
    private struct MarketingOriginatedInputs: Sendable {
        let basis: Field<String>
        let marketingOriginatedCustomers: Field<Int64>
        let newCustomers: Field<Int64>
        let marketingOriginatedRevenue: Field<Double>
        let newRevenue: Field<Double>
        let marketingOriginatedLeads: Field<Int64>
        let totalLeads: Field<Int64>
        let specs: [InputSpec]
        /// The customers, revenue or leads basis: named by `basis`, else the first whose fields are given
        /// (customers, revenue, leads), else customers.
        let bases: InputRule

        init() {
            var list = FieldList()
            basis = list.add(InputSpec(
                "basis", .choice(["customers", "revenue", "leads"]), .optional,
                doc: "customers, revenue or leads; inferred when omitted from the fields present (customers when none are).",
                example: "customers"))
            marketingOriginatedCustomers = list.add(InputSpec(
                "marketingOriginatedCustomers", .count, .optional,
                doc: "Customers basis: new customers whose first touch was marketing.", example: 45))
            newCustomers = list.add(InputSpec(
                "newCustomers", .count, .optional, exclusiveMinimum: 0, doc: "Customers basis: all new customers in the period.", example: 150))
            marketingOriginatedRevenue = list.add(InputSpec(
                "marketingOriginatedRevenue", .number, .optional, minimum: 0,
                doc: "Revenue basis: revenue from marketing-originated customers.", example: 30000))
            newRevenue = list.add(InputSpec(
                "newRevenue", .number, .optional, exclusiveMinimum: 0, doc: "Revenue basis: all revenue from new customers.", example: 120000))
            marketingOriginatedLeads = list.add(InputSpec(
                "marketingOriginatedLeads", .count, .optional,
                doc: "Leads basis: the period's leads that a marketing campaign or content produced.", example: 120))
            totalLeads = list.add(InputSpec(
                "totalLeads", .count, .optional, exclusiveMinimum: 0, doc: "Leads basis: all leads of the period.", example: 200))
            specs = list.specs
            bases = .oneOf(
                [
                    .all([marketingOriginatedCustomers, newCustomers], name: "customers"),
                    .all([marketingOriginatedRevenue, newRevenue], name: "revenue"),
                    .all([marketingOriginatedLeads, totalLeads], name: "leads"),
                ],
                selectedBy: basis,
                wording: .init(
                    conflict: { "is not used with the \($0) basis" }, conflictWhenSelected: { "is not used with the \($0) basis" },
                    missing: { basis, _ in "is required for the \(basis) basis" }))
        }
    }

    private static let marketingOriginatedInputs = MarketingOriginatedInputs()

    /// Marketing-originated customer (or revenue) percentage.
    static let marketingOriginated = KPIDefinition(
        id: "marketing-originated", name: "Marketing-Originated Customer Percentage",
        summary: "Share of new customers (or of new revenue, or of the period's leads) that marketing originated.",
        formula: "marketingOriginated = marketingOriginatedCustomers / newCustomers × 100 (or revenue, or leads)",
        unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: marketingOriginatedInputs.specs, rules: [marketingOriginatedInputs.bases],
        example: ["marketingOriginatedCustomers": 45, "newCustomers": 150],
        solvable: Solvable.quotient(
            part: marketingOriginatedInputs.marketingOriginatedCustomers, whole: marketingOriginatedInputs.newCustomers, scale: 100)
            + Solvable.quotient(
                part: marketingOriginatedInputs.marketingOriginatedRevenue, whole: marketingOriginatedInputs.newRevenue, scale: 100)
    ) { values, reader in
        let inputs = marketingOriginatedInputs
        let basis = inputs.bases.takenName(in: values)
        if basis == "leads" {
            reader.checkPart(values, inputs.marketingOriginatedLeads, notAbove: inputs.totalLeads)
            guard reader.isClean, let part = values[inputs.marketingOriginatedLeads], let whole = values[inputs.totalLeads]
            else { return nil }
            var computation = Computation.rate(
                "marketingOriginated", part: (values.name(inputs.marketingOriginatedLeads), part),
                whole: (values.name(inputs.totalLeads), whole))
            computation.breakdown += leadBenchmark.map { KPIResult.Entry($0.name, $0.value) }
            computation.warnings.append(leadBenchmarkNote(computation.value))
            return computation
        }
        guard basis == "revenue" else {
            reader.checkPart(values, inputs.marketingOriginatedCustomers, notAbove: inputs.newCustomers)
            guard reader.isClean, let part = values[inputs.marketingOriginatedCustomers], let whole = values[inputs.newCustomers]
            else { return nil }
            return .rate(
                "marketingOriginated", part: (values.name(inputs.marketingOriginatedCustomers), part),
                whole: (values.name(inputs.newCustomers), whole))
        }
        reader.checkPart(values, inputs.marketingOriginatedRevenue, notAbove: inputs.newRevenue)
        guard reader.isClean, let part = values[inputs.marketingOriginatedRevenue], let whole = values[inputs.newRevenue]
        else { return nil }
        let partName = values.name(inputs.marketingOriginatedRevenue)
        let wholeName = values.name(inputs.newRevenue)
        let value = part / whole * 100
        return Computation(
            value: value, breakdown: [.init(partName, part), .init(wholeName, whole)],
            steps: [.init("marketingOriginated", "\(partName) / \(wholeName) × 100", "\(part.formatted) / \(whole.formatted) × 100", value)],
            overflowPointer: "/" + wholeName)
    }

    /// The ranges the German source article judges a leads share by: 40–80 % where marketing generates the
    /// leads, 10–30 % where sales finds them by cold calling. In the breakdown of the leads basis.
    private static let leadBenchmark: [(name: String, value: Double)] = [
        ("benchmarkMarketingLow", 40), ("benchmarkMarketingHigh", 80), ("benchmarkColdCallingLow", 10), ("benchmarkColdCallingHigh", 30),
    ]

    /// The note beside the benchmark numbers: the ranges in words, and where `value` falls.
    private static func leadBenchmarkNote(_ value: Double) -> String {
        let share = ((value * 10).rounded() / 10).formatted
        let place = switch value {
        case 40...80: "within the range where marketing generates the leads"
        case 10...30: "within the cold-calling range"
        case ..<10: "below both ranges"
        case 80...: "above both ranges"
        default: "between the two ranges"
        }
        return "Benchmark (leads basis): 40–80 % of leads come from marketing where marketing generates the leads, 10–30 % with cold calling; \(share) % is \(place)."
    }
}
