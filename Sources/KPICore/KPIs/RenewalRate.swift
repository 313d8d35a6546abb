import JSON

extension KPIDefinition {
    private static let renewalInputs = RateInputs(
        part: InputSpec("renewedSubscribers", .count, doc: "Subscribers who renewed.", example: 900),
        whole: InputSpec("originalSubscribers", .count, exclusiveMinimum: 0, doc: "Subscribers whose subscription came up for renewal.", example: 1000))

    /// Renewal Rate: Share of subscribers due for renewal who renewed.
    static let renewalRate = KPIDefinition(
        id: "renewal-rate", name: "Renewal Rate",
        summary: "Share of subscribers due for renewal who renewed.",
        formula: "renewalRate = renewedSubscribers / originalSubscribers × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: renewalInputs.specs,
        example: ["renewedSubscribers": 900, "originalSubscribers": 1000],
        solvable: renewalInputs.solvable
    ) { values, reader in
        renewalInputs.compute("renewalRate", values, &reader)
    }
}
