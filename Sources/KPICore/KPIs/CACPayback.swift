import JSON

extension KPIDefinition {
    /// The body of `POST /cac-payback`.
    private struct CACPaybackInputs: Sendable {
        let cac: Field<Double>
        let monthlyRevenuePerCustomer: Field<Double>
        let grossMarginPercent: Field<Double>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            cac = list.add(InputSpec("cac", .number, minimum: 0, doc: "Customer acquisition cost.", example: 1200))
            monthlyRevenuePerCustomer = list.add(InputSpec(
                "monthlyRevenuePerCustomer", .number, exclusiveMinimum: 0, doc: "Average monthly revenue per customer.", example: 100))
            grossMarginPercent = list.add(InputSpec(
                "grossMarginPercent", .number, .optional, exclusiveMinimum: 0, maximum: 100,
                doc: "Gross margin in percent (0 < m ≤ 100, default 100).", example: 80))
            specs = list.specs
        }

        /// `grossMarginPercent`, 100 when absent.
        func margin(_ values: InputValues) -> Double { values[grossMarginPercent] ?? 100 }

        /// monthlyGrossProfit = monthlyRevenuePerCustomer × grossMarginPercent / 100.
        func monthlyGrossProfit(_ revenue: Double, _ margin: Double) -> Double { revenue * margin / 100 }
    }

    private static let cacPaybackInputs = CACPaybackInputs()

    /// CAC payback period: months of gross profit from a customer needed to earn back their acquisition cost.
    static let cacPayback = KPIDefinition(
        id: "cac-payback", name: "CAC Payback Period",
        summary: "Months of a customer's gross profit needed to earn back what acquiring them cost.",
        formula: "cacPayback = cac / monthlyGrossProfit", unit: .months, betterDirection: .lower,
        inputs: cacPaybackInputs.specs,
        example: ["cac": 1200, "monthlyRevenuePerCustomer": 100, "grossMarginPercent": 80],
        solvable: [
            // cacPayback = cac / (monthlyRevenuePerCustomer × grossMarginPercent / 100)
            .numerator(cacPaybackInputs.cac, of: Solvable.Operand { values in
                let inputs = cacPaybackInputs
                return values[inputs.monthlyRevenuePerCustomer].map { inputs.monthlyGrossProfit($0, inputs.margin(values)) }
            }),
            Solvable(field: cacPaybackInputs.monthlyRevenuePerCustomer, dividesByValue: true) { value, values in
                guard let cac = values[cacPaybackInputs.cac] else { return nil }
                let margin = cacPaybackInputs.margin(values)
                return (cac / (value * margin / 100), "\(cac.formatted) / (\(value.formatted) × \(margin.formatted) / 100)")
            },
        ]
    ) { values, reader in
        let inputs = cacPaybackInputs
        guard reader.isClean, let cac = values[inputs.cac], let revenue = values[inputs.monthlyRevenuePerCustomer]
        else { return nil }
        let margin = inputs.margin(values)
        let monthlyProfit = inputs.monthlyGrossProfit(revenue, margin)
        let value = cac / monthlyProfit
        var warnings: [String] = []
        // The articles judge payback within a year: past 12 months, acquisition takes too long to earn back.
        if value > paybackHorizonMonths {
            warnings.append(
                "Payback takes \(((value * 10).rounded() / 10).formatted) months, past \(paybackHorizonMonths.formatted): judge CAC payback within a year.")
        }
        return Computation(
            value: value,
            breakdown: [
                .init("cac", cac), .init("monthlyRevenuePerCustomer", revenue), .init("grossMarginPercent", margin),
                .init("monthlyGrossProfit", monthlyProfit),
            ],
            steps: [
                .init("monthlyGrossProfit", "monthlyRevenuePerCustomer × grossMarginPercent / 100",
                      "\(revenue.formatted) × \(margin.formatted) / 100", monthlyProfit),
                .init("cacPayback", "cac / monthlyGrossProfit", "\(cac.formatted) / \(monthlyProfit.formatted)", value),
            ],
            warnings: warnings,
            overflowPointer: "/monthlyRevenuePerCustomer")
    }

    /// The horizon within which the source articles judge CAC payback (a year).
    private static let paybackHorizonMonths = 12.0
}
