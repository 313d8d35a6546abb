/// The elements of a record array (deals, tickets, reps), read straight from the body into one column per
/// field: dates as ``Instant``s, numbers as `Double`s, strings and ids as values, nested record arrays as a
/// table of their own. A row costs one state byte per field plus its present values; nothing is built per
/// record, and an absent field costs its state byte only.
struct Records {
    /// Whether a row has a value for a field.
    enum State: UInt8 {
        case absent, null, invalid, value
    }

    /// One field's values, in row order; only rows whose state is ``State/value`` hold a value, in the one
    /// array that suits the field's kind.
    struct Column {
        var states: [State] = []
        var integers: [Int64] = []
        var numbers: [Double] = []
        var strings: [String] = []
        var instants: [Instant] = []
        var identifiers: [RecordID] = []
        var others: [InputValue] = []
        /// The rows of a nested record array; `integers` holds each row's number of them.
        var children: Records?
    }

    /// The fields of each record.
    let specs: [InputSpec]
    /// One column per spec.
    var columns: [Column]
    /// Number of rows.
    private(set) var count = 0

    init(specs: [InputSpec]) {
        self.specs = specs
        columns = specs.map { spec in
            var column = Column()
            if case .records(let fields) = spec.kind { column.children = Records(specs: fields) }
            return column
        }
    }

    /// Appends one row from a record's values, moving them out and leaving every slot `.absent` for the next
    /// record (nested record arrays were appended to `children` already, and their slot holds `.count(rows)`).
    mutating func append(_ values: inout InputValues) {
        values.slots.withUnsafeMutableBufferPointer { slots in
            for field in columns.indices {
                Self.store((slots.baseAddress! + field).move(), in: &columns[field])
                (slots.baseAddress! + field).initialize(to: .absent)
            }
        }
        count += 1
    }

    private static func store(_ value: consuming InputValue, in column: inout Column) {
        switch value {
        case .absent: column.states.append(.absent); return
        case .null: column.states.append(.null); return
        case .invalid: column.states.append(.invalid); return
        case .count(let v): column.integers.append(v)
        case .number(let v): column.numbers.append(v)
        case .string(let v): column.strings.append(v)
        case .date(let v, _): column.instants.append(v)
        case .identifier(let v): column.identifiers.append(v)
        default: column.others.append(value)
        }
        column.states.append(.value)
    }

    /// A cursor before the first row.
    func makeCursor() -> RecordCursor { RecordCursor(self) }
}

/// Walks ``Records`` row by row; ``next()`` moves to the next row, and the accessors read its fields by index.
struct RecordCursor {
    private let records: Records
    /// The current row (−1 before the first ``next()``).
    private(set) var row = -1
    private var positions: [Int]

    init(_ records: Records) {
        self.records = records
        positions = Array(repeating: 0, count: records.columns.count)
    }

    /// Moves to the next row; `false` past the last.
    mutating func next() -> Bool {
        if row >= 0 {
            for field in positions.indices where records.columns[field].states[row] == .value { positions[field] += 1 }
        }
        row += 1
        return row < records.count
    }

    /// The state of field `field` in the current row.
    func state(_ field: Int) -> Records.State { records.columns[field].states[row] }

    private func position(_ field: Int) -> Int? { state(field) == .value ? positions[field] : nil }

    /// The field as a date, when present and valid.
    func date(_ field: Int) -> Instant? { position(field).map { records.columns[field].instants[$0] } }
    /// The field as a number, when present and valid.
    func number(_ field: Int) -> Double? { position(field).map { records.columns[field].numbers[$0] } }
    /// The field as a count (or, for a nested record array, its number of rows), when present and valid.
    func integer(_ field: Int) -> Int64? { position(field).map { records.columns[field].integers[$0] } }
    /// The field as a string or choice, when present and valid.
    func string(_ field: Int) -> String? { position(field).map { records.columns[field].strings[$0] } }
    /// The field as a record id, when present and valid.
    func identifier(_ field: Int) -> RecordID? { position(field).map { records.columns[field].identifiers[$0] } }
    /// The nested records of field `field` (all rows' together; the current row owns ``integer(_:)`` of them).
    func children(_ field: Int) -> Records? { records.columns[field].children }
}
