import JSON

extension KPIDefinition {
    /// The body of `POST /clv`.
    private struct CLVInputs: Sendable {
        let method: Field<String>
        let averageAnnualProfit: Field<Double>
        let cac: Field<Double>
        let annualRevenue: Field<Double>
        let annualPurchases: Field<Int64>
        let uniqueCustomers: Field<Int64>
        let averageLifespanYears: Field<Double>
        let specs: [InputSpec]
        /// The profit method or the purchase method: named by `method`, else purchase when any purchase field is
        /// given, else profit.
        let methods: InputRule

        init() {
            var list = FieldList()
            method = list.add(InputSpec(
                "method", .choice(["profit", "purchase"]), .optional,
                doc: "profit or purchase; inferred when omitted (purchase when any purchase field is present).", example: "purchase"))
            averageAnnualProfit = list.add(InputSpec(
                "averageAnnualProfit", .number, .optional, doc: "Profit method: average yearly profit per customer.", example: 3000))
            cac = list.add(InputSpec(
                "cac", .number, .optional, minimum: 0, doc: "Profit method: acquisition cost to subtract (default 0).", example: 1000))
            annualRevenue = list.add(InputSpec(
                "annualRevenue", .number, .optional, minimum: 0, doc: "Purchase method: revenue in a year.", example: 100000))
            annualPurchases = list.add(InputSpec(
                "annualPurchases", .count, .optional, exclusiveMinimum: 0,
                doc: "Purchase method: number of purchases in that year.", example: 2500))
            uniqueCustomers = list.add(InputSpec(
                "uniqueCustomers", .count, .optional, exclusiveMinimum: 0,
                doc: "Purchase method: distinct customers who bought in that year.", example: 500))
            averageLifespanYears = list.add(InputSpec(
                "averageLifespanYears", .number, exclusiveMinimum: 0, doc: "How many years a customer stays on average.", example: 4))
            specs = list.specs
            methods = .oneOf(
                [
                    .all([annualRevenue, annualPurchases, uniqueCustomers], name: "purchase"),
                    .all([averageAnnualProfit], optional: [cac], name: "profit", default: true),
                ],
                selectedBy: method,
                wording: .init(
                    conflict: { "cannot be combined with the \($0) method's fields" },
                    conflictWhenSelected: { "is not used by the \($0) method" },
                    missing: { method, _ in "is required for the \(method) method" }))
        }

        /// Whether `values` take the profit method.
        func isProfit(_ values: InputValues) -> Bool { methods.takenName(in: values) == "profit" }

        /// `cac`, 0 when absent.
        func cacOrZero(_ values: InputValues) -> Double { values[cac] ?? 0 }
    }

    private static let clvInputs = CLVInputs()

    /// Customer Lifetime Value, by the profit method or the purchase method.
    static let clv = KPIDefinition(
        id: "clv", name: "Customer Lifetime Value",
        summary: "What an average customer is worth over the whole relationship.",
        formula: "CLV = averageAnnualProfit × averageLifespanYears − cac (profit) or customerValue × averageLifespanYears (purchase)",
        unit: .currency, betterDirection: .higher,
        inputs: clvInputs.specs, rules: [clvInputs.methods],
        example: ["annualRevenue": 100000, "annualPurchases": 2500, "uniqueCustomers": 500, "averageLifespanYears": 4],
        solvable: [
            // profit: CLV = averageAnnualProfit × averageLifespanYears − cac; purchase: CLV = annualRevenue / uniqueCustomers × averageLifespanYears
            Solvable(field: clvInputs.averageLifespanYears, dividesByValue: false) { value, values in
                let inputs = clvInputs
                if inputs.isProfit(values) {
                    guard let profit = values[inputs.averageAnnualProfit] else { return nil }
                    let cac = inputs.cacOrZero(values)
                    return ((value + cac) / profit, "(\(value.formatted) + \(cac.formatted)) / \(profit.formatted)")
                }
                guard let revenue = values[inputs.annualRevenue], let customers = values[inputs.uniqueCustomers].map(Double.init)
                else { return nil }
                return (value * customers / revenue, "\(value.formatted) / (\(revenue.formatted) / \(customers.formatted))")
            },
            Solvable(field: clvInputs.averageAnnualProfit, dividesByValue: false) { value, values in
                guard let years = values[clvInputs.averageLifespanYears] else { return nil }
                let cac = clvInputs.cacOrZero(values)
                return ((value + cac) / years, "(\(value.formatted) + \(cac.formatted)) / \(years.formatted)")
            },
            Solvable(field: clvInputs.cac, dividesByValue: false) { value, values in
                guard let profit = values[clvInputs.averageAnnualProfit], let years = values[clvInputs.averageLifespanYears] else { return nil }
                return (profit * years - value, "\(profit.formatted) × \(years.formatted) − \(value.formatted)")
            },
            Solvable(field: clvInputs.annualRevenue, dividesByValue: false) { value, values in
                guard let customers = values[clvInputs.uniqueCustomers].map(Double.init), let years = values[clvInputs.averageLifespanYears]
                else { return nil }
                return (value * customers / years, "\(value.formatted) × \(customers.formatted) / \(years.formatted)")
            },
            Solvable(field: clvInputs.uniqueCustomers, dividesByValue: true) { value, values in
                guard let revenue = values[clvInputs.annualRevenue], let years = values[clvInputs.averageLifespanYears] else { return nil }
                return (revenue * years / value, "\(revenue.formatted) × \(years.formatted) / \(value.formatted)")
            },
        ]
    ) { values, reader in
        let inputs = clvInputs
        guard reader.isClean, let years = values[inputs.averageLifespanYears] else { return nil }
        if inputs.isProfit(values) {
            guard let profit = values[inputs.averageAnnualProfit] else { return nil }
            let cac = inputs.cacOrZero(values)
            let value = profit * years - cac
            return Computation(
                value: value,
                breakdown: [.init("averageAnnualProfit", profit), .init("averageLifespanYears", years), .init("cac", cac)],
                steps: [.init("clv", "averageAnnualProfit × averageLifespanYears − cac",
                              "\(profit.formatted) × \(years.formatted) − \(cac.formatted)", value)])
        }
        guard let revenue = values[inputs.annualRevenue], let purchases = values[inputs.annualPurchases],
            let customers = values[inputs.uniqueCustomers]
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
