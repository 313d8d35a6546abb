import JSON
import Reading

/// The periods of the records form of `POST /series`: its `period`, `from` and `to`.
public struct SeriesWindow: Sendable {
    /// The length of each period.
    public let granularity: Period.Granularity
    /// The first instant included, with its text; nil: the first event's period starts the series.
    let from: (instant: Instant, text: String)?
    /// The instant whose period ends the series, the first instant not included, and the text; nil: the
    /// last event's period ends it. A date (`2024-06-30`) includes its whole day, a date-time itself.
    let to: (last: Instant, end: Instant, text: String)?

    /// The window from `from` to `to` (either may be absent). Issues point at `/from` and `/to`. Until the
    /// input is read (``resolved(in:)``), its dates are UTC and a date-time without an offset is read as if in
    /// UTC: the input's `timeZone` may place it.
    /// - Throws: a date that is not one, or `from` after `to`.
    public init(granularity: Period.Granularity, from: String?, to: String?) throws(ValidationError) {
        try self.init(granularity: granularity, from: from, to: to, in: .utc)
    }

    /// The same window on the calendar of `zone`, the `timeZone` of the series' input (UTC when `nil`): its
    /// dates are the midnights there, and its date-times without an offset local times there (a 422 without
    /// a zone).
    func resolved(in zone: TimeZoneRules?) throws(ValidationError) -> SeriesWindow {
        try SeriesWindow(granularity: granularity, from: from?.text, to: to?.text, in: zone)
    }

    private init(granularity: Period.Granularity, from: String?, to: String?, in zone: TimeZoneRules?) throws(ValidationError) {
        self.granularity = granularity
        var issues: [ValidationError.Issue] = []
        var first: Instant? = nil
        var last: Instant? = nil
        for (name, text) in [("from", from), ("to", to)] {
            guard let text else { continue }
            switch DateParsing.instant(text, in: zone) {
            case .success(let instant): if name == "from" { first = instant } else { last = instant }
            case .failure(let failure): issues.append(.init(pointer: "/" + name, detail: failure.detailNamingTimeZone))
            }
        }
        self.from = first.map { ($0, from ?? "") }
        if let last, let to {
            // A date alone is its whole day; a date-time is included itself (up to the next nanosecond).
            let end = last.isDateOnly
                ? last.endOfDay(in: zone)
                : last.nanoseconds == 999_999_999 ? Instant(seconds: last.seconds + 1) : Instant(seconds: last.seconds, nanoseconds: last.nanoseconds + 1)
            self.to = (last, end, to)
        } else {
            self.to = nil
        }
        if let first = self.from, let to = self.to, !(first.instant < to.end) {
            issues.append(.init(pointer: "/from", detail: "must not be after to (\(to.text))"))
        }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
    }
}

/// A KPI's records bucketed into periods by their event date: one point per period, each evaluating the
/// KPI over its bucket's records when asked.
public struct RecordBuckets {
    /// One period and how to compute it.
    public struct Point {
        /// The period.
        public let period: Period
        /// The KPI over the period's records, or nil when no record's event falls in the period. Issues point
        /// into the point of the `/series` response: `/input/…` for the input (as its route answers them,
        /// under `/input`), `/period` for the period itself (a month before the one a window needs).
        public let evaluate: () -> Result<KPIResult?, ValidationError>
    }

    /// Every period from the first to the last, empty ones included.
    public var points: [Point]
    /// About the records as a whole: repeated ids, records left out of the window.
    public var warnings: [String]
}

extension KPIDefinition {
    /// Whether `POST /series` takes this KPI's records (its records carry an event date or a month window).
    public var bucketsRecords: Bool { events != nil }

    /// The ways `POST /series` takes this KPI's data: `points` always, `records` when its records carry an event date.
    public var seriesForms: [String] { events == nil ? ["points"] : ["points", "records"] }

    /// Where the event date of this KPI's records is (`deals[].closedAt`, `mrr[].month`), when they have one.
    public var eventDatePath: String? { events?.path(in: inputs) }

