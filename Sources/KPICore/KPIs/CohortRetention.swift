import Reading
import JSON
import Statistics

extension KPIDefinition {
    /// The fields of one customer of `/cohort-retention`'s customers form.
    private struct CohortCustomer: Sendable {
        let id: Field<RecordID>
        let startedAt: Field<Instant>
        let endedAt: Field<Instant>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            id = list.add(InputSpec("id", .identifier, doc: "Customer id; a repeated id is counted once.", example: "acme"))
            startedAt = list.add(InputSpec("startedAt", .date, doc: "When the customer started (its month is the cohort).", example: "2024-01-15"))
            endedAt = list.add(InputSpec(
                "endedAt", .date, .nullable,
                doc: "When the customer left (absent or null: still a customer); not retained from that month on.", example: "2024-04-02"))
            specs = list.specs
        }
    }

    /// The body of `POST /cohort-retention`.
    private struct CohortInputs: Sendable {
        let customer = CohortCustomer()
        let basis: Field<String>
        let source: MRRSource
        let customers: Field<Records>
        let specs: [InputSpec]
        let forms: InputRule

        init() {
            var list = FieldList()
            basis = list.add(InputSpec(
                "basis", .choice(["logo", "revenue"]), .optional,
                doc: "logo (default): the share of the cohort's customers still paying; revenue: the cohort's MRR against its first month's (mrr rows or invoices only; can pass 100).",
                example: "logo"))
            source = MRRSource(&list, mrrDoc: "MRR per customer and month (or give customers); a customer's cohort is its first month with MRR above 0.")
            customers = list.add(InputSpec(
                "customers", .records(customer.specs), .optional, minItems: 1,
                doc: "Customers with start and end dates (give this, mrr rows or invoices).",
                example: [["id": "acme", "startedAt": "2024-01-15"], ["id": "globex", "startedAt": "2024-01-20", "endedAt": "2024-03-02"]]))
            specs = list.specs
            forms = .oneOf(source.alternatives() + [.all([customers])])
        }
    }

    private static let cohortInputs = CohortInputs()

    /// Cohort retention: customers grouped by the month they started, retained month by month.
    static let cohortRetention = KPIDefinition(
        id: "cohort-retention", name: "Cohort Retention",
        summary: "Customers grouped by their first month, the share retained (logo) or the MRR kept (revenue) month by month in `cohorts`; the value is month-1 retention pooled over the cohorts that reached month 1.",
        formula: "month1Retention = retainedAtMonth1 / cohortBaseAtMonth1 × 100", unit: .percent, betterDirection: .higher,
        statistics: .rate,
        inputs: cohortInputs.specs, rules: [cohortInputs.forms],
        example: ["mrr": MRRRowFields.example],
        noRecordsSeries: "has no series by records: a cohort's retention runs over the months after it starts, so no month's rows or window make its point; one POST /cohort-retention already gives every cohort month by month in cohorts",
        noGroupBy: "its groups are the cohorts (the month each customer started) in cohorts; to compare segments (a plan, a region), send each segment's customers in its own request"
    ) { values, reader in
        let inputs = cohortInputs
        let revenue = values[inputs.basis] == "revenue"
        var cohorts: CohortCells
        var warnings: [String] = []
        let pointer: String
        var mrrFrom: String? = nil
        if inputs.source.isGiven(in: values) {
            guard let table = inputs.source.table(values, &reader) else { return nil }
            pointer = table.pointer
            mrrFrom = table.source.rawValue
            cohorts = CohortCells(first: table.first, months: table.months)
            warnings += table.warnings
            if let warning = table.annualInvoiceWarning { warnings.append(warning) }
            var unpaid = 0
            for c in 0..<table.customers {
                var cohort = -1
                table.forEachMonth(of: c) { month, mrr in
                    guard mrr > 0 else { return }
                    if cohort < 0 {
                        cohort = month
                        cohorts.sizes[month] += 1
                    }
                    cohorts.add(revenue ? mrr : 1, cohort: cohort, month: month - cohort)
                }
                if cohort < 0 { unpaid += 1 }
            }
            if unpaid > 0 { warnings.append("\(unpaid) customers never have MRR above 0 and are in no cohort.") }
        } else if let rows = values[inputs.customers] {
            pointer = "/customers"
            if revenue { reader.issue("/basis", "must be logo with customers: revenue retention needs mrr rows or invoices") }
            guard let read = customerCohorts(rows, inputs.customer, values.timeZone, &reader, &warnings) else { return nil }
            cohorts = read
        } else {
            return nil
        }
        return cohorts.computation(revenue: revenue, pointer: pointer, mrrFrom: mrrFrom, warnings: warnings, &reader)
    }

    /// The cohorts of the customers form: retained from the start month until the month of `endedAt`.
    private static func customerCohorts(
        _ rows: Records, _ fields: CohortCustomer, _ zone: TimeZoneRules?, _ reader: inout InputReader, _ warnings: inout [String]
    ) -> CohortCells? {
        var tally = RecordTally(rows, id: fields.id)
        var spans: [(start: Int, end: Int?)] = []
        spans.reserveCapacity(rows.count)
        var low = Int.max
        var high = Int.min
        var row = rows.makeCursor()
        while row.next() {
            guard let started = row[fields.startedAt] else { continue }
            let ended = row[fields.endedAt]
            if let ended, ended < started {
                reader.issue("/customers/\(row.row)/endedAt", "must not be before startedAt")
                continue
            }
            guard reader.isClean, tally.isFirst(row) else { continue }
            let start = Period(containing: started, granularity: .month, in: zone).ordinal
            let end = ended.map { Period(containing: $0, granularity: .month, in: zone).ordinal }
            spans.append((start, end))
            low = min(low, start)
            high = max(high, end ?? start, start)
        }
        guard reader.isClean, low <= high else { return nil }
        let months = high - low + 1
        guard months <= MRRTable.maxMonths else {
            reader.issue("/customers", "spans \(months) months; at most \(MRRTable.maxMonths)")
            return nil
        }
        // Each cohort has a cell per month from its start to the last month.
        let cells = Set(spans.map(\.start)).reduce(0) { $0 + high - $1 + 1 }
        guard reader.charge(cells, at: "/customers", "\(cells) cohort × month cells", shrink: "send customers of fewer start months, or a shorter span")
        else { return nil }
        warnings += tally.duplicateWarnings("customers")
        var cohorts = CohortCells(first: Period(.month, ordinal: low), months: months)
        for span in spans {
            let cohort = span.start - low
            cohorts.sizes[cohort] += 1
            // Retained at months 0 ..< limit of the cohort (month 0 always): not from the month it ended.
            let limit = max(1, min(months - cohort, (span.end ?? Int.max / 2) - span.start))
            cohorts.addRun(cohort: cohort, months: limit)
        }
        cohorts.finishRuns()
        return cohorts
    }
}

