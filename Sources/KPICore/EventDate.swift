/// The date a record KPI's records happened on, declared once in its ``KPIDefinition`` from the KPI's own
/// typed fields: the records form of `POST /series` buckets the records into periods by it.
///
/// ```swift
/// events: EventDate(records: inputs.deals, date: deal.closedAt, id: deal.id)
/// ```
///
/// A KPI whose rows carry a month and whose value for a month needs other months too (a month's movements
/// need the month before) declares a window instead (``window(records:month:from:to:baseline:)``): its
/// series' periods are months, and each point is the KPI over all the rows with its own window inputs set
/// to that month, not over a bucket of them.
///
/// ```swift
/// events: .window(records: inputs.mrr, month: row.month, from: inputs.from, to: inputs.to, baseline: true) { values, reader in
///     inputs.source.table(values, &reader)
/// }
/// ```
struct EventDate: Sendable {
    /// Where in a record its event date is.
    enum Source: Sendable {
        /// A date field of the record.
        case field(Field<Instant>)
        /// A date field of the first row of a nested record array (a deal's first stage entry).
        case firstChild(Field<Records>, Field<Instant>)
        /// A `YYYY-MM` month field of the record (a ``window``'s rows: never bucketed).
        case month(Field<String>)
    }

    /// The KPI's own window inputs, set to each period's month in turn.
    struct MonthWindow: Sendable {
        /// The window's first month (`YYYY-MM`).
        let from: Field<String>
        /// The window's last month (`YYYY-MM`).
        let to: Field<String>
        /// Whether the rows' first month is only the base of the next (a month's movements need the month
        /// before): the series then starts at the second month by default.
        let baseline: Bool
        /// The body's MRR table, read once for every month's point (``InputValues/mrrTable``); `nil` with issues
        /// when the rows are wrong, without any when the body has none.
        let table: @Sendable (_ values: InputValues, _ reader: inout InputReader) -> MRRTable?
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
    /// For a KPI evaluated per month over all its rows: its window inputs (`nil`: records are bucketed).
    let window: MonthWindow?
    /// Another date field that buckets the records when a choice of the body says so (`basis: "created"` on
    /// `/close-rate` buckets every deal by `createdAt`, open ones too).
    struct Alternative: Sendable {
        /// The body's choice field.
        let selector: Field<String>
        /// The choice's value that selects ``date``.
        let value: String
        /// The records' date field then bucketed by (the records' outcomes are then not looked at).
        let date: Field<Instant>
    }

    /// The other date field a body may select.
    let alternative: Alternative?
    /// For deals: their outcome. A deal whose outcome is `open` has no event, whatever its date field holds (an
    /// expected close date).
    let outcome: Field<String>?

    /// Records bucketed by their own date field `date`.
    init(
        records: Field<Records>, date: Field<Instant>, id: Field<RecordID>? = nil, openedAt: Field<Instant>? = nil,
        outcome: Field<String>? = nil, alternative: Alternative? = nil
    ) {
        self.records = records
        source = .field(date)
        self.id = id
        self.openedAt = openedAt
        window = nil
        self.outcome = outcome
        self.alternative = alternative
    }

    /// The event date the body `values` selects: this one, or its ``alternative`` when the body's choice names it.
    func selected(by values: InputValues) -> EventDate {
        guard let alternative, values[alternative.selector] == alternative.value else { return self }
        return EventDate(records: records, date: alternative.date, id: id, openedAt: openedAt)
    }

    /// Records bucketed by the date field `date` of the first row of their nested records `children`.
    init(records: Field<Records>, firstOf children: Field<Records>, date: Field<Instant>, id: Field<RecordID>? = nil) {
        self.records = records
        source = .firstChild(children, date)
        self.id = id
        openedAt = nil
        window = nil
        outcome = nil
        alternative = nil
    }

    private init(records: Field<Records>, month: Field<String>, window: MonthWindow) {
        self.records = records
        source = .month(month)
        id = nil
        openedAt = nil
        self.window = window
        outcome = nil
        alternative = nil
    }

    /// Rows with a `month` field (or billing lines) whose series point for a month is the KPI over all of them
    /// with its window inputs `from` and `to` both set to that month; `baseline`: the first month only serves
    /// the next; `table`: the MRR table they make, read once for all the points.
    static func window(
        records: Field<Records>, month: Field<String>, from: Field<String>, to: Field<String>, baseline: Bool,
        table: @escaping @Sendable (_ values: InputValues, _ reader: inout InputReader) -> MRRTable?
    ) -> EventDate {
        EventDate(records: records, month: month, window: MonthWindow(from: from, to: to, baseline: baseline, table: table))
    }

    /// The event date of the cursor's current row, when it has one.
    @inline(__always)
    func date(of row: RecordCursor) -> Instant? {
        if let outcome, row[outcome] == DealOutcome.open.rawValue { return nil }
        switch source {
        case .field(let date):
            return row[date]
        case .firstChild(let children, let date):
            var child = row.children(children)
            return child.next() ? child[date] : nil
        case .month:
            return nil
        }
    }

    /// Where the date is, named from the specs of the body (`deals[].closedAt`, `deals[].history[0].enteredAt`).
    func path(in specs: [InputSpec]) -> String {
        let array = specs[records.index]
        guard case .records(let fields) = array.kind else { preconditionFailure("\(array.name) holds records") }
        switch source {
        case .field(let date):
            return array.name + "[]." + fields[date.index].name
        case .month(let month):
            return array.name + "[]." + fields[month.index].name
        case .firstChild(let children, let date):
            guard case .records(let childFields) = fields[children.index].kind else { preconditionFailure("nested records") }
            return array.name + "[]." + fields[children.index].name + "[0]." + childFields[date.index].name
        }
    }
}
