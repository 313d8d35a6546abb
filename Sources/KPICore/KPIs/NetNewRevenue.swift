import JSON

extension KPIDefinition {
    /// Net new revenue: recurring revenue gained in the period after expansion, churn and contraction.
    static let netNewRevenue = KPIDefinition(
        id: "net-new-revenue", name: "Net New Revenue",
        summary: "Recurring revenue gained in the period: new plus expansion, minus churned and contraction.",
        formula: "netNewRevenue = newRevenue + expansionRevenue − churnedRevenue − contractionRevenue",
        unit: .currency, betterDirection: .higher,
        inputs: [
            InputSpec("newRevenue", .number, minimum: 0, doc: "Revenue from new customers.", example: 50000),
            InputSpec("expansionRevenue", .number, .optional, minimum: 0,
                      doc: "Revenue added by existing customers (upgrades, add-ons; default 0).", example: 12000),
            InputSpec("churnedRevenue", .number, .optional, minimum: 0,
                      doc: "Revenue lost from customers who left (default 0).", example: 8000),
            InputSpec("contractionRevenue", .number, .optional, minimum: 0,
                      doc: "Revenue lost to downgrades (default 0).", example: 2000),
        ],
        example: ["newRevenue": 50000, "expansionRevenue": 12000, "churnedRevenue": 8000, "contractionRevenue": 2000]
    ) { values, reader in
        guard reader.isClean, let new = values.number("newRevenue") else { return nil }
        let expansion = values.number("expansionRevenue") ?? 0
        let churned = values.number("churnedRevenue") ?? 0
        let contraction = values.number("contractionRevenue") ?? 0
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
