import JSON

extension KPIDefinition {
    /// The fields of one deal.
    private struct Deal {
        let id: Field<RecordID>
        let createdAt: Field<Instant>
        let closedAt: Field<Instant>
        let rep: Field<String>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            id = list.add(InputSpec("id", .identifier, .optional, doc: "Deal id; a repeated id is counted once.", example: "d-1001"))
            createdAt = list.add(InputSpec(
                "createdAt", .date, doc: "When the deal was created (ISO 8601 date or date-time with offset).", example: "2024-03-01"))
            closedAt = list.add(InputSpec("closedAt", .date, doc: "When the deal closed (not before createdAt).", example: "2024-03-31T12:00:00Z"))
            rep = list.add(InputSpec("rep", .string, .optional, doc: "The rep who owned the deal (groups by rep).", example: "alice"))
            specs = list.specs
        }
    }

    /// The body of `POST /sales-cycle-length`.
    private struct SalesCycleInputs {
        let deal = Deal()
        let deals: Field<Records>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            deals = list.add(InputSpec("deals", .records(deal.specs), minItems: 1, doc: "Closed deals.",
                                       example: [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31", "rep": "alice"],
                                                 ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob"]]))
            specs = list.specs
        }
    }

    private static let salesCycleInputs = SalesCycleInputs()

    /// Sales cycle length: mean days from a deal's creation to its close.
    static let salesCycleLength = KPIDefinition(
        id: "sales-cycle-length", name: "Sales Cycle Length",
        summary: "Mean days from deal creation to close, with median, p90 and per-rep groups.",
        formula: "salesCycleLength = totalDays / deals", unit: .days, betterDirection: .lower, statistics: .meanOverRecords,
        inputs: salesCycleInputs.specs,
        example: ["deals": [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31", "rep": "alice"],
                            ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob"]]],
        events: EventDate(records: salesCycleInputs.deals, date: salesCycleInputs.deal.closedAt, id: salesCycleInputs.deal.id)
    ) { values, reader in
        let inputs = salesCycleInputs
        let fields = inputs.deal
        guard let deals = values[inputs.deals] else { return nil }
        var tally = RecordTally(deals, id: fields.id, group: fields.rep)
        var days: [Double] = []
        days.reserveCapacity(deals.count)
        var deal = deals.makeCursor()
        while deal.next() {
            guard let created = deal[fields.createdAt], let closed = deal[fields.closedAt] else { continue }
            if closed < created {
                reader.issue("/deals/\(deal.row)/closedAt", "must not be before createdAt")
                continue
            }
            guard reader.isClean, tally.isFirst(deal) else { continue }
            let d = closed.seconds(since: created) / 86_400
            days.append(d)
            tally.add(d, for: deal)
        }
        guard reader.isClean else { return nil }
        return Computation.durations(
            &days, unit: "Days", records: "deals", symbol: "salesCycleLength", groups: tally.sortedGroups,
            warnings: tally.duplicateWarnings("deals"))
    }
}
