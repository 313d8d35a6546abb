import JSON

extension KPIDefinition {
    /// Upsell rate: the share of customers (all, or those offered an upsell) who bought the upgrade.
    static let upsellRate = KPIDefinition(
        id: "upsell-rate", name: "Upsell Rate",
        summary: "Share of customers who bought an upgrade, over all customers or over those offered one.",
        formula: "upsellRate = upsoldCustomers / totalCustomers (or offeredCustomers) × 100",
        unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("upsoldCustomers", .count, doc: "Customers who bought an upgrade.", example: 40),
            InputSpec("totalCustomers", .count, .optional, exclusiveMinimum: 0,
                      doc: "Basis: all customers (give this or offeredCustomers).", example: 400),
            InputSpec("offeredCustomers", .count, .optional, exclusiveMinimum: 0,
                      doc: "Basis: customers offered an upgrade (give this or totalCustomers).", example: 120),
        ],
        example: ["upsoldCustomers": 40, "totalCustomers": 400]
    ) { values, reader in
        let hasTotal = values.has("totalCustomers")
        if hasTotal, values.has("offeredCustomers") {
            reader.issue("/offeredCustomers", "cannot be combined with totalCustomers")
        } else if !hasTotal, !values.has("offeredCustomers") {
            reader.issue("/totalCustomers", "is required (or give offeredCustomers)")
        }
        let baseName = hasTotal ? "totalCustomers" : "offeredCustomers"
        reader.checkPart(values.count("upsoldCustomers"), "upsoldCustomers", notAbove: values.count(baseName), baseName)
        guard reader.isClean, let upsold = values.count("upsoldCustomers"), let base = values.count(baseName) else {
            return nil
        }
        return .rate("upsellRate", part: ("upsoldCustomers", upsold), whole: (baseName, base))
    }
}
