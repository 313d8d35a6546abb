import JSON

extension KPIDefinition {
    /// Churn Rate: Share of the customers at the start of the period who were lost during it.
    static let churnRate = KPIDefinition(
        id: "churn-rate", name: "Churn Rate",
        summary: "Share of the customers at the start of the period who were lost during it.",
        formula: "churnRate = customersLost / customersAtStart × 100", unit: .percent, betterDirection: .lower, statistics: .rate,
        inputs: [
            InputSpec("customersLost", .count, doc: "Customers lost during the period.", example: 50),
            InputSpec("customersAtStart", .count, exclusiveMinimum: 0, doc: "Customers at the start of the period.", example: 1000),
        ],
        example: ["customersLost": 50, "customersAtStart": 1000]
    ) { values, reader in
        reader.checkPart(values.count("customersLost"), "customersLost", notAbove: values.count("customersAtStart"), "customersAtStart")
        guard reader.isClean, let part = values.count("customersLost"), let whole = values.count("customersAtStart") else { return nil }
        return .rate("churnRate", part: ("customersLost", part), whole: ("customersAtStart", whole))
    }
}
