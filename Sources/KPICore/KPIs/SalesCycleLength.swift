import JSON

extension KPIDefinition {
    private static let dealFields = [
        InputSpec("id", .identifier, .optional, doc: "Deal id; a repeated id is counted once.", example: "d-1001"),
        InputSpec("createdAt", .date, doc: "When the deal was created (ISO 8601 date or date-time with offset).",
                  example: "2024-03-01"),
        InputSpec("closedAt", .date, doc: "When the deal closed (not before createdAt).", example: "2024-03-31T12:00:00Z"),
        InputSpec("rep", .string, .optional, doc: "The rep who owned the deal (groups by rep).", example: "alice"),
    ]

    /// Sales cycle length: mean days from a deal's creation to its close.
    static let salesCycleLength = KPIDefinition(
        id: "sales-cycle-length", name: "Sales Cycle Length",
        summary: "Mean days from deal creation to close, with median, p90 and per-rep groups.",
        formula: "salesCycleLength = totalDays / deals", unit: .days, betterDirection: .lower, statistics: .meanOverRecords,
        inputs: [
            InputSpec("deals", .records(dealFields), minItems: 1, doc: "Closed deals.",
                      example: [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31", "rep": "alice"],
                                ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob"]]),
        ],
        example: ["deals": [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31", "rep": "alice"],
                            ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob"]]]
    ) { values, reader in
        guard let deals = values.records("deals") else { return nil }
        var tally = RecordTally(records: deals.count)
        var days: [Double] = []
        days.reserveCapacity(deals.count)
        var deal = deals.makeCursor()
        while deal.next() {
            guard let created = deal.date(1), let closed = deal.date(2) else { continue }
            if closed < created {
                reader.issue("/deals/\(deal.row)/closedAt", "must not be before createdAt")
                continue
            }
            guard reader.isClean, tally.isFirst(deal.identifier(0)) else { continue }
            let d = closed.seconds(since: created) / 86_400
            days.append(d)
            if let rep = deal.string(3) { tally.add(d, to: rep) }
        }
        guard reader.isClean else { return nil }
        return Computation.durations(
            &days, unit: "Days", records: "deals", symbol: "salesCycleLength", groups: tally.sortedGroups,
            warnings: tally.duplicateWarnings("deals"))
    }
}
