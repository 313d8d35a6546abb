import JSON

extension KPIDefinition {
    /// Renewal Rate: Share of subscribers due for renewal who renewed.
    static let renewalRate = KPIDefinition(
        id: "renewal-rate", name: "Renewal Rate",
        summary: "Share of subscribers due for renewal who renewed.",
        formula: "renewalRate = renewedSubscribers / originalSubscribers × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("renewedSubscribers", .count, doc: "Subscribers who renewed.", example: 900),
            InputSpec("originalSubscribers", .count, exclusiveMinimum: 0, doc: "Subscribers whose subscription came up for renewal.", example: 1000),
        ],
        example: ["renewedSubscribers": 900, "originalSubscribers": 1000]
    ) { values, reader in
        reader.checkPart(values.count("renewedSubscribers"), "renewedSubscribers", notAbove: values.count("originalSubscribers"), "originalSubscribers")
        guard reader.isClean, let part = values.count("renewedSubscribers"), let whole = values.count("originalSubscribers") else { return nil }
        return .rate("renewalRate", part: ("renewedSubscribers", part), whole: ("originalSubscribers", whole))
    }
}
