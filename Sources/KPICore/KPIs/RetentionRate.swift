import JSON

extension KPIDefinition {
    /// Customer retention rate: the share of the starting customers still there at the end.
    static let retentionRate = KPIDefinition(
        id: "retention-rate", name: "Customer Retention Rate",
        summary: "Share of the customers at the start of the period still customers at its end (new ones excluded).",
        formula: "retentionRate = retainedCustomers / customersAtStart × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("customersAtStart", .count, exclusiveMinimum: 0, doc: "Customers at the start of the period.", example: 1000),
            InputSpec("customersAtEnd", .count, doc: "Customers at the end of the period.", example: 1050),
            InputSpec("newCustomers", .count, doc: "Customers acquired during the period.", example: 150),
        ],
        example: ["customersAtStart": 1000, "customersAtEnd": 1050, "newCustomers": 150]
    ) { values, reader in
        let start = values.count("customersAtStart")
        let end = values.count("customersAtEnd")
        let new = values.count("newCustomers")
        reader.checkPart(new, "newCustomers", notAbove: end, "customersAtEnd")
        if let start, let end, let new, new <= end, end - new > start {
            reader.issue("/customersAtEnd", "minus newCustomers must not be greater than customersAtStart")
        }
        guard reader.isClean, let start, let end, let new else { return nil }
        let retained = end - new
        var computation = Computation.rate(
            "retentionRate", part: ("retainedCustomers", retained), whole: ("customersAtStart", start))
        computation.breakdown = [
            .init("customersAtStart", start), .init("customersAtEnd", end), .init("newCustomers", new),
            .init("retainedCustomers", retained),
        ]
        computation.steps.insert(
            .init("retainedCustomers", "customersAtEnd − newCustomers", "\(end.formatted) − \(new.formatted)", count: retained),
            at: 0)
        return computation
    }
}
