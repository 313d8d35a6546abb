import JSON

extension KPIDefinition {
    /// The body of `POST /ltv-cac-ratio`.
    private struct LTVCACInputs: Sendable {
        let clv: Field<Double>
        let cac: Field<Double>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            clv = list.add(InputSpec("clv", .number, doc: "Customer lifetime value.", example: 3000))
            cac = list.add(InputSpec("cac", .number, exclusiveMinimum: 0, doc: "Customer acquisition cost.", example: 1000))
            specs = list.specs
        }
    }

    private static let ltvCACInputs = LTVCACInputs()

    /// LTV:CAC ratio: how many times a customer's lifetime value covers what acquiring them cost.
    static let ltvCACRatio = KPIDefinition(
        id: "ltv-cac-ratio", name: "LTV to CAC Ratio",
        summary: "How many times a customer's lifetime value covers the cost of acquiring them (3 is the usual healthy mark).",
        formula: "ltvCacRatio = clv / cac", unit: .ratio, betterDirection: .higher,
        inputs: ltvCACInputs.specs,
        example: ["clv": 3000, "cac": 1000],
        solvable: Solvable.quotient(part: ltvCACInputs.clv, whole: ltvCACInputs.cac)
    ) { values, reader in
        guard reader.isClean, let clv = values[ltvCACInputs.clv], let cac = values[ltvCACInputs.cac] else { return nil }
        let value = clv / cac
        var warnings: [String] = []
        if value < 1 {
            warnings.append(
                "The ratio is below 1: a customer is worth less than it costs to acquire (3 is the usual healthy mark).")
        }
        return Computation(
            value: value, breakdown: [.init("clv", clv), .init("cac", cac)],
            steps: [.init("ltvCacRatio", "clv / cac", "\(clv.formatted) / \(cac.formatted)", value)],
            warnings: warnings, overflowPointer: "/cac")
    }
}
