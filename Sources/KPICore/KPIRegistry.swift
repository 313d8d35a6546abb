/// Every KPI the service offers, in catalogue order. Routes, the catalogue, the OpenAPI schemas and the
/// tests all walk this list.
public enum KPIRegistry {
    /// All KPI definitions, in the contract's catalogue order.
    public static let all: [KPIDefinition] = [
        .cac, .clv, .ltvCACRatio, .cacPayback, .salesCycleLength, .marketingOriginated, .churnRate, .renewalRate,
        .retentionRate, .closeRate, .mqlToSQL, .upsellRate, .crossSellRate, .quotaAttainment, .netNewRevenue,
        .pipelineStages, .resolutionTime, .nps, .socialEngagement, .reputation, .revenueRetention, .mrrMovements, .cohortRetention,
    ]

    /// Every KPI of `all` in its family, as the README and `docs/examples/` present them.
    public static let families: [KPIFamily] = [
        KPIFamily("acquisition", [.cac, .clv, .ltvCACRatio, .cacPayback, .netNewRevenue]),
        KPIFamily("rates from counts", [
            .closeRate, .churnRate, .retentionRate, .renewalRate, .crossSellRate, .upsellRate, .mqlToSQL, .marketingOriginated,
        ]),
        KPIFamily("records", [.salesCycleLength, .resolutionTime]),
        KPIFamily("pipeline stages", [.pipelineStages]),
        KPIFamily("customers", [.nps, .quotaAttainment, .socialEngagement, .reputation]),
        KPIFamily("subscriptions", [.revenueRetention, .mrrMovements, .cohortRetention]),
    ]

    /// The definition with id `id` (the route without its `/`), or `nil`.
    public static func definition(id: String) -> KPIDefinition? {
        all.first { $0.id == id }
    }
}
