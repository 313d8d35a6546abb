import JSON

extension KPIDefinition {
    private static let profitFields = ["averageAnnualProfit", "cac"]
    private static let purchaseFields = ["annualRevenue", "annualPurchases", "uniqueCustomers"]

    /// Customer Lifetime Value, by the profit method or the purchase method.
    static let clv = KPIDefinition(
        id: "clv", name: "Customer Lifetime Value",
        summary: "What an average customer is worth over the whole relationship.",
        formula: "CLV = averageAnnualProfit × averageLifespanYears − cac (profit) or customerValue × averageLifespanYears (purchase)",
        unit: .currency, betterDirection: .higher,
        inputs: [
            InputSpec("method", .choice(["profit", "purchase"]), .optional,
                      doc: "profit or purchase; inferred when omitted (purchase when any purchase field is present).",
                      example: "purchase"),
            InputSpec("averageAnnualProfit", .number, .optional,
                      doc: "Profit method: average yearly profit per customer.", example: 3000),
            InputSpec("cac", .number, .optional, minimum: 0,
                      doc: "Profit method: acquisition cost to subtract (default 0).", example: 1000),
            InputSpec("annualRevenue", .number, .optional, minimum: 0,
                      doc: "Purchase method: revenue in a year.", example: 100000),
            InputSpec("annualPurchases", .count, .optional, exclusiveMinimum: 0,
                      doc: "Purchase method: number of purchases in that year.", example: 2500),
            InputSpec("uniqueCustomers", .count, .optional, exclusiveMinimum: 0,
                      doc: "Purchase method: distinct customers who bought in that year.", example: 500),
            InputSpec("averageLifespanYears", .number, exclusiveMinimum: 0,
                      doc: "How many years a customer stays on average.", example: 4),
        ],
        example: ["annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500, "averageLifespanYears": 4]
    ) { values, reader in
        let explicit = values.string("method")
        let method = explicit ?? (purchaseFields.contains(where: values.has) ? "purchase" : "profit")
        let (own, other) = method == "purchase" ? (purchaseFields, profitFields) : (["averageAnnualProfit"], purchaseFields)
        for field in other where values.has(field) {
            reader.issue("/" + field, explicit != nil
                ? "is not used by the \(method) method"
                : "cannot be combined with the \(method) method's fields")
        }
        for field in own where !values.has(field) { reader.issue("/" + field, "is required for the \(method) method") }
        guard reader.isClean, let years = values.number("averageLifespanYears") else { return nil }
        if method == "profit" {
            guard let profit = values.number("averageAnnualProfit") else { return nil }
            let cac = values.number("cac") ?? 0
            let value = profit * years - cac
            return Computation(
                value: value,
                breakdown: [.init("averageAnnualProfit", profit), .init("averageLifespanYears", years), .init("cac", cac)],
                steps: [.init("clv", "averageAnnualProfit × averageLifespanYears − cac",
                              "\(profit.formatted) × \(years.formatted) − \(cac.formatted)", value)])
        }
        guard let revenue = values.number("annualRevenue"), let purchases = values.count("annualPurchases"),
            let customers = values.count("uniqueCustomers")
        else { return nil }
        let purchaseValue = revenue / Double(purchases)
        let frequency = Double(purchases) / Double(customers)
        let customerValue = purchaseValue * frequency
        let value = customerValue * years
        return Computation(
            value: value,
            breakdown: [
                .init("annualRevenue", revenue), .init("annualPurchases", purchases), .init("uniqueCustomers", customers),
                .init("averageLifespanYears", years), .init("averagePurchaseValue", purchaseValue),
                .init("purchaseFrequency", frequency), .init("customerValue", customerValue),
            ],
            steps: [
                .init("averagePurchaseValue", "annualRevenue / annualPurchases",
                      "\(revenue.formatted) / \(purchases.formatted)", purchaseValue),
                .init("purchaseFrequency", "annualPurchases / uniqueCustomers",
                      "\(purchases.formatted) / \(customers.formatted)", frequency),
                .init("customerValue", "averagePurchaseValue × purchaseFrequency",
                      "\(purchaseValue.formatted) × \(frequency.formatted)", customerValue),
                .init("clv", "customerValue × averageLifespanYears", "\(customerValue.formatted) × \(years.formatted)", value),
            ])
    }
}
