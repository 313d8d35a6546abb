import JSON

extension KPIDefinition {
    /// Cross-Sell Rate: Share of customers offered a complementary product who bought it.
    static let crossSellRate = KPIDefinition(
        id: "cross-sell-rate", name: "Cross-Sell Rate",
        summary: "Share of customers offered a complementary product who bought it.",
        formula: "crossSellRate = purchasedCustomers / offeredCustomers × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("purchasedCustomers", .count, doc: "Customers who bought the cross-sold product.", example: 45),
            InputSpec("offeredCustomers", .count, exclusiveMinimum: 0, doc: "Customers offered the cross-sold product.", example: 300),
        ],
        example: ["purchasedCustomers": 45, "offeredCustomers": 300]
    ) { values, reader in
        reader.checkPart(values.count("purchasedCustomers"), "purchasedCustomers", notAbove: values.count("offeredCustomers"), "offeredCustomers")
        guard reader.isClean, let part = values.count("purchasedCustomers"), let whole = values.count("offeredCustomers") else { return nil }
        return .rate("crossSellRate", part: ("purchasedCustomers", part), whole: ("offeredCustomers", whole))
    }
}
