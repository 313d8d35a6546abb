import Reading

/// A record identifier as found in a body: a string or an integer.
enum RecordID: Hashable {
    case string(String)
    case integer(Int64)

    /// The id as it appears in JSON (`"d1"` or `7`).
    var quoted: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .integer(let i): String(i)
        }
    }
}

/// The members of a `rates` object (``InputSpec/Kind/rates``), in the order given.
struct Rates {
    /// Each code as written and its rate.
    var entries: [(code: String, rate: Double)]
}

/// One field's value once read and checked against its ``InputSpec``.
enum InputValue {
    /// Not in the body (or `null` for a field whose `null` means nothing).
    case absent
    /// `null` for a ``InputSpec/Presence/nullable`` field.
    case null
    /// Present but wrong; an issue was recorded.
    case invalid
    case count(Int64)
    case number(Double)
    case string(String)
    /// A date, with its text as given outside records (a goal echoes its deadline).
    case date(Instant, text: String?)
    case identifier(RecordID)
    case integers(IntegerColumn)
    case strings([String])
    case records(Records)
    case fields(InputValues)
    /// A `words` object: each word met and the declared value it stands for.
    case words([String: String])
    /// A `rates` object: each code met and its number, in the order given.
    case rates(Rates)
}

/// The values of one object's fields, in the order of its specs.
struct InputValues {
    /// The specs the values were read against.
    let specs: [InputSpec]
    /// One value per spec.
    var slots: [InputValue]

    /// The records of every record field and the numbers of every number list, added up (what one
    /// evaluation of the KPI reads).
    var recordCount: Int {
        slots.reduce(0) { total, slot in
            switch slot {
            case .records(let records): total + records.count
            case .integers(let numbers): total + numbers.count
            default: total
            }
        }
    }
    /// Set when a series evaluates one period's bucket of records (``KPIDefinition/buckets(json:window:maxPeriods:)``):
    /// the end of that period (its first instant not included). A KPI whose records can be open at a moment
    /// (a ticket until it is resolved) reads its records as they stood then; `nil` for a request of its own.
    var asOf: Instant? = nil
    /// Set when a month-window series evaluates one month (``KPIDefinition/buckets(json:window:maxPeriods:)``): the
    /// MRR table already read from these values' rows or lines, shared by every month's point.
    var mrrTable: MRRTable? = nil
    /// The `timeZone` reading option's zone, set once the body is read: what a KPI measures calendar days in
    /// (``Instant/days(since:in:)``) and a series' periods follow; `nil` for UTC.
    var timeZone: TimeZoneRules? = nil

    init(specs: [InputSpec]) {
        self.specs = specs
        self.slots = Array(repeating: .absent, count: specs.count)
    }
}

/// An array of whole numbers held in the narrowest storage its spec's bounds allow: one byte an element
/// when the bounds fit in `Int8` (NPS scores), eight otherwise.
struct IntegerColumn {
    private var bytes: [Int8] = []
    private var words: [Int64] = []
    private let narrow: Bool

    /// An empty column for values within `minimum...maximum` (`nil`: unbounded).
    init(minimum: Double?, maximum: Double?) {
        narrow = (minimum ?? -.infinity) >= Double(Int8.min) && (maximum ?? .infinity) <= Double(Int8.max)
    }

    /// Appends `value`, which must lie within the bounds the column was made for.
    mutating func append(_ value: Int64) {
        if narrow { bytes.append(Int8(truncatingIfNeeded: value)) } else { words.append(value) }
    }

    /// Appends `values`, which must lie within the bounds the column was made for.
    mutating func append(contentsOf values: UnsafeBufferPointer<Int64>) {
        guard narrow else { return words.append(contentsOf: values) }
        let start = bytes.count
        bytes.append(contentsOf: repeatElement(0, count: values.count))
        bytes.withUnsafeMutableBufferPointer { bytes in
            for i in values.indices { bytes[start + i] = Int8(truncatingIfNeeded: values[i]) }
        }
    }

    /// How often each value from 0 to `limit − 1` occurs (values outside are not counted).
    func tally(below limit: Int) -> [Int] {
        var counts = [Int](repeating: 0, count: limit)
        counts.withUnsafeMutableBufferPointer { counts in
            forEach { value in
                if value >= 0, value < limit { counts[Int(value)] += 1 }
            }
        }
        return counts
    }

    /// Number of elements.
    var count: Int { narrow ? bytes.count : words.count }

    /// Calls `body` with each element in order.
    @inline(__always)
    func forEach(_ body: (Int64) -> Void) {
        if narrow {
            bytes.withUnsafeBufferPointer { for value in $0 { body(Int64(value)) } }
        } else {
            words.withUnsafeBufferPointer { for value in $0 { body(value) } }
        }
    }
}
