import JSON
import Statistics

/// The month-by-month movements of MRR, customer by customer from month m − 1 to m.
struct MRRMovements {
    var starting: [Double]
    var new: [Double]
    var expansion: [Double]
    var contraction: [Double]
    var churned: [Double]
    var reactivation: [Double]
    var ending: [Double]
    var customersAtStart: [Int64]
    var customersLost: [Int64]
    var customersAtEnd: [Int64]

    /// The movements of `table`: month 0 is the baseline (only its ending MRR and customers); every later month
    /// applies the contract's rules to each customer's MRR in m − 1 and m (a month without a row is 0):
    /// new 0 → > 0 for the first time; reactivation 0 → > 0 after an earlier month > 0; expansion /
    /// contraction both > 0, up / down; churned > 0 → 0.
    init(_ table: MRRTable) {
        let months = table.months
        starting = Array(repeating: 0, count: months)
        new = starting
        expansion = starting
        contraction = starting
        churned = starting
        reactivation = starting
        ending = starting
        customersAtStart = Array(repeating: 0, count: months)
        customersLost = customersAtStart
        customersAtEnd = customersAtStart
        for c in 0..<table.customers {
            var previous = 0.0
            var previousMonth = -1
            var everPaid = false
            table.forEachMonth(of: c) { month, mrr in
                // A gap after a paying month: churned in the month after it.
                if previousMonth >= 0, month > previousMonth + 1, previous > 0 {
                    move(at: previousMonth + 1, from: previous, to: 0, everPaid: true)
                    previous = 0
                }
                let from = previousMonth == month - 1 ? previous : 0
                if month == 0 {
                    ending[0] += mrr
                    if mrr > 0 { customersAtEnd[0] += 1 }
                } else {
                    move(at: month, from: from, to: mrr, everPaid: everPaid)
                }
                if mrr > 0 { everPaid = true }
                previous = mrr
                previousMonth = month
            }
            if previousMonth >= 0, previousMonth < months - 1, previous > 0 {
                move(at: previousMonth + 1, from: previous, to: 0, everPaid: true)
            }
        }
    }

    /// One customer from `from` in month − 1 to `to` in `month`.
    @inline(__always)
    private mutating func move(at month: Int, from: Double, to: Double, everPaid: Bool) {
        guard from > 0 || to > 0 else { return }
        starting[month] += from
        ending[month] += to
        if to > 0 { customersAtEnd[month] += 1 }
        if from > 0 {
            customersAtStart[month] += 1
            if to == 0 {
                customersLost[month] += 1
                churned[month] += from
            } else if to > from {
                expansion[month] += to - from
            } else if to < from {
                contraction[month] += from - to
            }
        } else if everPaid {
            reactivation[month] += to
        } else {
            new[month] += to
        }
    }
}

extension KPIDefinition {
    /// The body of `POST /mrr-movements`.
    private struct MRRMovementsInputs: Sendable {
        let source: MRRSource
        let churnDenominator: Field<String>
        let from: Field<String>
        let to: Field<String>
        let specs: [InputSpec]
        /// MRR rows or billing lines.
        let forms: InputRule

        init() {
            var list = FieldList()
            source = MRRSource(&list, mrrDoc: "MRR per customer and month (a month without a row is 0; a customer-month given twice is an error).")
            churnDenominator = list.add(InputSpec(
                "churnDenominator", .choice(["start", "average"]), .optional,
                doc: "Logo churn over the customers at the month's start (default) or over the mean of the customers at its start and end.",
                example: "start"))
            from = list.add(InputSpec(
                "from", .string, .optional,
                doc: "The first month whose movements are reported, YYYY-MM (default: the second month of the rows or lines; a month's movements need the month before).",
                example: "2024-02"))
            to = list.add(InputSpec(
                "to", .string, .optional, doc: "The last month whose movements are reported, YYYY-MM (default: the last month of the rows or lines).",
                example: "2024-03"))
            specs = list.specs
            forms = .oneOf(source.alternatives())
        }
    }

    private static let mrrMovementsInputs = MRRMovementsInputs()

