/// A group of KPIs that measure one side of the business (acquisition, subscriptions, …): how the README's
/// KPI table and the example files under `docs/examples/` are arranged. Every KPI is in exactly one family.
public struct KPIFamily: Sendable {
    /// The family's name, lower case (`rates from counts`); its examples are `docs/examples/<name with - for spaces>.md`.
    public let name: String
    /// Its KPIs, in the order the README lists them.
    public let kpis: [KPIDefinition]

    init(_ name: String, _ kpis: [KPIDefinition]) {
        self.name = name
        self.kpis = kpis
    }
}