    /// The periods the records form of `POST /series` takes for this KPI: every granularity when its records
    /// are bucketed by date, only `month` when each point is the KPI over a month's window, none without records.
    public var seriesPeriods: [Period.Granularity] {
        guard let events else { return [] }
        return events.window == nil ? Period.Granularity.allCases : [.month]
    }

    /// The issue at `/kpi` when the records form of `POST /series` cannot take this KPI: why, and what to send.
    public var recordsSeriesIssue: ValidationError.Issue? {
        guard events == nil else { return nil }
        let able = KPIRegistry.all.filter(\.bucketsRecords).map(\.id).joined(separator: ", ")
        let why = noRecordsSeries ?? "has no event date on its records, so they cannot be bucketed into periods"
        return .init(pointer: "/kpi", detail: "\(why) (KPIs that can: \(able)): send one input per period in points")
    }

    /// The issue at `/period` when the records form cannot make this KPI's points by `granularity`.
    public func seriesPeriodIssue(_ granularity: Period.Granularity) -> ValidationError.Issue? {
        guard let events, events.window != nil, granularity != .month else { return nil }
        let path = events.path(in: inputs)
        return .init(
            pointer: "/period",
            detail: "must be month for \(id): each point is \(id) over all the \(inputs[events.records.index].name) rows with its window set to one month (\(path)), as a month's movements need the month before, so its records are not bucketed by day, week, quarter or year")
    }

