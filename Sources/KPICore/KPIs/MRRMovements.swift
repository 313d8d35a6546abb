import JSON

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
        let mrr: Field<Records>
        let churnDenominator: Field<String>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            mrr = list.add(MRRRowFields.input(doc: "MRR per customer and month (a month without a row is 0; a customer-month given twice is an error)."))
            churnDenominator = list.add(InputSpec(
                "churnDenominator", .choice(["start", "average"]), .optional,
                doc: "Logo churn over the customers at the month's start (default) or over the mean of the customers at its start and end.",
                example: "start"))
            specs = list.specs
        }
    }

    private static let mrrMovementsInputs = MRRMovementsInputs()

    /// MRR movements: new, expansion, contraction, churned and reactivated MRR month by month.
    static let mrrMovements = KPIDefinition(
        id: "mrr-movements", name: "MRR Movements",
        summary: "Month by month from MRR per customer: new, expansion, contraction, churned and reactivation MRR, logo churn with its interval, NRR and GRR; the value is the net MRR change over the span.",
        formula: "netMrrChange = endingMrr − startingMrr", unit: .currency, betterDirection: .higher,
        inputs: mrrMovementsInputs.specs,
        example: ["mrr": MRRRowFields.example]
    ) { values, reader in
        let inputs = mrrMovementsInputs
        guard let rows = values[inputs.mrr], let table = MRRTable.read(rows, at: "/mrr", &reader) else { return nil }
        let average = values[inputs.churnDenominator] == "average"
        let m = MRRMovements(table)
        var groups: [KPIResult.Group] = []
        var warnings: [String] = []
        var totals = (new: 0.0, expansion: 0.0, contraction: 0.0, churned: 0.0, reactivation: 0.0, lost: Int64(0))
        for j in 1..<max(1, table.months) {
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
            groups.append(.init(key: table.label(j), count: Int(m.customersAtEnd[j]), value: m.ending[j] - m.starting[j], extra: extra))
        }
        if table.months == 1 { warnings.append("The rows hold one month (\(table.label(0))): there are no movements.") }
        let start = m.ending[0]
        let end = m.ending[table.months - 1]
        let value = end - start
        let net = totals.new + totals.expansion + totals.reactivation - totals.contraction - totals.churned
        return Computation(
            value: value,
            breakdown: [
                .init("months", Int64(table.months)), .init("customers", Int64(table.customers)),
                .init("startingMrr", start), .init("newMrr", totals.new), .init("expansionMrr", totals.expansion),
                .init("contractionMrr", totals.contraction), .init("churnedMrr", totals.churned),
                .init("reactivationMrr", totals.reactivation), .init("endingMrr", end),
                .init("customersAtStart", m.customersAtEnd[0]), .init("customersAtEnd", m.customersAtEnd[table.months - 1]),
                .init("customersLost", totals.lost), .init("netMrrChange", value),
                .init("churnDenominator", text: average ? "average" : "start"),
            ],
            steps: [
                .init("movements", "newMrr + expansionMrr + reactivationMrr − contractionMrr − churnedMrr",
                      "\(totals.new.formatted) + \(totals.expansion.formatted) + \(totals.reactivation.formatted) − \(totals.contraction.formatted) − \(totals.churned.formatted)",
                      net),
                .init("netMrrChange", "endingMrr − startingMrr", end.formatted, "−", start.formatted, value),
            ],
            groups: groups, warnings: warnings, overflowPointer: "/mrr")
    }
}
