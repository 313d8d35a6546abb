import JSON

/// The fields of one row of the usual billing export: a customer's MRR in a month.
struct MRRRowFields: Sendable {
    let customer: Field<RecordID>
    let month: Field<String>
    let mrr: Field<Double>
    let specs: [InputSpec]

    init() {
        var list = FieldList()
        customer = list.add(InputSpec("customer", .identifier, doc: "The customer (a string or an integer).", example: "acme"))
        month = list.add(InputSpec("month", .string, doc: "The month, `YYYY-MM`.", example: "2024-01"))
        mrr = list.add(InputSpec("mrr", .number, minimum: 0, doc: "The customer's monthly recurring revenue in that month (≥ 0).", example: 100))
        specs = list.specs
    }

    static let shared = MRRRowFields()

    /// The `mrr` input: one row per customer and month.
    static func input(_ presence: InputSpec.Presence = .required, doc: String) -> InputSpec {
        InputSpec("mrr", .records(shared.specs), presence, minItems: 1, doc: doc, example: example)
    }

    /// Three customers over three months: a contraction, an expansion, a churn and a new customer.
    static let example: JSONValue = [
        ["customer": "acme", "month": "2024-01", "mrr": 100], ["customer": "acme", "month": "2024-02", "mrr": 120],
        ["customer": "acme", "month": "2024-03", "mrr": 120],
        ["customer": "globex", "month": "2024-01", "mrr": 200], ["customer": "globex", "month": "2024-02", "mrr": 150],
        ["customer": "initech", "month": "2024-01", "mrr": 50],
        ["customer": "umbrella", "month": "2024-03", "mrr": 80],
    ]
}

/// MRR by customer and month, read from `mrr` rows (checked: months are `YYYY-MM`, no customer-month twice) or
/// from billing lines (``read(invoices:at:currency:rates:amountUnit:_:)``: each line spread over the months it
/// covers, a customer's lines in a month summed). Each customer's months are kept in month order (a counting
/// sort by customer, then each customer's few entries by month), so that movements and cohorts walk one
/// customer at a time; a month without an entry is 0. Memory: 12 bytes per customer-month and 4 per customer;
/// no dictionary, no string per row.
///
/// The table is read once per request: the points of a month-window series share it
/// (``InputValues/mrrTable``).
struct MRRTable {
    /// At most this many months from the first to the last month in the rows.
    static let maxMonths = 1000

    /// What the MRR was read from.
    enum Source: String {
        case rows, invoices
    }

    /// The first month in the rows.
    let first: Period
    /// Months from the first to the last month in the rows (both included).
    let months: Int
    /// Number of distinct customers.
    var customers: Int { starts.count - 1 }
    /// What the MRR was read from: `breakdown.mrrFrom`.
    let source: Source
    /// Where the records are in the body (`/mrr`, `/invoices`).
    let pointer: String
    /// Warnings about reading the records (billing lines that count in no month).
    var warnings: [String] = []
    /// Customer `c`'s months are `monthIndices[starts[c] ..< starts[c + 1]]`, in order, with their MRR in `amounts`.
    private let starts: [Int32]
    private let monthIndices: [Int32]
    private let amounts: [Double]
    /// The customers, by key.
    private let keys: KeyIndex

    /// The customer-months held (what one walk over the table reads).
    var cells: Int { monthIndices.count }
    /// Whether every customer's MRR in every month is finite.
    var isFinite: Bool { amounts.allSatisfy(\.isFinite) }

