import JSON

extension KPIDefinition {
    /// The fields of one ticket.
    private struct Ticket {
        let id: Field<RecordID>
        let openedAt: Field<Instant>
        let resolvedAt: Field<Instant>
        let agent: Field<String>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            id = list.add(InputSpec("id", .identifier, .optional, doc: "Ticket id; a repeated id is counted once.", example: "t-1"))
            openedAt = list.add(InputSpec(
                "openedAt", .date, doc: "When the ticket was opened (ISO 8601 date or date-time with offset).",
                example: "2024-03-01T09:00:00Z"))
            resolvedAt = list.add(InputSpec(
                "resolvedAt", .date, .nullable, doc: "When it was resolved; absent or null while open.", example: "2024-03-01T13:30:00Z"))
            agent = list.add(InputSpec("agent", .string, .optional, doc: "The agent who handled it (groups by agent).", example: "carol"))
            specs = list.specs
        }
    }

    /// The body of `POST /resolution-time`.
    private struct ResolutionTimeInputs {
        let ticket = Ticket()
        let tickets: Field<Records>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            tickets = list.add(InputSpec(
                "tickets", .records(ticket.specs), minItems: 1, doc: "Support tickets; open ones are skipped.",
                example: [["id": "t-1", "openedAt": "2024-03-01T09:00:00Z", "resolvedAt": "2024-03-01T13:30:00Z", "agent": "carol"],
                          ["id": "t-2", "openedAt": "2024-03-02T10:00:00Z", "resolvedAt": nil, "agent": "dave"]]))
            specs = list.specs
        }
    }

    private static let resolutionTimeInputs = ResolutionTimeInputs()

    /// Average resolution time: mean hours from a ticket's opening to its resolution.
    static let resolutionTime = KPIDefinition(
        id: "resolution-time", name: "Average Resolution Time",
        summary: "Mean hours from ticket opening to resolution over resolved tickets, with median, p90 and per-agent groups.",
        formula: "resolutionTime = totalHours / resolvedTickets", unit: .hours, betterDirection: .lower, statistics: .meanOverRecords,
        inputs: resolutionTimeInputs.specs,
        example: ["tickets": [["id": "t-1", "openedAt": "2024-03-01T09:00:00Z", "resolvedAt": "2024-03-01T13:30:00Z", "agent": "carol"],
                              ["id": "t-2", "openedAt": "2024-03-02T10:00:00Z", "resolvedAt": nil, "agent": "dave"]]],
        // A series buckets tickets by when they were resolved; one still open at a period's end counts in
        // that period's openTickets.
        events: EventDate(
            records: resolutionTimeInputs.tickets, date: resolutionTimeInputs.ticket.resolvedAt, id: resolutionTimeInputs.ticket.id,
            openedAt: resolutionTimeInputs.ticket.openedAt)
    ) { values, reader in
        let inputs = resolutionTimeInputs
        let fields = inputs.ticket
        guard let tickets = values[inputs.tickets] else { return nil }
        var tally = RecordTally(tickets, id: fields.id, groups: reader.groups(of: tickets, default: fields.agent))
        var hours: [Double] = []
        hours.reserveCapacity(tickets.count)
        var open: Int64 = 0
        var counted: Int64 = 0
        // In a series bucket, the tickets as they stood at the period's end: one resolved later was still
        // open then, and one opened later did not exist yet.
        let asOf = values.asOf
        var ticket = tickets.makeCursor()
        while ticket.next() {
            guard let opened = ticket[fields.openedAt] else { continue }
            var resolved = ticket[fields.resolvedAt]
            if let resolved, resolved.isBefore(opened, in: values.timeZone) {
                reader.issue("/tickets/\(ticket.row)/resolvedAt", "must not be before openedAt")
                continue
            }
            if let asOf {
                guard opened < asOf else { continue }
                if let at = resolved, !(at < asOf) { resolved = nil }
            }
            guard reader.isClean, tally.isFirst(ticket) else { continue }
            counted += 1
            if let resolved {
                let h = resolved.hours(since: opened, in: values.timeZone)
                hours.append(h)
                tally.add(h, for: ticket)
            } else if ticket.state(fields.resolvedAt) != .invalid {
                open += 1
            }
        }
        guard reader.isClean else { return nil }
        guard !hours.isEmpty else {
            reader.issue("/tickets", "must hold at least one resolved ticket")
            return nil
        }
        var warnings = tally.duplicateWarnings("tickets")
        if open > 0 {
            warnings.append(asOf == nil
                ? "\(open) unresolved \(open == 1 ? "ticket was" : "tickets were") skipped."
                : "\(open) \(open == 1 ? "ticket" : "tickets") still open at the end of the period \(open == 1 ? "was" : "were") skipped.")
        }
        return Computation.durations(
            &hours, unit: "Hours", records: "resolvedTickets", symbol: "resolutionTime",
            extra: [.init("tickets", counted), .init("openTickets", open)],
            groups: tally.sortedGroups, warnings: warnings)
    }
}
