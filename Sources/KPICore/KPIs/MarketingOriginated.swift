import JSON

extension KPIDefinition {
    private static let customerFields = ["marketingOriginatedCustomers", "newCustomers"]
    private static let revenueFields = ["marketingOriginatedRevenue", "newRevenue"]

    /// Marketing-originated customer (or revenue) percentage.
    static let marketingOriginated = KPIDefinition(
        id: "marketing-originated", name: "Marketing-Originated Customer Percentage",
        summary: "Share of new customers (or of new revenue) that marketing originated.",
        formula: "marketingOriginated = marketingOriginatedCustomers / newCustomers × 100 (or revenue)",
        unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: [
            InputSpec("basis", .choice(["customers", "revenue"]), .optional,
                      doc: "customers or revenue; inferred when omitted (revenue when only revenue fields are present).",
                      example: "customers"),
            InputSpec("marketingOriginatedCustomers", .count, .optional,
                      doc: "Customers basis: new customers whose first touch was marketing.", example: 45),
            InputSpec("newCustomers", .count, .optional, exclusiveMinimum: 0,
                      doc: "Customers basis: all new customers in the period.", example: 150),
            InputSpec("marketingOriginatedRevenue", .number, .optional, minimum: 0,
                      doc: "Revenue basis: revenue from marketing-originated customers.", example: 30000),
            InputSpec("newRevenue", .number, .optional, exclusiveMinimum: 0,
                      doc: "Revenue basis: all revenue from new customers.", example: 120000),
        ],
        example: ["marketingOriginatedCustomers": 45, "newCustomers": 150]
    ) { values, reader in
        let inferred = revenueFields.contains(where: values.has) && !customerFields.contains(where: values.has)
            ? "revenue" : "customers"
        let basis = values.string("basis") ?? inferred
        let (own, other) = basis == "revenue" ? (revenueFields, customerFields) : (customerFields, revenueFields)
        for field in other where values.has(field) { reader.issue("/" + field, "is not used with the \(basis) basis") }
        for field in own where !values.has(field) { reader.issue("/" + field, "is required for the \(basis) basis") }
        if basis == "revenue" {
            reader.checkPart(values.number(own[0]), own[0], notAbove: values.number(own[1]), own[1])
        } else {
            reader.checkPart(values.count(own[0]), own[0], notAbove: values.count(own[1]), own[1])
        }
        guard reader.isClean else { return nil }
        if basis == "customers" {
            guard let part = values.count(own[0]), let whole = values.count(own[1]) else { return nil }
            return .rate("marketingOriginated", part: (own[0], part), whole: (own[1], whole))
        }
        guard let part = values.number(own[0]), let whole = values.number(own[1]) else { return nil }
        let value = part / whole * 100
        return Computation(
            value: value, breakdown: [.init(own[0], part), .init(own[1], whole)],
            steps: [.init("marketingOriginated", "\(own[0]) / \(own[1]) × 100", "\(part.formatted) / \(whole.formatted) × 100", value)],
            overflowPointer: "/" + own[1])
    }
}
