import JSON

extension KPIDefinition {
    /// The fields of one rep.
    private struct Rep {
        let rep: Field<String>
        let actualSales: Field<Double>
        let quota: Field<Double>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            rep = list.add(InputSpec("rep", .string, doc: "The rep's name or id (listed twice: summed).", example: "alice"))
            actualSales = list.add(InputSpec("actualSales", .number, minimum: 0, doc: "The rep's sales in the period.", example: 90000))
            quota = list.add(InputSpec("quota", .number, exclusiveMinimum: 0, doc: "The rep's quota for the period.", example: 100000))
            specs = list.specs
        }
    }

    private static let repFields = Rep()

    /// The body of `POST /quota-attainment`.
    private struct QuotaInputs: Sendable {
        let actualSales: Field<Double>
        let quota: Field<Double>
        let reps: Field<Records>
        let specs: [InputSpec]
        /// `reps`, or `actualSales` and `quota` (the default).
        let rules: [InputRule]

        init() {
            var list = FieldList()
            actualSales = list.add(InputSpec(
                "actualSales", .number, .optional, minimum: 0,
                doc: "Single quota: sales in the period (with quota; or give reps).", example: 90000))
            quota = list.add(InputSpec(
                "quota", .number, .optional, exclusiveMinimum: 0, doc: "Single quota: the quota for the period.", example: 100000))
            reps = list.add(InputSpec(
                "reps", .records(repFields.specs), .optional, minItems: 1,
                doc: "Per rep: the team value is total sales over total quota.",
                example: [["rep": "alice", "actualSales": 90000, "quota": 100000],
                          ["rep": "bob", "actualSales": 60000, "quota": 50000]]))
            specs = list.specs
            rules = [.oneOf([.all([reps]), .all([actualSales, quota], default: true)])]
        }
    }

    private static let quotaInputs = QuotaInputs()

    /// Quota attainment: sales against quota, for one quota or a whole team.
    static let quotaAttainment = KPIDefinition(
        id: "quota-attainment", name: "Quota Attainment",
        summary: "Sales as a percentage of quota, for one quota or a team of reps (each rep in groups).",
        formula: "quotaAttainment = actualSales / quota × 100", unit: .percent, betterDirection: .higher,
        inputs: quotaInputs.specs, rules: quotaInputs.rules,
        example: ["actualSales": 90000, "quota": 100000],
        solvable: Solvable.quotient(part: quotaInputs.actualSales, whole: quotaInputs.quota, scale: 100)
    ) { values, reader in
        let inputs = quotaInputs
        if values.has(inputs.reps) { return team(values[inputs.reps], &reader) }
        guard reader.isClean, let actual = values[inputs.actualSales], let quota = values[inputs.quota] else { return nil }
        return attainment(actual: actual, quota: quota, breakdown: [])
    }

    private static func team(_ reps: Records?, _ reader: inout InputReader) -> Computation? {
        guard let reps else { return nil }
        var totals: [String: (actual: Double, quota: Double, count: Int)] = [:]
        var actual = 0.0
        var quota = 0.0
        let fields = repFields
        var record = reps.makeCursor()
        while record.next() {
            guard let rep = record[fields.rep], let a = record[fields.actualSales], let q = record[fields.quota] else { continue }
            actual += a
            quota += q
            func accumulate(_ total: inout (actual: Double, quota: Double, count: Int)) {
                total.actual += a
                total.quota += q
                total.count += 1
            }
            accumulate(&totals[rep, default: (0, 0, 0)])
        }
        guard reader.isClean else { return nil }
        var computation = attainment(
            actual: actual, quota: quota, breakdown: [.init("reps", Int64(totals.count))])
        computation.groups = totals.map { KPIResult.Group(key: $0.key, count: $0.value.count, value: $0.value.actual / $0.value.quota * 100) }
            .sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
        return computation
    }

    private static func attainment(actual: Double, quota: Double, breakdown: [KPIResult.Entry]) -> Computation {
        let value = actual / quota * 100
        return Computation(
            value: value, breakdown: breakdown + [.init("actualSales", actual), .init("quota", quota)],
            steps: [.init("quotaAttainment", "actualSales / quota × 100", "\(actual.formatted) / \(quota.formatted) × 100", value)],
            overflowPointer: breakdown.isEmpty ? "/quota" : "/reps")
    }
}
