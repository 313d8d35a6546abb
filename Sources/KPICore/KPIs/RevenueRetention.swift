import JSON

extension KPIDefinition {
    /// The body of `POST /revenue-retention`.
    private struct RevenueRetentionInputs: Sendable {
        let startingMrr: Field<Double>
        let expansionMrr: Field<Double>
        let contractionMrr: Field<Double>
        let churnedMrr: Field<Double>
        let source: MRRSource
        let from: Field<String>
        let to: Field<String>
        let specs: [InputSpec]
        /// The aggregates or the rows.
        let forms: InputRule

        init() {
            var list = FieldList()
            startingMrr = list.add(InputSpec(
                "startingMrr", .number, .optional, exclusiveMinimum: 0,
                doc: "Aggregates: MRR of the customers at the start of the period (give this, mrr rows or invoices).", example: 10000))
            expansionMrr = list.add(InputSpec(
                "expansionMrr", .number, .optional, minimum: 0, doc: "Aggregates: their added MRR (default 0).", example: 800))
            contractionMrr = list.add(InputSpec(
                "contractionMrr", .number, .optional, minimum: 0, doc: "Aggregates: their lost MRR from downgrades (default 0).", example: 300))
            churnedMrr = list.add(InputSpec(
                "churnedMrr", .number, .optional, minimum: 0, doc: "Aggregates: MRR of those who left (default 0).", example: 500))
            source = MRRSource(&list, mrrDoc: "Rows: MRR per customer and month (or give startingMrr).")
            from = list.add(InputSpec(
                "from", .string, .optional,
                doc: "Rows or invoices: the window's first month, YYYY-MM (default: the second month of the rows or lines); the customers are those with MRR in the month before it.",
                example: "2024-02"))
            to = list.add(InputSpec(
                "to", .string, .optional, doc: "Rows or invoices: the window's last month, YYYY-MM (default: the last month of the rows or lines).", example: "2024-03"))
            specs = list.specs
            forms = .oneOf([
                .all([startingMrr], optional: [expansionMrr, contractionMrr, churnedMrr], name: "startingMrr"),
            ] + source.alternatives(shared: [from, to]))
        }
    }

    private static let revenueRetentionInputs = RevenueRetentionInputs()

    /// Net and gross revenue retention.
    static let revenueRetention = KPIDefinition(
        id: "revenue-retention", name: "Net Revenue Retention",
        summary: "The MRR the customers at the start still bring at the end, expansion included (NRR); gross revenue retention (GRR, no expansion) in the breakdown. From aggregates or from MRR per customer and month.",
        formula: "nrr = (startingMrr + expansionMrr − contractionMrr − churnedMrr) / startingMrr × 100", unit: .percent,
        betterDirection: .higher,
        inputs: revenueRetentionInputs.specs, rules: [revenueRetentionInputs.forms],
        example: ["startingMrr": 10000, "expansionMrr": 800, "contractionMrr": 300, "churnedMrr": 500],
        // A series by records: NRR over each month (from = to = that month), for the customers of the month before.
        events: .window(
            records: revenueRetentionInputs.source.mrr, month: MRRRowFields.shared.month,
            from: revenueRetentionInputs.from, to: revenueRetentionInputs.to, baseline: true
        ) { values, reader in revenueRetentionInputs.source.table(values, &reader) },
        noGroupBy: "retention follows each customer's MRR from month to month over the whole table, so it has no groups; to compare segments (a plan, a region), send each segment's rows in its own request"
    ) { values, reader in
        let inputs = revenueRetentionInputs
        if inputs.source.isGiven(in: values) || values.mrrTable != nil {
            guard let table = inputs.source.table(values, &reader) else { return nil }
            return retentionFromTable(table, from: values[inputs.from], to: values[inputs.to], &reader)
        }
        guard reader.isClean, let start = values[inputs.startingMrr] else { return nil }
        let expansion = values[inputs.expansionMrr] ?? 0
        let contraction = values[inputs.contractionMrr] ?? 0
        let churned = values[inputs.churnedMrr] ?? 0
        if contraction + churned > start {
            reader.issue("/churnedMrr", "plus contractionMrr must not be greater than startingMrr")
            return nil
        }
        return retention(
            start: start, expansion: expansion, contraction: contraction, churned: churned, extra: [], window: [], mrrFrom: nil,
            overflowPointer: "/startingMrr")
    }