    /// Reads `records` (the `mrr` input at `pointer`); `nil` with issues in `reader` when a row is wrong.
    static func read(_ records: Records, at pointer: String, _ reader: inout InputReader) -> MRRTable? {
        let fields = MRRRowFields.shared
        let monthKeys = records.keys(fields.month)
        var ordinals = [Int](repeating: .min, count: monthKeys.count)
        for key in 0..<monthKeys.count {
            if case .string(let label) = monthKeys[key], let period = Period(label: label), period.granularity == .month {
                ordinals[key] = period.ordinal
            }
        }
        let customerKeys = records.keys(fields.customer)
        var counts = [Int32](repeating: 0, count: customerKeys.count + 1)
        var low = Int.max
        var high = Int.min
        var row = records.makeCursor()
        while row.next() {
            guard let key = row.key(fields.month) else { continue }
            let ordinal = ordinals[key]
            if ordinal == .min {
                reader.issue(pointer + "/\(row.row)/month", "must be a month, YYYY-MM")
                continue
            }
            guard let customer = row.key(fields.customer), row[fields.mrr] != nil else { continue }
            counts[customer + 1] += 1
            low = min(low, ordinal)
            high = max(high, ordinal)
        }
        guard reader.isClean, low <= high, checkSpan(low, high, customers: customerKeys.count, at: pointer, &reader) else { return nil }
        for c in 0..<customerKeys.count { counts[c + 1] += counts[c] }
        var next = Array(counts.dropLast())
        var entries = [UInt64](repeating: 0, count: Int(counts[customerKeys.count]))
        row = records.makeCursor()
        while row.next() {
            guard let key = row.key(fields.month), let customer = row.key(fields.customer) else { continue }
            entries[Int(next[customer])] = UInt64(ordinals[key] - low) << 32 | UInt64(row.row)
            next[customer] += 1
        }
        // A month twice is an issue at the later row.
        return MRRTable(
            first: low, keys: customerKeys, counts: counts, entries: &entries, source: .rows, pointer: pointer,
            amount: { Double.value(in: records, field: fields.mrr.index, row: $0) }, &reader
        ) { customer, month, earlier, later, reader in
            reader.issue(pointer + "/\(later)", "repeats customer \(customerKeys[customer].quoted) in \(Period(.month, ordinal: low + month).label) (first at \(pointer)/\(earlier))")
        }
    }

    /// Checks that `low`...`high` spans at most ``maxMonths`` months, and charges the work budget for a walk of
    /// every customer over every month (movements, cohorts and windows do that).
    static func checkSpan(_ low: Int, _ high: Int, customers: Int, at pointer: String, _ reader: inout InputReader) -> Bool {
        let span = high - low + 1
        guard span <= maxMonths else {
            reader.issue(pointer, "spans \(span) months (\(Period(.month, ordinal: low).label) to \(Period(.month, ordinal: high).label)); at most \(maxMonths)")
            return false
        }
        return reader.charge(
            WorkBudget.product(customers, span), at: pointer, "\(customers) customers × \(span) months",
            shrink: "send the records of fewer months or customers")
    }

    /// The table of `entries` (`month index << 32 | source`, grouped by customer: customer `c`'s are
    /// `counts[c] ..< counts[c + 1]`), sorted here by month within each customer, each entry's MRR
    /// `amount(source)`. Two entries of one customer in one month: `repeated` is called with the customer, the
    /// month index and both sources (the table is then `nil` when it recorded an issue), or, without it, they are
    /// summed and the sum rounded to the cent.
    init?(
        first low: Int, keys: KeyIndex, counts: [Int32], entries: inout [UInt64], source: Source, pointer: String,
        amount: (Int) -> Double, _ reader: inout InputReader,
        repeated: ((_ customer: Int, _ month: Int, _ earlier: Int, _ later: Int, _ reader: inout InputReader) -> Void)? = nil
    ) {
        let customers = keys.count
        var starts = [Int32](repeating: 0, count: customers + 1)
        var monthIndices: [Int32] = []
        var amounts: [Double] = []
        monthIndices.reserveCapacity(entries.count)
        amounts.reserveCapacity(entries.count)
        var high = 0
        entries.withUnsafeMutableBufferPointer { entries in
            for c in 0..<customers {
                let segment = Int(counts[c])..<Int(counts[c + 1])
                var sorted = true
                for i in segment.dropFirst() where entries[i - 1] > entries[i] { sorted = false; break }
                if !sorted { entries[segment].sort() }
                for i in segment {
                    let month = Int(entries[i] >> 32)
                    let from = Int(entries[i] & 0xFFFF_FFFF)
                    if i > segment.lowerBound, entries[i - 1] >> 32 == entries[i] >> 32 {
                        if let repeated {
                            repeated(c, month, Int(entries[i - 1] & 0xFFFF_FFFF), from, &reader)
                        } else {
                            amounts[amounts.count - 1] = BillingPeriod.cents(amounts[amounts.count - 1] + amount(from))
                        }
                        continue
                    }
                    monthIndices.append(Int32(month))
                    amounts.append(amount(from))
                    high = max(high, month)
                }
                starts[c + 1] = Int32(monthIndices.count)
            }
        }
        guard reader.isClean else { return nil }
        first = Period(.month, ordinal: low)
        months = high + 1
        self.keys = keys
        self.starts = starts
        self.monthIndices = monthIndices
        self.amounts = amounts
        self.source = source
        self.pointer = pointer
    }

