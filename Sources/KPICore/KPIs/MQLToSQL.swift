import JSON

extension KPIDefinition {
    /// MQL to SQL Conversion Rate: Share of marketing-qualified leads accepted as sales-qualified leads.
    static let mqlToSQL = KPIDefinition(
        id: "mql-to-sql", name: "MQL to SQL Conversion Rate",
        summary: "Share of marketing-qualified leads accepted as sales-qualified leads.",
        formula: "mqlToSqlRate = sqls / mqls × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("sqls", .count, doc: "Sales-qualified leads (SQLs) among those MQLs.", example: 120),
            InputSpec("mqls", .count, exclusiveMinimum: 0, doc: "Marketing-qualified leads (MQLs) in the period.", example: 400),
        ],
        example: ["sqls": 120, "mqls": 400]
    ) { values, reader in
        reader.checkPart(values.count("sqls"), "sqls", notAbove: values.count("mqls"), "mqls")
        guard reader.isClean, let part = values.count("sqls"), let whole = values.count("mqls") else { return nil }
        return .rate("mqlToSqlRate", part: ("sqls", part), whole: ("mqls", whole))
    }
}