    /// Reads the KPI's body `json` once, as its route does, and makes the points of the records form of
    /// `POST /series` over the periods of `window`.
    ///
    /// Records with an event date (``EventDate``) are bucketed into the periods by it: a point per period from
    /// `from` (default: the first event's period) to `to` (default: the last event's), each the KPI computed
    /// over that period's records alone (``Records/selecting(_:)``, no copy), or nil when it has none. Records
    /// whose event falls outside `from`..`to` are left out with a warning, and a repeated id is bucketed once
    /// (the first).
    ///
    /// Rows with a month window (``EventDate/window(records:month:from:to:baseline:)``) are not bucketed: the
    /// periods must be months, and each point is the KPI over all the rows with its window inputs `from` and
    /// `to` set to the point's month (its movements into that month, NRR over it); months outside the rows'
    /// first…last month are nil. `from` defaults to the rows' first month (their second with a baseline:
    /// a month's movements need the month before), `to` to their last. The body may not set the window inputs.
    ///
    /// - Throws: issues with pointers relative to the `/series` request: `/kpi` when the KPI's records carry
    ///   no event date, `/input/…` for an invalid body (every issue its route would report) or a body
    ///   whose failure does not depend on the period (a field outside the records), `/period` when there
    ///   would be more than `maxPeriods` periods or the KPI's points are months and `window`'s are not.
    public func buckets(json: UnsafeRawBufferPointer, window: SeriesWindow, maxPeriods: Int) throws(ValidationError) -> RecordBuckets {
        guard let declared = events else { throw ValidationError(issues: recordsSeriesIssue.map { [$0] } ?? []) }
        let granularity = window.granularity
        if let issue = seriesPeriodIssue(granularity) { throw ValidationError(issues: [issue]) }
        if let from = window.from, let to = window.to {
            try Self.checkSpan(Period(containing: from.instant, granularity: granularity), Period(containing: to.last, granularity: granularity), maxPeriods)
        }

        // The body, read once.
        var reader = InputReader()
        let read: InputValues?
        do throws(JSONParseError) {
            read = try reader.readBody(json, specs: readSpecs, reading: reading)
        } catch {
            throw ValidationError(pointer: "/input", detail: "must be a JSON object")
        }
        guard let values = read else { throw ValidationError(pointer: "/input", detail: "must be a JSON object") }
        // The input's timeZone sets the calendar of the periods.
        let zone = values.timeZone
        let window = try window.resolved(in: zone)
        if let months = declared.window {
            return try monthWindows(declared, months, values, &reader, window, maxPeriods)
        }
        let events = declared.selected(by: values)
        let name = inputs[events.records.index].name
        let path = events.path(in: inputs)
        // The date's name within a record: `closedAt`, `history[0].enteredAt`.
        let dateName = String(path.dropFirst(name.count + "[].".count))
        guard reader.isClean, let records = values[events.records] else {
            if reader.isClean { reader.issue("/" + name, "is required to bucket \(id) by \(path)") }
            throw Self.underInput(reader.issues)
        }

        // Each row's event: its period's ordinal, or none (open, or left out).
        let none = Int.min
        var ordinals = [Int](repeating: none, count: records.storedCount)
        var tally = events.id.map { RecordTally(records, id: $0) }
        var open: [(row: Int32, first: Int, last: Int)] = []
        var outside = (before: 0, after: 0)
        var undated = 0
        var low = Int.max
        var high = Int.min
        var row = records.makeCursor()
        while row.next() {
            if tally?.isFirst(row) == false { continue }
            let date = events.date(of: row)
            if let openedAt = events.openedAt, let opened = row[openedAt] {
                // Open at the end of every period from its opening's to the one before its event's.
                let last = date.map { Period(containing: $0, granularity: granularity, in: zone).ordinal - 1 } ?? Int.max
                open.append((Int32(row.row), Period(containing: opened, granularity: granularity, in: zone).ordinal, last))
            }
            guard let date else {
                if events.openedAt == nil { undated += 1 }
                continue
            }
            if let from = window.from, date < from.instant { outside.before += 1; continue }
            if let to = window.to, !(date < to.end) { outside.after += 1; continue }
            let ordinal = Period(containing: date, granularity: granularity, in: zone).ordinal
            ordinals[row.row] = ordinal
            low = min(low, ordinal)
            high = max(high, ordinal)
        }
        let first = window.from.map { Period(containing: $0.instant, granularity: granularity, in: zone).ordinal } ?? low
        let last = window.to.map { Period(containing: $0.last, granularity: granularity, in: zone).ordinal } ?? high
        guard first <= last else {
            throw ValidationError(
                pointer: "/input/" + JSONPointer.escape(name),
                detail: "has no record with a \(dateName) in from..to to bucket: give both from and to for a series of empty periods")
        }
        try Self.checkSpan(Period(granularity, ordinal: first), Period(granularity, ordinal: last), maxPeriods)

        // The work, before any of it: each point reads its own records and the open ones that span it, and
        // each scenario reads them again.
        var readings = ordinals.reduce(0) { $1 == none ? $0 : $0 + 1 }
        for record in open {
            let span = min(record.last, last) - max(record.first, first) + 1
            if span > 0 { readings = readings.addingReportingOverflow(span).overflow ? .max : readings + span }
        }
        let answers = 1 + (values[scenarios]?.count ?? 0)
        try WorkBudget.check(
            WorkBudget.product(readings, answers), at: "/input/" + JSONPointer.escape(name),
            "\(readings) readings of \(name) over \(last - first + 1) periods" + (answers > 1 ? ", × \(answers) with the scenarios" : ""),
            shrink: open.isEmpty
                ? "choose a longer period or a shorter from..to, or send fewer scenarios"
                : "choose a longer period or a shorter from..to (each open record is read in every period it is open), or send fewer scenarios")

        var buckets = [[Int32]](repeating: [], count: last - first + 1)
        for (row, ordinal) in ordinals.enumerated() where ordinal != none {
            buckets[ordinal - first].append(Int32(truncatingIfNeeded: row))
        }

        var warnings = tally?.duplicateWarnings(name) ?? []
        if outside.before + outside.after > 0 {
            var sides: [String] = []
            if let from = window.from, outside.before > 0 { sides.append("\(outside.before) before \(from.text)") }
            if let to = window.to, outside.after > 0 { sides.append("\(outside.after) after \(to.text)") }
            warnings.append(
                "Left out \(outside.before + outside.after) of \(records.count) \(name) outside from..to by \(dateName): \(sides.joined(separator: ", ")).")
        }
        if undated > 0 { warnings.append("Left out \(undated) of \(records.count) \(name) without a \(dateName).") }

        /// The KPI over bucket `k`, as of the end of its period.
        let evaluate = { (k: Int) -> Result<KPIResult?, ValidationError> in
            guard !buckets[k].isEmpty else { return .success(nil) }
            let period = Period(granularity, ordinal: first + k)
            var rows = buckets[k]
            if !open.isEmpty {
                // Both lists are in row order (buckets filled and open records met in it): merge, not sort.
                let spanning = open.lazy.filter { $0.first <= period.ordinal && period.ordinal <= $0.last }.map(\.row)
                rows = Self.merged(rows, spanning)
            }
            var bucket = values
            bucket.slots[events.records.index] = .records(records.selecting(rows))
            bucket.asOf = period.end(in: zone)
            var reader = InputReader()
            return Result { () throws(ValidationError) -> KPIResult? in try self.evaluate(bucket, &reader) }
        }
        let underPoint = { (k: Int) -> Result<KPIResult?, ValidationError> in evaluate(k).mapError(Self.underInput) }

        // A failure outside the records does not depend on the period (a repeated stage name): it is the
        // body's, not a bucket's, and fails the request as the route would.
        var firstResult: (k: Int, result: Result<KPIResult?, ValidationError>)? = nil
        if let k = buckets.firstIndex(where: { !$0.isEmpty }) {
            let result = evaluate(k)
            if case .failure(let error) = result {
                if error.work != nil { throw Self.underInput(error) }
                let bodyIssues = error.issues.filter { !$0.pointer.isEmpty && $0.pointer != "/" + name && !$0.pointer.hasPrefix("/" + name + "/") }
                if !bodyIssues.isEmpty { throw Self.underInput(bodyIssues) }
            }
            firstResult = (k, result)
        }
        let points = (0..<buckets.count).map { k in
            RecordBuckets.Point(period: Period(granularity, ordinal: first + k)) {
                if let firstResult, firstResult.k == k { return firstResult.result.mapError(Self.underInput) }
                return underPoint(k)
            }
        }
        return RecordBuckets(points: points, warnings: warnings)
    }