    /// NRR over the window `from`…`to` for the customers with MRR in the month before `from`, each compared
    /// between that month and `to`: up is expansion, down contraction, 0 churned.
    private static func retentionFromTable(_ table: MRRTable, from: String?, to: String?, _ reader: inout InputReader) -> Computation? {
        let last = table.months - 1
        if from == nil, last < 1 {
            reader.issue(table.pointer, "holds one month (\(table.label(0))): retention needs a month before the window")
            return nil
        }
        guard let (first, end) = table.window(
            from: from, to: to, why: "the customers are those with MRR in the month before from", &reader) else { return nil }
        var start = 0.0, expansion = 0.0, contraction = 0.0, churned = 0.0
        var customers: Int64 = 0, lost: Int64 = 0
        for c in 0..<table.customers {
            var before = 0.0
            var after = 0.0
            table.forEachMonth(of: c) { month, mrr in
                if month == first - 1 { before = mrr }
                if month == end { after = mrr }
            }
            guard before > 0 else { continue }
            customers += 1
            start += before
            if after == 0 {
                churned += before
                lost += 1
            } else if after > before {
                expansion += after - before
            } else {
                contraction += before - after
            }
        }
        guard start > 0 else {
            reader.issue(from == nil ? table.pointer : "/from", "no customer has MRR in \(table.label(first - 1)), the month before the window")
            return nil
        }
        var computation = retention(
            start: start, expansion: expansion, contraction: contraction, churned: churned,
            extra: [.init("customersAtStart", customers), .init("customersLost", lost)],
            window: [.init("from", text: table.label(first)), .init("to", text: table.label(end))],
            mrrFrom: table.source.rawValue, overflowPointer: table.pointer)
        computation.warnings = table.warnings + (table.annualInvoiceWarning.map { [$0] } ?? [])
        return computation
    }

    /// NRR and GRR from the four amounts (`contraction + churned ≤ start`, `start > 0`); `mrrFrom` says what the
    /// customers' MRR was read from (rows or invoices), `nil` for aggregates.
    private static func retention(
        start: Double, expansion: Double, contraction: Double, churned: Double, extra: [KPIResult.Entry], window: [KPIResult.Entry],
        mrrFrom: String?, overflowPointer: String
    ) -> Computation {
        let ending = start + expansion - contraction - churned
        let nrr = ending / start * 100
        let grr = (start - contraction - churned) / start * 100
        let amounts = "\(start.formatted) + \(expansion.formatted) − \(contraction.formatted) − \(churned.formatted)"
        return Computation(
            value: nrr,
            breakdown: window + [
                .init("startingMrr", start), .init("expansionMrr", expansion), .init("contractionMrr", contraction),
                .init("churnedMrr", churned),
            ] + extra + [.init("endingMrr", ending), .init("grr", grr), .init("nrr", nrr)]
                + (mrrFrom.map { [.init("mrrFrom", text: $0)] } ?? []),
            steps: [
                .init("endingMrr", "startingMrr + expansionMrr − contractionMrr − churnedMrr", amounts, ending),
                .init("grr", "(startingMrr − contractionMrr − churnedMrr) / startingMrr × 100",
                      "(\(start.formatted) − \(contraction.formatted) − \(churned.formatted)) / \(start.formatted) × 100", grr),
                .init("nrr", "(startingMrr + expansionMrr − contractionMrr − churnedMrr) / startingMrr × 100",
                      "(\(amounts)) / \(start.formatted) × 100", nrr),
            ],
            overflowPointer: overflowPointer)
    }
}
