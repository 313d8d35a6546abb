import JSON
import Statistics

extension KPIDefinition {
    /// The body of `POST /close-rate`: counts, or deals.
    private struct CloseInputs: Sendable {
        let deal = DealFields(
            createdAt: "When the deal was created (buckets it in a series with basis created).",
            closedAt: "When the deal was won or lost (buckets it in a series with basis decided); not read for an open deal.",
            closedAtExample: "2024-03-20",
            outcome: "won, lost or open. Without it a deal with closedAt is won and one without is open.")
        /// `dealsClosed` of `leads`.
        let counts: RateInputs
        let deals: Field<Records>
        let basis: Field<String>
        let specs: [InputSpec]
        /// `deals` (with `basis`), or `dealsClosed` and `leads` (the default).
        let rules: [InputRule]

        init() {
            var list = FieldList()
            counts = RateInputs(
                part: InputSpec("dealsClosed", .count, .optional, doc: "Deals closed (won) from these leads.", example: 30),
                whole: InputSpec("leads", .count, .optional, exclusiveMinimum: 0, doc: "Leads worked in the period.", example: 100),
                list: &list)
            deals = list.add(InputSpec(
                "deals", .records(deal.specs), .optional, minItems: 1,
                doc: "Deals with their outcome, instead of counts: the rate is won deals over decided (or all) deals, per rep in groups.",
                example: [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-20", "outcome": "won", "rep": "alice"],
                          ["id": "d-2", "createdAt": "2024-03-04", "closedAt": "2024-03-28", "outcome": "lost", "rep": "bob"]]))
            basis = list.add(InputSpec(
                "basis", .choice(["decided", "created"]), .optional,
                doc: "With deals: decided (default: won / (won + lost), a series buckets by closedAt) or created (won / all deals, open ones included, a series buckets by createdAt).",
                example: "decided"))
            specs = list.specs
            rules = [.oneOf([.all([deals], optional: [basis]), .all([counts.part, counts.whole], default: true)])]
        }
    }

    private static let closeInputs = CloseInputs()

    /// Close rate: the share of leads that became closed deals (closed ÷ leads, not the reverse), or of deals
    /// that were won.
    static let closeRate = KPIDefinition(
        id: "close-rate", name: "Close Rate",
        summary: "Share of leads that turned into closed (won) deals; or, from deals with outcomes, won over decided (or all) deals, per rep.",
        formula: "closeRate = dealsClosed / leads × 100", unit: .percent, betterDirection: .higher, statistics: .rate,
        inputs: closeInputs.specs, rules: closeInputs.rules,
        example: ["dealsClosed": 30, "leads": 100],
        // Decided deals bucket by when they were decided; with basis created, every deal by its creation.
        events: EventDate(
            records: closeInputs.deals, date: closeInputs.deal.closedAt, id: closeInputs.deal.id, outcome: closeInputs.deal.outcome,
            alternative: .init(selector: closeInputs.basis, value: "created", date: closeInputs.deal.createdAt)),
        solvable: closeInputs.counts.solvable
    ) { values, reader in
        let inputs = closeInputs
        if values.has(inputs.deals) { return closeRateFromDeals(values, &reader) }
        return inputs.counts.compute("closeRate", values, &reader)
    }

    /// The close rate of `deals`: won over decided deals (basis `decided`) or over all deals (`created`), with
    /// the Wilson interval, and each rep's in `groups` with theirs.
    private static func closeRateFromDeals(_ values: InputValues, _ reader: inout InputReader) -> Computation? {
        let inputs = closeInputs
        let fields = inputs.deal
        guard let deals = values[inputs.deals] else { return nil }
        let created = values[inputs.basis] == "created"
        var tally = RecordTally(deals, id: fields.id)
        var count = (won: Int64(0), lost: Int64(0), open: Int64(0))
        let groups = reader.groups(of: deals, default: fields.rep)
        var groupCounts = [(won: Int64, whole: Int64)](repeating: (0, 0), count: groups?.count ?? 0)
        var deal = deals.makeCursor()
        while deal.next() {
            guard let opened = deal[fields.createdAt],
                let outcome = DealOutcome.of(deal, closedAt: fields.closedAt, outcome: fields.outcome, reader: &reader)
            else { continue }
            if outcome != .open, let closed = deal[fields.closedAt], closed.isBefore(opened, in: values.timeZone) {
                reader.issue("/deals/\(deal.row)/closedAt", "must not be before createdAt")
                continue
            }
            guard reader.isClean, tally.isFirst(deal) else { continue }
            // Row counts: far below 2⁶³, so plain additions cannot overflow.
            switch outcome {
            case .won: count.won += 1
            case .lost: count.lost += 1
            case .open: count.open += 1
            }
            guard let group = groups?.group(of: deal), created || outcome != .open else { continue }
            groupCounts[group].whole += 1
            if outcome == .won { groupCounts[group].won += 1 }
        }
        guard reader.isClean else { return nil }
        let whole = created ? count.won + count.lost + count.open : count.won + count.lost
        guard whole > 0 else {
            reader.issue("/deals", "must hold at least one won or lost deal (basis decided leaves open deals out)")
            return nil
        }
        var computation = Computation.rate(
            "closeRate", part: ("wonDeals", count.won), whole: (created ? "deals" : "decidedDeals", whole),
            extra: [.init("basis", text: created ? "created" : "decided"), .init("lostDeals", count.lost), .init("openDeals", count.open)])
        computation.overflowPointer = "/deals"
        computation.groups = RecordGroups.sorted(groupCounts.indices.compactMap { k -> KPIResult.Group? in
            guard groupCounts[k].whole > 0, let groups else { return nil }
            let (won, n) = groupCounts[k]
            let (low, high) = Statistics.wilson(successes: Double(won), trials: Double(n))
            return KPIResult.Group(key: groups.keys[k], count: Int(n), value: Double(won) / Double(n) * 100, interval: .init(low: low, high: high))
        })
        computation.warnings = tally.duplicateWarnings("deals")
        return computation
    }
}
