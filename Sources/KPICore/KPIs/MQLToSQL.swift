import JSON

extension KPIDefinition {
    private static let mqlToSQLInputs = RateInputs(
        part: InputSpec("sqls", .count, doc: "Sales-qualified leads (SQLs) among those MQLs.", example: 120),
        whole: InputSpec("mqls", .count, exclusiveMinimum: 0, doc: "Marketing-qualified leads (MQLs) in the period.", example: 400))

    /// MQL to SQL Conversion Rate: Share of marketing-qualified leads accepted as sales-qualified leads.
    static let mqlToSQL = KPIDefinition(
        id: "mql-to-sql", name: "MQL to SQL Conversion Rate",
        summary: "Share of marketing-qualified leads accepted as sales-qualified leads.",
        formula: "mqlToSqlRate = sqls / mqls × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: mqlToSQLInputs.specs,
        example: ["sqls": 120, "mqls": 400],
        solvable: mqlToSQLInputs.solvable
    ) { values, reader in
        mqlToSQLInputs.compute("mqlToSqlRate", values, &reader)
    }
}
