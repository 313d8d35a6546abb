import JSON

extension KPIDefinition {
    /// The body of `POST /net-new-revenue`.
    private struct NetNewRevenueInputs: Sendable {
        let newRevenue: Field<Double>
        let expansionRevenue: Field<Double>
        let churnedRevenue: Field<Double>
        let contractionRevenue: Field<Double>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            newRevenue = list.add(InputSpec("newRevenue", .number, minimum: 0, doc: "Revenue from new customers.", example: 50000))
            expansionRevenue = list.add(InputSpec(
                "expansionRevenue", .number, .optional, minimum: 0,
                doc: "Revenue added by existing customers (upgrades, add-ons; default 0).", example: 12000))
            churnedRevenue = list.add(InputSpec(
                "churnedRevenue", .number, .optional, minimum: 0, doc: "Revenue lost from customers who left (default 0).", example: 8000))
            contractionRevenue = list.add(InputSpec(
                "contractionRevenue", .number, .optional, minimum: 0, doc: "Revenue lost to downgrades (default 0).", example: 2000))
            specs = list.specs
        }
    }

    private static let netNewRevenueInputs = NetNewRevenueInputs()

    /// Net new revenue: recurring revenue gained in the period after expansion, churn and contraction.
    static let netNewRevenue = KPIDefinition(
        id: "net-new-revenue", name: "Net New Revenue",
        summary: "Recurring revenue gained in the period: new plus expansion, minus churned and contraction.",
        formula: "netNewRevenue = newRevenue + expansionRevenue − churnedRevenue − contractionRevenue",
        unit: .currency, betterDirection: .higher,
        inputs: netNewRevenueInputs.specs,
        example: ["newRevenue": 50000, "expansionRevenue": 12000, "churnedRevenue": 8000, "contractionRevenue": 2000]
    ) { values, reader in
        let inputs = netNewRevenueInputs
        guard reader.isClean, let new = values[inputs.newRevenue] else { return nil }
        let expansion = values[inputs.expansionRevenue] ?? 0
        let churned = values[inputs.churnedRevenue] ?? 0
        let contraction = values[inputs.contractionRevenue] ?? 0
        let value = new + expansion - churned - contraction
        return Computation(
            value: value,
            breakdown: [
                .init("newRevenue", new), .init("expansionRevenue", expansion), .init("churnedRevenue", churned),
                .init("contractionRevenue", contraction),
            ],
            steps: [
                .init("netNewRevenue", "newRevenue + expansionRevenue − churnedRevenue − contractionRevenue",
                      "\(new.formatted) + \(expansion.formatted) − \(churned.formatted) − \(contraction.formatted)", value)
            ])
    }
}
