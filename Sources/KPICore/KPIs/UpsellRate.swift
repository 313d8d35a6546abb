import JSON

extension KPIDefinition {
    /// The body of `POST /upsell-rate`.
    private struct UpsellInputs: Sendable {
        let upsoldCustomers: Field<Int64>
        let totalCustomers: Field<Int64>
        let offeredCustomers: Field<Int64>
        let specs: [InputSpec]
        /// The basis: `totalCustomers` or `offeredCustomers`.
        let rules: [InputRule]

        init() {
            var list = FieldList()
            upsoldCustomers = list.add(InputSpec("upsoldCustomers", .count, doc: "Customers who bought an upgrade.", example: 40))
            totalCustomers = list.add(InputSpec(
                "totalCustomers", .count, .optional, exclusiveMinimum: 0,
                doc: "Basis: all customers (give this or offeredCustomers).", example: 400))
            offeredCustomers = list.add(InputSpec(
                "offeredCustomers", .count, .optional, exclusiveMinimum: 0,
                doc: "Basis: customers offered an upgrade (give this or totalCustomers).", example: 120))
            specs = list.specs
            rules = [.oneOf([.all([totalCustomers]), .all([offeredCustomers])])]
        }
    }

    private static let upsellInputs = UpsellInputs()

    /// Upsell rate: the share of customers (all, or those offered an upsell) who bought the upgrade.
    static let upsellRate = KPIDefinition(
        id: "upsell-rate", name: "Upsell Rate",
        summary: "Share of customers who bought an upgrade, over all customers or over those offered one.",
        formula: "upsellRate = upsoldCustomers / totalCustomers (or offeredCustomers) × 100",
        unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: upsellInputs.specs, rules: upsellInputs.rules,
        example: ["upsoldCustomers": 40, "totalCustomers": 400],
        solvable: [
            .numerator(upsellInputs.upsoldCustomers, of: .first([upsellInputs.totalCustomers, upsellInputs.offeredCustomers]), scale: 100),
            .denominator(upsellInputs.totalCustomers, over: .input(upsellInputs.upsoldCustomers), scale: 100),
            .denominator(upsellInputs.offeredCustomers, over: .input(upsellInputs.upsoldCustomers), scale: 100),
        ]
    ) { values, reader in
        let inputs = upsellInputs
        let base = values.has(inputs.totalCustomers) ? inputs.totalCustomers : inputs.offeredCustomers
        reader.checkPart(values, inputs.upsoldCustomers, notAbove: base)
        guard reader.isClean, let upsold = values[inputs.upsoldCustomers], let whole = values[base] else { return nil }
        return .rate("upsellRate", part: (values.name(inputs.upsoldCustomers), upsold), whole: (values.name(base), whole))
    }
}
