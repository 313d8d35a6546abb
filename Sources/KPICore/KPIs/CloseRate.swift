import JSON

extension KPIDefinition {
    private static let closeInputs = RateInputs(
        part: InputSpec("dealsClosed", .count, doc: "Deals closed (won) from these leads.", example: 30),
        whole: InputSpec("leads", .count, exclusiveMinimum: 0, doc: "Leads worked in the period.", example: 100))

    /// Close rate: the share of leads that became closed deals (closed ÷ leads, not the reverse).
    static let closeRate = KPIDefinition(
        id: "close-rate", name: "Close Rate",
        summary: "Share of leads that turned into closed (won) deals.",
        formula: "closeRate = dealsClosed / leads × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: closeInputs.specs,
        example: ["dealsClosed": 30, "leads": 100],
        solvable: closeInputs.solvable
    ) { values, reader in
        closeInputs.compute("closeRate", values, &reader)
    }
}