    /// The rows of two ascending lists, ascending.
    static func merged<Other: Sequence<Int32>>(_ a: [Int32], _ b: Other) -> [Int32] {
        var result: [Int32] = []
        result.reserveCapacity(a.count)
        var i = 0
        for row in b {
            while i < a.count, a[i] < row {
                result.append(a[i])
                i += 1
            }
            result.append(row)
        }
        result.append(contentsOf: a[i...])
        return result
    }

    /// `issues` of the input, pointing into the `/series` request (or into a point of its response).
    private static func underInput(_ issues: [ValidationError.Issue]) -> ValidationError {
        ValidationError(issues: issues.map { .init(pointer: "/input" + $0.pointer, detail: $0.detail) })
    }

    private static func underInput(_ error: ValidationError) -> ValidationError {
        var moved = underInput(error.issues)
        moved.work = error.work
        return moved
    }

    /// The points of a KPI with a month window (see ``buckets(json:window:maxPeriods:)``): one per month, each
    /// the KPI over all of `values` with its window inputs set to that month.
    private func monthWindows(
        _ events: EventDate, _ months: EventDate.MonthWindow, _ values: InputValues, _ reader: inout InputReader,
        _ window: SeriesWindow, _ maxPeriods: Int
    ) throws(ValidationError) -> RecordBuckets {
        let name = inputs[events.records.index].name
        let path = events.path(in: inputs)
        for field in [months.from, months.to] where values[field] != nil {
            reader.issue(
                "/" + inputs[field.index].name,
                "is set by the series to each point's month: give the series' from and to instead")
        }
        guard reader.isClean else { throw Self.underInput(reader.issues) }
        // The table of the rows (or billing lines), read once and shared by every month's point; a body whose
        // rows are wrong fails the request as the route would.
        var whole = InputReader()
        var values = values
        let table: MRRTable
        do throws(ValidationError) {
            table = try skippingRefused(&values, &whole) { values, reader throws(ValidationError) in
                guard let table = months.table(values, &reader) else {
                    if reader.isClean { reader.issue("/" + name, "is required for a series of \(id) by \(path)") }
                    throw reader.error
                }
                return table
            }
        } catch {
            throw Self.underInput(error)
        }
        values.mrrTable = table
        // The body over its whole span, once: a failure that is not about the window (a field outside the
        // rows) is the body's and fails the request as the route would; one about the window (the rows hold
        // one month) is left to the points.
        if case .failure(let error) = Result(catching: { () throws(ValidationError) in try self.evaluate(values, &whole) }) {
            if error.work != nil { throw Self.underInput(error) }
            let windowPointers: Set<String> = [table.pointer, "/" + inputs[months.from.index].name, "/" + inputs[months.to.index].name]
            let bodyIssues = error.issues.filter { !windowPointers.contains($0.pointer) }
            if !bodyIssues.isEmpty { throw Self.underInput(bodyIssues) }
        }

        // The table's first and last months.
        let low = table.first.ordinal
        let high = low + table.months - 1
        let first = window.from.map { Period(containing: $0.instant, granularity: .month, in: values.timeZone).ordinal } ?? low + (months.baseline ? 1 : 0)
        let last = window.to.map { Period(containing: $0.last, granularity: .month, in: values.timeZone).ordinal } ?? high
        guard first <= last else {
            let only = Period(.month, ordinal: low).label
            let detail = window.from == nil && window.to == nil
                ? "holds one month (\(only)) and each point needs the month before it: there is no month to give a point for"
                : "has no month from \(Period(.month, ordinal: first).label) to \(Period(.month, ordinal: last).label) to give a point for: give both from and to for a series of empty periods"
            throw ValidationError(pointer: "/input" + table.pointer, detail: detail)
        }
        try Self.checkSpan(Period(.month, ordinal: first), Period(.month, ordinal: last), maxPeriods)
        // Each month's point walks the table once (it is not read again), and each scenario walks it again.
        let answers = 1 + (values[scenarios]?.count ?? 0)
        let periods = last - first + 1
        try WorkBudget.check(
            WorkBudget.product(WorkBudget.product(table.cells, periods), answers), at: "/input" + table.pointer,
            "\(table.cells) customer-months × \(periods) months" + (answers > 1 ? " × \(answers) with the scenarios" : ""),
            shrink: "give a shorter from..to, or send fewer scenarios")

        let windowNames = [inputs[months.from.index].name, inputs[months.to.index].name].map { "/" + $0 }
        let points = (first...last).map { ordinal in
            let period = Period(.month, ordinal: ordinal)
            return RecordBuckets.Point(period: period) { () -> Result<KPIResult?, ValidationError> in
                guard low <= ordinal, ordinal <= high else { return .success(nil) }
                var month = values
                month.slots[months.from.index] = .string(period.label)
                month.slots[months.to.index] = .string(period.label)
                var reader = InputReader()
                return Result { () throws(ValidationError) -> KPIResult? in try self.evaluate(month, &reader) }.mapError { error in
                    // The window is the point's period, not a field of the input.
                    ValidationError(issues: error.issues.map {
                        windowNames.contains($0.pointer) ? .init(pointer: "/period", detail: $0.detail) : .init(pointer: "/input" + $0.pointer, detail: $0.detail)
                    })
                }
            }
        }
        return RecordBuckets(points: points, warnings: [])
    }

    /// Throws at `/period` when `first`...`last` holds more than `maxPeriods` periods.
    private static func checkSpan(_ first: Period, _ last: Period, _ maxPeriods: Int) throws(ValidationError) {
        let count = last.ordinal - first.ordinal + 1
        guard count > maxPeriods else { return }
        throw ValidationError(
            pointer: "/period",
            detail: "makes \(count) periods from \(first.label) to \(last.label): at most \(maxPeriods); choose a longer period or a shorter from..to")
    }
}
