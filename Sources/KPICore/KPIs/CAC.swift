import JSON

extension KPIDefinition {
    /// The body of `POST /cac`.
    private struct CACInputs: Sendable {
        /// The parts of `spend`, in order.
        let spendParts: [Field<Double>]
        let totalSpend: Field<Double>
        let spend: Field<InputValues>
        let newCustomers: Field<Int64>
        let specs: [InputSpec]
        /// `totalSpend` or `spend`.
        let rules: [InputRule]

        init() {
            var parts = FieldList()
            spendParts = ["advertising", "salaries", "commissions", "bonuses", "overhead", "other"].map {
                parts.add(InputSpec($0, .number, .optional, minimum: 0, doc: "Spend on \($0) (default 0).", example: 1000))
            }
            var list = FieldList()
            totalSpend = list.add(InputSpec(
                "totalSpend", .number, .optional, minimum: 0,
                doc: "Total sales and marketing spend in the period (give this or `spend`).", example: 10000))
            spend = list.add(InputSpec(
                "spend", .object(parts.specs), .optional,
                doc: "Spend by category, summed into totalSpend (give this or `totalSpend`).",
                example: ["advertising": 6000, "salaries": 3000, "other": 1000]))
            newCustomers = list.add(InputSpec("newCustomers", .count, exclusiveMinimum: 0, doc: "New customers won in the period.", example: 10))
            specs = list.specs
            rules = [.oneOf([.all([totalSpend]), .all([spend], name: "spend by category")])]
        }

        /// The parts given in `spend`, in order.
        func givenParts(_ spend: InputValues) -> [Field<Double>] { spendParts.filter { spend.has($0) } }

        /// The sum of the parts given in `spend`.
        func total(_ spend: InputValues) -> Double { givenParts(spend).map { spend[$0] ?? 0 }.reduce(0, +) }

        /// `totalSpend`, or the sum of `spend`'s parts.
        var spendTotal: Solvable.Operand {
            Solvable.Operand { [self] values in values[totalSpend] ?? values[spend].map(total) }
        }
    }

    private static let cacInputs = CACInputs()

    /// Customer Acquisition Cost: what winning one new customer costs.
    static let cac = KPIDefinition(
        id: "cac", name: "Customer Acquisition Cost",
        summary: "Sales and marketing spend per new customer won in the period.",
        formula: "CAC = totalSpend / newCustomers", unit: .currency, betterDirection: .lower,
        inputs: cacInputs.specs, rules: cacInputs.rules,
        example: ["totalSpend": 10000, "newCustomers": 10],
        solvable: [
            .numerator(cacInputs.totalSpend, of: .input(cacInputs.newCustomers)),
            .denominator(cacInputs.newCustomers, over: cacInputs.spendTotal),
        ]
    ) { values, reader in
        let inputs = cacInputs
        var breakdown: [KPIResult.Entry] = []
        var steps: [KPIResult.Step] = []
        var totalSpend = values[inputs.totalSpend]
        if !values.has(inputs.totalSpend), let spend = values[inputs.spend] {
            let given = inputs.givenParts(spend)
            if given.isEmpty {
                reader.issue("/" + values.name(inputs.spend),
                             "must have at least one of " + inputs.spendParts.map { spend.name($0) }.joined(separator: ", "))
            }
            let names = given.map { spend.name($0) }
            let amounts = given.map { spend[$0] ?? 0 }
            let total = inputs.total(spend)
            breakdown = zip(names, amounts).map { KPIResult.Entry($0, $1) }
            steps.append(.init("totalSpend", names.joined(separator: " + "), amounts.map(\.formatted).joined(separator: " + "), total))
            totalSpend = total
        }
        guard reader.isClean, let totalSpend, let customers = values[inputs.newCustomers] else { return nil }
        let value = totalSpend / Double(customers)
        let step = KPIResult.Step("cac", "totalSpend / newCustomers", totalSpend.formatted, "/", customers.formatted, value)
        let totals: [KPIResult.Entry] = [.init("totalSpend", totalSpend), .init("newCustomers", customers)]
        if steps.isEmpty { steps = [step] } else { steps.append(step) }
        if breakdown.isEmpty { breakdown = totals } else { breakdown += totals }
        return Computation(
            value: value, breakdown: breakdown, steps: steps, overflowPointer: values.has(inputs.spend) ? "/spend" : "")
    }
}