/// Retained customers (or MRR) by cohort month and months since it.
private struct CohortCells {
    let first: Period
    let months: Int
    var sizes: [Int64]
    /// `cells[c][k]`: retained at month `k` of cohort `c` (allocated when the cohort has a customer).
    var cells: [[Double]]
    /// Whether `cells` hold run starts and ends still to be summed (``addRun(cohort:months:)``).
    private var runs = false

    init(first: Period, months: Int) {
        self.first = first
        self.months = months
        sizes = Array(repeating: 0, count: months)
        cells = Array(repeating: [], count: months)
    }

    /// Adds `amount` at month `month` of cohort `cohort`.
    @inline(__always)
    mutating func add(_ amount: Double, cohort: Int, month: Int) {
        if cells[cohort].isEmpty { cells[cohort] = Array(repeating: 0, count: months - cohort + 1) }
        cells[cohort][month] += amount
    }

    /// One customer retained at months `0 ..< months` of `cohort` (a difference array, summed by ``finishRuns()``).
    mutating func addRun(cohort: Int, months: Int) {
        runs = true
        add(1, cohort: cohort, month: 0)
        add(-1, cohort: cohort, month: months)
    }

    mutating func finishRuns() {
        guard runs else { return }
        for c in cells.indices where !cells[c].isEmpty {
            for k in cells[c].indices.dropFirst() { cells[c][k] += cells[c][k - 1] }
        }
        runs = false
    }

    /// The cohorts, and month-1 retention pooled over those that reached month 1; `mrrFrom` says what MRR was read
    /// from (`nil` for the customers form).
    func computation(revenue: Bool, pointer: String, mrrFrom: String?, warnings: [String], _ reader: inout InputReader) -> Computation? {
        var cohorts: [KPIResult.Cohort] = []
        var retained = 0.0
        var base = 0.0
        var customers: Int64 = 0
        for c in 0..<months where sizes[c] > 0 {
            let length = months - c
            let denominator = revenue ? cells[c][0] : Double(sizes[c])
            customers += sizes[c]
            let retention = (0..<length).map { cells[c][$0] / denominator * 100 }
            let intervals = revenue ? nil : (0..<length).map { k -> KPIResult.Interval in
                let (low, high) = Statistics.wilson(successes: cells[c][k], trials: denominator)
                return .init(low: low, high: high)
            }
            cohorts.append(.init(cohort: Period(.month, ordinal: first.ordinal + c).label, size: Int(sizes[c]), retention: retention, intervals: intervals))
            if length >= 2 {
                retained += cells[c][1]
                base += denominator
            }
        }
        guard base > 0 else {
            reader.issue(pointer, "has no cohort that reaches its month 1: the data must span at least two months")
            return nil
        }
        let value = retained / base * 100
        let names = revenue ? ("mrrAtMonth1", "mrrAtMonth0") : ("retainedAtMonth1", "customersAtMonth0")
        var computation = Computation(
            value: value,
            breakdown: [
                .init("basis", text: revenue ? "revenue" : "logo"),
                .init("months", Int64(months)), .init("cohorts", Int64(cohorts.count)), .init("customers", customers),
                revenue ? .init(names.0, retained) : .init(names.0, Int64(retained)),
                revenue ? .init(names.1, base) : .init(names.1, Int64(base)),
                .init("month1Retention", value),
            ] + (mrrFrom.map { [.init("mrrFrom", text: $0)] } ?? []),
            steps: [.init("month1Retention", "\(names.0) / \(names.1) × 100", retained.formatted, "/", base.formatted, suffix: " × 100", value)],
            warnings: warnings, overflowPointer: pointer)
        computation.cohorts = cohorts
        if !revenue {
            let (low, high) = Statistics.wilson(successes: retained, trials: base)
            computation.interval = .init(low: low, high: high)
            computation.sample = .proportion(successes: Int64(retained), trials: Int64(base))
        }
        return computation
    }
}
