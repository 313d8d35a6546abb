import JSON

extension KPIDefinition {
    private static let spendParts = ["advertising", "salaries", "commissions", "bonuses", "overhead", "other"]

    /// Customer Acquisition Cost: what winning one new customer costs.
    static let cac = KPIDefinition(
        id: "cac", name: "Customer Acquisition Cost",
        summary: "Sales and marketing spend per new customer won in the period.",
        formula: "CAC = totalSpend / newCustomers", unit: .currency, betterDirection: .lower,
        inputs: [
            InputSpec("totalSpend", .number, .optional, minimum: 0,
                      doc: "Total sales and marketing spend in the period (give this or `spend`).", example: 10000),
            InputSpec("spend", .object(spendParts.map {
                InputSpec($0, .number, .optional, minimum: 0, doc: "Spend on \($0) (default 0).", example: 1000)
            }), .optional,
                doc: "Spend by category, summed into totalSpend (give this or `totalSpend`).",
                example: ["advertising": 6000, "salaries": 3000, "other": 1000]),
            InputSpec("newCustomers", .count, exclusiveMinimum: 0, doc: "New customers won in the period.", example: 10),
        ],
        example: ["totalSpend": 10000, "newCustomers": 10]
    ) { values, reader in
        let hasTotal = values.has("totalSpend")
        let hasParts = values.has("spend")
        var breakdown: [KPIResult.Entry] = []
        var steps: [KPIResult.Step] = []
        var totalSpend = values.number("totalSpend")
        if hasTotal, hasParts {
            reader.issue("/spend", "cannot be combined with totalSpend")
        } else if !hasTotal, !hasParts {
            reader.issue("/totalSpend", "is required (or give spend by category)")
        } else if let spend = values.fields("spend") {
            let given = spendParts.filter { spend.has($0) }
            if given.isEmpty { reader.issue("/spend", "must have at least one of " + spendParts.joined(separator: ", ")) }
            let amounts = given.map { spend.number($0) ?? 0 }
            let total = amounts.reduce(0, +)
            breakdown = zip(given, amounts).map { KPIResult.Entry($0, $1) }
            steps.append(.init("totalSpend", given.joined(separator: " + "), amounts.map(\.formatted).joined(separator: " + "), total))
            totalSpend = total
        }
        guard reader.isClean, let totalSpend, let customers = values.count("newCustomers") else { return nil }
        let value = totalSpend / Double(customers)
        let step = KPIResult.Step("cac", "totalSpend / newCustomers", totalSpend.formatted, "/", customers.formatted, value)
        let totals: [KPIResult.Entry] = [.init("totalSpend", totalSpend), .init("newCustomers", customers)]
        if steps.isEmpty { steps = [step] } else { steps.append(step) }
        if breakdown.isEmpty { breakdown = totals } else { breakdown += totals }
        return Computation(value: value, breakdown: breakdown, steps: steps, overflowPointer: hasParts ? "/spend" : "")
    }
}