    /// The label of month `index` (0: the first month).
    func label(_ index: Int) -> String { Period(.month, ordinal: first.ordinal + index).label }

    /// The index of the month `label` names relative to the first month, or `nil` when it is not `YYYY-MM`.
    func index(of label: String) -> Int? {
        guard let period = Period(label: label), period.granularity == .month else { return nil }
        return period.ordinal - first.ordinal
    }

    /// The window `from`…`to` (`YYYY-MM`) as month indices: `first` at least 1 (the window needs the month
    /// before it, for the reason `why`), `end` at most the last month; defaults 1 and the last month. `nil`
    /// with issues at `/from` and `/to` when they are not months of the rows or out of order.
    func window(from: String?, to: String?, why: String, _ reader: inout InputReader) -> (first: Int, end: Int)? {
        let last = months - 1
        var first = 1
        if let from {
            guard let index = index(of: from) else { reader.issue("/from", "must be a month, YYYY-MM"); return nil }
            guard index >= 1 else {
                reader.issue("/from", "must be after the first month in \(pointer.dropFirst()) (\(label(0))): \(why)")
                return nil
            }
            first = index
        }
        var end = last
        if let to {
            guard let index = index(of: to) else { reader.issue("/to", "must be a month, YYYY-MM"); return nil }
            end = index
        }
        if end > last { reader.issue("/to", "must not be after the last month in \(pointer.dropFirst()) (\(label(last)))") }
        if first > end {
            reader.issue(to == nil ? "/from" : "/to", to == nil ? "must not be after the last month in \(pointer.dropFirst()) (\(label(last)))" : "must not be before from")
        }
        return reader.isClean ? (first, end) : nil
    }

    /// A warning when some customer's paying months stand alone twelve months apart (at least two paying months,
    /// each with no paying month beside it, each twelve months after the one before): the mark of annual
    /// invoices counted in the month they were billed, which reads as one paying month, eleven of churn and a
    /// reactivation a year later.
    var annualInvoiceWarning: String? {
        guard source == .rows else { return nil }
        var found = 0
        var first: String? = nil
        for c in 0..<customers {
            var paying: [Int] = []
            forEachMonth(of: c) { month, mrr in if mrr > 0 { paying.append(month) } }
            guard paying.count >= 2, zip(paying, paying.dropFirst()).allSatisfy({ $1 - $0 == 12 }) else { continue }
            found += 1
            if first == nil { first = keys[c].quoted }
        }
        guard let first else { return nil }
        return concatenate(
            String(found), found == 1 ? " customer's" : " customers'", " MRR rows look like annual invoices counted in one month (a paying month alone every twelve months, e.g. customer ",
            first, "): an annual plan is a twelfth of its amount in each month it covers.")
    }

    /// Calls `body` with each of customer `c`'s months that has a row, in order: the month's index and MRR.
    @inline(__always)
    func forEachMonth(of c: Int, _ body: (_ month: Int, _ mrr: Double) -> Void) {
        for i in Int(starts[c])..<Int(starts[c + 1]) { body(Int(monthIndices[i]), amounts[i]) }
    }
}
