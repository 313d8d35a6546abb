import JSON

extension KPIDefinition {
    private static let churnInputs = RateInputs(
        part: InputSpec("customersLost", .count, doc: "Customers lost during the period.", example: 50),
        whole: InputSpec("customersAtStart", .count, exclusiveMinimum: 0, doc: "Customers at the start of the period.", example: 1000))

    /// Churn Rate: Share of the customers at the start of the period who were lost during it.
    static let churnRate = KPIDefinition(
        id: "churn-rate", name: "Churn Rate",
        summary: "Share of the customers at the start of the period who were lost during it.",
        formula: "churnRate = customersLost / customersAtStart × 100", unit: .percent, betterDirection: .lower, statistics: .rate,
        inputs: churnInputs.specs,
        example: ["customersLost": 50, "customersAtStart": 1000],
        solvable: churnInputs.solvable
    ) { values, reader in
        churnInputs.compute("churnRate", values, &reader)
    }
}
