import JSON

/// A KPI that is a share of counts, `symbol = part / whole × 100` with its Wilson interval: one row of the
/// table below, whose formula and example are derived from the row (the example is the inputs' examples).
struct RateKPI: Sendable {
    /// The id: also the route (`POST /churn-rate`).
    let id: String
    /// The human name.
    let name: String
    /// The one-line description.
    let summary: String
    /// The symbol before ` = ` in the formula, also the name of its step (`churnRate`).
    let symbol: String
    /// Which way the KPI improves.
    let betterDirection: BetterDirection
    /// The part, a count (`customersLost`).
    let part: InputSpec
    /// The whole the part is of, a positive count (`customersAtStart`).
    let whole: InputSpec
}

extension KPIDefinition {
    /// The rate KPI of `row`.
    init(rate row: RateKPI) {
        let inputs = RateInputs(part: row.part, whole: row.whole)
        self.init(
            id: row.id, name: row.name, summary: row.summary,
            formula: concatenate(row.symbol, " = ", row.part.name, " / ", row.whole.name, " × 100"),
            unit: .percent, betterDirection: row.betterDirection, statistics: .rate,
            inputs: inputs.specs,
            example: [row.part.name: row.part.example, row.whole.name: row.whole.example],
            solvable: inputs.solvable
        ) { values, reader in
            inputs.compute(row.symbol, values, &reader)
        }
    }

    // The rate KPIs: one row each.

    /// Churn Rate: Share of the customers at the start of the period who were lost during it.
    static let churnRate = KPIDefinition(rate: RateKPI(
        id: "churn-rate", name: "Churn Rate",
        summary: "Share of the customers at the start of the period who were lost during it.",
        symbol: "churnRate", betterDirection: .lower,
        part: InputSpec("customersLost", .count, doc: "Customers lost during the period.", example: 50),
        whole: InputSpec("customersAtStart", .count, exclusiveMinimum: 0, doc: "Customers at the start of the period.", example: 1000)))

    /// Renewal Rate: Share of subscribers due for renewal who renewed.
    static let renewalRate = KPIDefinition(rate: RateKPI(
        id: "renewal-rate", name: "Renewal Rate",
        summary: "Share of subscribers due for renewal who renewed.",
        symbol: "renewalRate", betterDirection: .higher,
        part: InputSpec("renewedSubscribers", .count, doc: "Subscribers who renewed.", example: 900),
        whole: InputSpec(
            "originalSubscribers", .count, exclusiveMinimum: 0, doc: "Subscribers whose subscription came up for renewal.", example: 1000)))

    /// MQL to SQL Conversion Rate: Share of marketing-qualified leads accepted as sales-qualified leads.
    static let mqlToSQL = KPIDefinition(rate: RateKPI(
        id: "mql-to-sql", name: "MQL to SQL Conversion Rate",
        summary: "Share of marketing-qualified leads accepted as sales-qualified leads.",
        symbol: "mqlToSqlRate", betterDirection: .higher,
        part: InputSpec("sqls", .count, doc: "Sales-qualified leads (SQLs) among those MQLs.", example: 120),
        whole: InputSpec("mqls", .count, exclusiveMinimum: 0, doc: "Marketing-qualified leads (MQLs) in the period.", example: 400)))

    /// Cross-Sell Rate: Share of customers offered a complementary product who bought it.
    static let crossSellRate = KPIDefinition(rate: RateKPI(
        id: "cross-sell-rate", name: "Cross-Sell Rate",
        summary: "Share of customers offered a complementary product who bought it.",
        symbol: "crossSellRate", betterDirection: .higher,
        part: InputSpec("purchasedCustomers", .count, doc: "Customers who bought the cross-sold product.", example: 45),
        whole: InputSpec("offeredCustomers", .count, exclusiveMinimum: 0, doc: "Customers offered the cross-sold product.", example: 300)))
}
