/// The date a record KPI's records happened on, declared once in its ``KPIDefinition`` from the KPI's own
/// typed fields: the records form of `POST /series` buckets the records into periods by it.
///
/// ```swift
/// events: EventDate(records: inputs.deals, date: deal.closedAt, id: deal.id)
/// ```
struct EventDate: Sendable {
    /// Where in a record its event date is.
    enum Source: Sendable {
        /// A date field of the record.
        case field(Field<Instant>)
        /// A date field of the first row of a nested record array (a deal's first stage entry).
        case firstChild(Field<Records>, Field<Instant>)
    }

    /// The body's record array that is bucketed.
    let records: Field<Records>
    /// Where each record's event date is.
    let source: Source
    /// The records' id, when they have one: a repeated id is bucketed once (the first), in the whole series.
    let id: Field<RecordID>?
    /// For records that are open until their event (a ticket until it is resolved): when a record opened.
    /// Besides its event's period, such a record joins the bucket of every period at whose end it is open
    /// (opened before the end, event not before it, or none), and the KPI reads each bucket as of its
    /// period's end (``InputValues/asOf``).
    let openedAt: Field<Instant>?

    /// Records bucketed by their own date field `date`.
    init(records: Field<Records>, date: Field<Instant>, id: Field<RecordID>? = nil, openedAt: Field<Instant>? = nil) {
        self.records = records
        source = .field(date)
        self.id = id
        self.openedAt = openedAt
    }

    /// Records bucketed by the date field `date` of the first row of their nested records `children`.
    init(records: Field<Records>, firstOf children: Field<Records>, date: Field<Instant>, id: Field<RecordID>? = nil) {
        self.records = records
        source = .firstChild(children, date)
        self.id = id
        openedAt = nil
    }

    /// The event date of the cursor's current row, when it has one.
    @inline(__always)
    func date(of row: RecordCursor) -> Instant? {
        switch source {
        case .field(let date):
            return row[date]
        case .firstChild(let children, let date):
            var child = row.children(children)
            return child.next() ? child[date] : nil
        }
    }

    /// Where the date is, named from the specs of the body (`deals[].closedAt`, `deals[].history[0].enteredAt`).
    func path(in specs: [InputSpec]) -> String {
        let array = specs[records.index]
        guard case .records(let fields) = array.kind else { preconditionFailure("\(array.name) holds records") }
        switch source {
        case .field(let date):
            return array.name + "[]." + fields[date.index].name
        case .firstChild(let children, let date):
            guard case .records(let childFields) = fields[children.index].kind else { preconditionFailure("nested records") }
            return array.name + "[]." + fields[children.index].name + "[0]." + childFields[date.index].name
        }
    }
}
