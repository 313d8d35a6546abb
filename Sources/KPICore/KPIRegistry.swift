/// Every KPI the service offers, in catalogue order. Routes, the catalogue, the OpenAPI schemas and the
/// tests all walk this list.
public enum KPIRegistry {
    /// All KPI definitions, in the contract's catalogue order.
    public static let all: [KPIDefinition] = [
        .cac, .clv, .ltvCACRatio, .cacPayback, .salesCycleLength, .marketingOriginated, .churnRate, .renewalRate,
        .retentionRate, .closeRate, .mqlToSQL, .upsellRate, .crossSellRate, .quotaAttainment, .netNewRevenue,
        .pipelineStages, .resolutionTime, .nps, .socialEngagement, .reputation, .revenueRetention, .mrrMovements, .cohortRetention,
    ]

    /// The definition with id `id` (the route without its `/`), or `nil`.
    public static func definition(id: String) -> KPIDefinition? {
        all.first { $0.id == id }
    }
}
