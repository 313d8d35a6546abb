import JSON

extension KPIDefinition {
    /// The body of `POST /marketing-originated`.
    private struct MarketingOriginatedInputs: Sendable {
        let basis: Field<String>
        let marketingOriginatedCustomers: Field<Int64>
        let newCustomers: Field<Int64>
        let marketingOriginatedRevenue: Field<Double>
        let newRevenue: Field<Double>
        let specs: [InputSpec]
        /// The customers basis or the revenue basis: named by `basis`, else customers when any customer field is
        /// given, else revenue when any revenue field is, else customers.
        let bases: InputRule

        init() {
            var list = FieldList()
            basis = list.add(InputSpec(
                "basis", .choice(["customers", "revenue"]), .optional,
                doc: "customers or revenue; inferred when omitted (revenue when only revenue fields are present).",
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
            specs = list.specs
            bases = .oneOf(
                [
                    .all([marketingOriginatedCustomers, newCustomers], name: "customers"),
                    .all([marketingOriginatedRevenue, newRevenue], name: "revenue"),
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
        summary: "Share of new customers (or of new revenue) that marketing originated.",
        formula: "marketingOriginated = marketingOriginatedCustomers / newCustomers × 100 (or revenue)",
        unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: marketingOriginatedInputs.specs, rules: [marketingOriginatedInputs.bases],
        example: ["marketingOriginatedCustomers": 45, "newCustomers": 150],
        solvable: Solvable.quotient(
            part: marketingOriginatedInputs.marketingOriginatedCustomers, "marketingOriginatedCustomers",
            whole: marketingOriginatedInputs.newCustomers, "newCustomers", scale: 100)
            + Solvable.quotient(
                part: marketingOriginatedInputs.marketingOriginatedRevenue, "marketingOriginatedRevenue",
                whole: marketingOriginatedInputs.newRevenue, "newRevenue", scale: 100)
    ) { values, reader in
        let inputs = marketingOriginatedInputs
        guard inputs.bases.takenName(in: values) == "revenue" else {
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
}