    /// MRR movements: new, expansion, contraction, churned and reactivated MRR month by month.
    static let mrrMovements = KPIDefinition(
        id: "mrr-movements", name: "MRR Movements",
        summary: "Month by month from MRR per customer: new, expansion, contraction, churned and reactivation MRR, logo churn with its interval, NRR, GRR, ARR, ARPA and the quick ratio; the value is the net MRR change over the span (or over the months from…to).",
        formula: "netMrrChange = endingMrr − startingMrr", unit: .currency, betterDirection: .higher,
        inputs: mrrMovementsInputs.specs, rules: [mrrMovementsInputs.forms],
        example: ["mrr": MRRRowFields.example],
        // A series by records: each month's movements (from = to = that month), over all the rows, read once.
        events: .window(
            records: mrrMovementsInputs.source.mrr, month: MRRRowFields.shared.month,
            from: mrrMovementsInputs.from, to: mrrMovementsInputs.to, baseline: true
        ) { values, reader in mrrMovementsInputs.source.table(values, &reader) },
        noGroupBy: "its groups are the months of the movements (each month's starting and ending MRR), not a column's values; to compare segments (a plan, a region), send each segment's rows in its own request"
    ) { values, reader in
        let inputs = mrrMovementsInputs
        guard let table = inputs.source.table(values, &reader) else { return nil }
        let average = values[inputs.churnDenominator] == "average"
        let from = values[inputs.from]
        let to = values[inputs.to]
        // The months reported, `first...end` (month 0 is only the base of month 1): all of them by default.
        var first = 1
        var end = table.months - 1
        if from != nil || to != nil {
            guard let window = table.window(from: from, to: to, why: "a month's movements need the month before", &reader) else { return nil }
            (first, end) = window
        }
        let m = MRRMovements(table)
        var groups: [KPIResult.Group] = []
        var warnings: [String] = table.warnings + (table.annualInvoiceWarning.map { [$0] } ?? [])
        var totals = (new: 0.0, expansion: 0.0, contraction: 0.0, churned: 0.0, reactivation: 0.0, lost: Int64(0))
        for j in first..<max(first, end + 1) {
            totals.new += m.new[j]
            totals.expansion += m.expansion[j]
            totals.contraction += m.contraction[j]
            totals.churned += m.churned[j]
            totals.reactivation += m.reactivation[j]
            totals.lost += m.customersLost[j]
            var extra: [KPIResult.Entry] = [
                .init("startingMrr", m.starting[j]), .init("newMrr", m.new[j]), .init("expansionMrr", m.expansion[j]),
                .init("contractionMrr", m.contraction[j]), .init("churnedMrr", m.churned[j]),
                .init("reactivationMrr", m.reactivation[j]), .init("endingMrr", m.ending[j]),
                .init("customersAtStart", m.customersAtStart[j]), .init("customersLost", m.customersLost[j]),
            ]
            let denominator = average
                ? Double(m.customersAtStart[j] + m.customersAtEnd[j]) / 2 : Double(m.customersAtStart[j])
            if denominator > 0 {
                let lost = Double(m.customersLost[j])
                extra.append(.init("logoChurn", lost / denominator * 100))
                if lost <= denominator {
                    let (low, high) = Statistics.wilson(successes: lost, trials: denominator)
                    extra += [.init("logoChurnLow", low), .init("logoChurnHigh", high)]
                } else {
                    warnings.append("\(table.label(j)): more customers were lost than the average of the customers at the month's start and end, so logo churn passes 100 % and has no interval.")
                }
            }
            if m.starting[j] > 0 {
                let start = m.starting[j]
                extra.append(.init("nrr", (start + m.expansion[j] - m.contraction[j] - m.churned[j]) / start * 100))
                extra.append(.init("grr", (start - m.contraction[j] - m.churned[j]) / start * 100))
            }
            // Annual run rate, revenue per paying account, and the quick ratio (MRR gained over MRR lost).
            extra.append(.init("arr", m.ending[j] * 12))
            if m.customersAtEnd[j] > 0 { extra.append(.init("arpa", m.ending[j] / Double(m.customersAtEnd[j]))) }
            let lost = m.churned[j] + m.contraction[j]
            if lost > 0 { extra.append(.init("quickRatio", (m.new[j] + m.expansion[j] + m.reactivation[j]) / lost)) }
            groups.append(.init(key: table.label(j), count: Int(m.customersAtEnd[j]), value: m.ending[j] - m.starting[j], extra: extra))
        }
        if table.months == 1 { warnings.append("The \(table.source == .rows ? "rows hold" : "lines cover") one month (\(table.label(0))): there are no movements.") }
        // The customers with a row in the months read, first − 1 … end.
        var customers: Int64 = 0
        for c in 0..<table.customers {
            var seen = false
            table.forEachMonth(of: c) { month, _ in if month >= first - 1 && month <= end { seen = true } }
            if seen { customers += 1 }
        }
        let base = min(first - 1, end)
        let windowEntries: [KPIResult.Entry] = from == nil && to == nil
            ? [] : [.init("from", text: table.label(first)), .init("to", text: table.label(end))]
        let start = m.ending[base]
        let endMrr = m.ending[end]
        let value = endMrr - start
        let net = totals.new + totals.expansion + totals.reactivation - totals.contraction - totals.churned
        return Computation(
            value: value,
            breakdown: windowEntries + [
                .init("months", Int64(end - base + 1)), .init("customers", customers),
                .init("startingMrr", start), .init("newMrr", totals.new), .init("expansionMrr", totals.expansion),
                .init("contractionMrr", totals.contraction), .init("churnedMrr", totals.churned),
                .init("reactivationMrr", totals.reactivation), .init("endingMrr", endMrr),
                .init("customersAtStart", m.customersAtEnd[base]), .init("customersAtEnd", m.customersAtEnd[end]),
                .init("customersLost", totals.lost), .init("netMrrChange", value),
                .init("churnDenominator", text: average ? "average" : "start"),
                .init("mrrFrom", text: table.source.rawValue),
            ],
            steps: [
                .init("movements", "newMrr + expansionMrr + reactivationMrr − contractionMrr − churnedMrr",
                      "\(totals.new.formatted) + \(totals.expansion.formatted) + \(totals.reactivation.formatted) − \(totals.contraction.formatted) − \(totals.churned.formatted)",
                      net),
                .init("netMrrChange", "endingMrr − startingMrr", endMrr.formatted, "−", start.formatted, value),
            ],
            groups: groups, warnings: warnings, overflowPointer: table.pointer)
    }
}
