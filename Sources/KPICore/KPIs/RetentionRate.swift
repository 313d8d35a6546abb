import JSON

extension KPIDefinition {
    /// The body of `POST /retention-rate`.
    private struct RetentionInputs: Sendable {
        let customersAtStart: Field<Int64>
        let customersAtEnd: Field<Int64>
        let newCustomers: Field<Int64>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            customersAtStart = list.add(InputSpec(
                "customersAtStart", .count, exclusiveMinimum: 0, doc: "Customers at the start of the period.", example: 1000))
            customersAtEnd = list.add(InputSpec("customersAtEnd", .count, doc: "Customers at the end of the period.", example: 1050))
            newCustomers = list.add(InputSpec("newCustomers", .count, doc: "Customers acquired during the period.", example: 150))
            specs = list.specs
        }
    }

    private static let retentionInputs = RetentionInputs()

    /// Customer retention rate: the share of the starting customers still there at the end.
    static let retentionRate = KPIDefinition(
        id: "retention-rate", name: "Customer Retention Rate",
        summary: "Share of the customers at the start of the period still customers at its end (new ones excluded).",
        formula: "retentionRate = retainedCustomers / customersAtStart × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: retentionInputs.specs,
        example: ["customersAtStart": 1000, "customersAtEnd": 1050, "newCustomers": 150],
        solvable: [
            // retentionRate = (customersAtEnd − newCustomers) / customersAtStart × 100
            .denominator(retentionInputs.customersAtStart, over: Solvable.Operand { values in
                guard let end = values[retentionInputs.customersAtEnd], let new = values[retentionInputs.newCustomers] else { return nil }
                return Double(end) - Double(new)
            }, scale: 100),
            Solvable(field: retentionInputs.customersAtEnd, dividesByValue: false) { value, values in
                guard let start = values[retentionInputs.customersAtStart].map(Double.init),
                    let new = values[retentionInputs.newCustomers].map(Double.init)
                else { return nil }
                return (value / 100 * start + new, "\((value / 100).formatted) × \(start.formatted) + \(new.formatted)")
            },
        ]
    ) { values, reader in
        let inputs = retentionInputs
        let start = values[inputs.customersAtStart]
        let end = values[inputs.customersAtEnd]
        let new = values[inputs.newCustomers]
        reader.checkPart(values, inputs.newCustomers, notAbove: inputs.customersAtEnd)
        if let start, let end, let new, new <= end, end - new > start {
            reader.issue("/" + values.name(inputs.customersAtEnd), "minus newCustomers must not be greater than customersAtStart")
        }
        guard reader.isClean, let start, let end, let new else { return nil }
        let retained = end - new
        var computation = Computation.rate(
            "retentionRate", part: ("retainedCustomers", retained), whole: ("customersAtStart", start))
        computation.breakdown = [
            .init("customersAtStart", start), .init("customersAtEnd", end), .init("newCustomers", new),
            .init("retainedCustomers", retained),
        ]
        computation.steps.insert(
            .init("retainedCustomers", "customersAtEnd − newCustomers", "\(end.formatted) − \(new.formatted)", count: retained),
            at: 0)
        return computation
    }
}
