import JSON

extension KPIDefinition {
    /// Close rate: the share of leads that became closed deals (closed ÷ leads, not the reverse).
    static let closeRate = KPIDefinition(
        id: "close-rate", name: "Close Rate",
        summary: "Share of leads that turned into closed (won) deals.",
        formula: "closeRate = dealsClosed / leads × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("dealsClosed", .count, doc: "Deals closed (won) from these leads.", example: 30),
            InputSpec("leads", .count, exclusiveMinimum: 0, doc: "Leads worked in the period.", example: 100),
        ],
        example: ["dealsClosed": 30, "leads": 100]
    ) { values, reader in
        reader.checkPart(values.count("dealsClosed"), "dealsClosed", notAbove: values.count("leads"), "leads")
        guard reader.isClean, let closed = values.count("dealsClosed"), let leads = values.count("leads") else { return nil }
        return .rate("closeRate", part: ("dealsClosed", closed), whole: ("leads", leads))
    }
}
