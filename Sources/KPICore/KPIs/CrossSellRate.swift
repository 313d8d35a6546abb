import JSON

extension KPIDefinition {
    private static let crossSellInputs = RateInputs(
        part: InputSpec("purchasedCustomers", .count, doc: "Customers who bought the cross-sold product.", example: 45),
        whole: InputSpec("offeredCustomers", .count, exclusiveMinimum: 0, doc: "Customers offered the cross-sold product.", example: 300))

    /// Cross-Sell Rate: Share of customers offered a complementary product who bought it.
    static let crossSellRate = KPIDefinition(
        id: "cross-sell-rate", name: "Cross-Sell Rate",
        summary: "Share of customers offered a complementary product who bought it.",
        formula: "crossSellRate = purchasedCustomers / offeredCustomers × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: crossSellInputs.specs,
        example: ["purchasedCustomers": 45, "offeredCustomers": 300],
        solvable: crossSellInputs.solvable
    ) { values, reader in
        crossSellInputs.compute("crossSellRate", values, &reader)
    }
}
