import Reading

/// The elements of a record array (deals, tickets, reps), read straight from the body into one column per
/// field: dates as ``Instant``s, numbers as `Double`s, strings and ids as values, nested record arrays as a
/// table of their own. Columns are dense (one slot per row, a placeholder where a row has no value) and a
/// state byte per field and row says which slots hold values, so any row is read by its index.
struct Records {
    /// Whether a row has a value for a field.
    enum State: UInt8 {
        case absent, null, invalid, value
    }

    /// One field's values, one slot per row in the array that suits the field's kind.
    struct Column {
        var states: [State] = []
        var integers: [Int64] = []
        var numbers: [Double] = []
        /// Dates as their whole seconds and the nanoseconds past them, in two arrays (12 bytes a row, not 16), and
        /// whether each was a date alone.
        var seconds: [Int64] = []
        var nanoseconds: [Int32] = []
        /// Whether each date was written as a date alone (``Instant/isDateOnly``).
        var dateOnly: [Bool] = []
        /// Strings, choices and ids, interned per column: each row holds the index of its value in `keys`.
        var keys = KeyIndex(capacity: 8)
        var keyIndices: [Int32] = []
        /// For a choice field of the body's records: the input's words for its values (the `values` option),
        /// looked up once per column when reading starts, not per cell.
        var words: [String: String]?
        var others: [InputValue] = []
        /// The rows of a nested record array: row `r`'s are `childStarts[r] ..< childStarts[r] + integers[r]`.
        var children: Records?
        var childStarts: [Int] = []
        /// Which of the arrays above the field's kind fills.
        let storage: Storage

        enum Storage {
            case integers, numbers, instants, keys, others, children
        }

        init(kind: InputSpec.Kind) {
            switch kind {
            case .count: storage = .integers
            case .number: storage = .numbers
            case .string, .choice, .identifier: storage = .keys
            case .date: storage = .instants
            case .records(let fields):
                storage = .children
                children = Records(specs: fields)
            case .integers, .strings, .object, .words, .rates: storage = .others
            }
        }

        /// Makes room for about `rows` rows, so that a large array is not copied as it grows.
        mutating func reserve(_ rows: Int) {
            states.reserveCapacity(rows)
            switch storage {
            case .integers: integers.reserveCapacity(rows)
            case .numbers: numbers.reserveCapacity(rows)
            case .instants:
                seconds.reserveCapacity(rows)
                nanoseconds.reserveCapacity(rows)
                dateOnly.reserveCapacity(rows)
            case .keys: keyIndices.reserveCapacity(rows)
            case .others: others.reserveCapacity(rows)
            case .children:
                integers.reserveCapacity(rows)
                childStarts.reserveCapacity(rows)
            }
        }

        /// Appends a row without a value (`state` says why).
        mutating func appendEmpty(_ state: State) {
            states.append(state)
            switch storage {
            case .integers: integers.append(0)
            case .numbers: numbers.append(0)
            case .instants:
                seconds.append(0)
                nanoseconds.append(0)
                dateOnly.append(false)
            case .keys: keyIndices.append(-1)
            case .others: others.append(.absent)
            case .children:
                childStarts.append(children!.count)
                integers.append(0)
            }
        }

        mutating func append(_ value: Int64) {
            states.append(.value)
            integers.append(value)
        }

        mutating func append(_ value: Double) {
            states.append(.value)
            numbers.append(value)
        }

        /// Appends a row holding the key at `index` in ``keys``.
        mutating func append(key index: Int) {
            states.append(.value)
            keyIndices.append(Int32(truncatingIfNeeded: index))
        }

        mutating func append(_ value: Instant) {
            states.append(.value)
            seconds.append(value.seconds)
            nanoseconds.append(value.nanoseconds)
            dateOnly.append(value.isDateOnly)
        }


        mutating func append(other value: InputValue) {
            states.append(.value)
            others.append(value)
        }

        /// Removes the last row (and its nested rows).
        mutating func removeLast() {
            states.removeLast()
            switch storage {
            case .integers: integers.removeLast()
            case .numbers: numbers.removeLast()
            case .instants:
                seconds.removeLast()
                nanoseconds.removeLast()
                dateOnly.removeLast()
            case .keys: keyIndices.removeLast()
            case .others: others.removeLast()
            case .children:
                childStarts.removeLast()
                for _ in 0..<integers.removeLast() { children!.removeLast() }
            }
        }

        /// Appends a row whose nested records are the last `rows` rows of ``children``.
        mutating func appendChildren(_ rows: Int, valid: Bool) {
            states.append(valid ? .value : .invalid)
            childStarts.append(children!.count - rows)
            integers.append(Int64(rows))
        }
    }

    /// The fields of each record.
    let specs: [InputSpec]
    /// One column per spec.
    var columns: [Column]
    /// The cells of the `groupBy` column when it is no field (``GroupBy/column(_:)``), interned as they are
    /// read: one slot per row, empty (`null`) for an empty cell, absent where the record has none. At most one
    /// column (an array, as a column may hold a table).
    var groupColumns: [Column] = []
    /// What the `groupBy` option named when the body's records were read (a series' buckets keep it).
    var groupBy: GroupBy?
    /// The rows this table shows, by their index in the columns, when it shows only some (``selecting(_:)``).
    private var selection: [Int32]?
    /// Number of rows (the selected ones, when there is a selection).
    var count: Int { selection?.count ?? storedCount }
    /// Number of rows in the columns.
    var storedCount: Int { columns.first?.states.count ?? 0 }

    init(specs: [InputSpec]) {
        self.specs = specs
        columns = specs.map { Column(kind: $0.kind) }
    }

    /// The same records showing only `rows` (indices into the columns, in the order to walk them): a series
    /// buckets one table into periods this way, without copying a column. A cursor's `row` stays the
    /// record's index in the body, so pointers keep naming the record as sent.
    func selecting(_ rows: [Int32]) -> Records {
        var view = self
        view.selection = rows
        return view
    }

    /// The distinct values of `field` (a string, choice or id field), in order of first appearance: what
    /// ``RecordCursor/key(_:)`` indexes.
    func keys<Value>(_ field: Field<Value>) -> KeyIndex { columns[field.index].keys }

    /// Makes room for as many rows as `bytes` of text could hold (a row takes at least a few bytes per
    /// field), so that a large table is not copied as it grows: room that is never written to costs no memory.
    mutating func reserve(forBytes bytes: Int) {
        let rows = min(bytes / (2 + 6 * specs.count), 1 << 20)
        for field in columns.indices { columns[field].reserve(rows) }
        for column in groupColumns.indices { groupColumns[column].reserve(rows) }
    }

    /// Appends an empty slot to the `groupBy` column, if any, for a row with no cell there.
    mutating func appendEmptyGroup(_ state: State) {
        for column in groupColumns.indices { groupColumns[column].appendEmpty(state) }
    }

    /// Removes the last row.
    mutating func removeLast() {
        for field in columns.indices { columns[field].removeLast() }
        for column in groupColumns.indices { groupColumns[column].removeLast() }
    }

    /// A cursor before the first row.
    func makeCursor() -> RecordCursor {
        if let selection { return RecordCursor(self, selection: selection) }
        return RecordCursor(self, rows: 0..<storedCount)
    }
}

/// Walks rows of ``Records``: ``next()`` moves to the next row, and `row[field]` reads its fields.
struct RecordCursor {
    private let records: Records
    private let rows: Range<Int>
    /// The rows to walk instead of `rows`, when the table shows a selection.
    private let selection: [Int32]?
    private var position: Int
    /// The current row: its index in the columns (`-1` before the first ``next()``).
    private(set) var row = -1

    /// A cursor over the consecutive rows `rows`.
    init(_ records: Records, rows: Range<Int>) {
        self.records = records
        self.rows = rows
        selection = nil
        position = rows.lowerBound - 1
    }

    /// A cursor over the rows `selection`, in that order.
    init(_ records: Records, selection: [Int32]) {
        self.records = records
        rows = 0..<selection.count
        self.selection = selection
        position = -1
    }

    /// Moves to the next row; `false` past the last.
    @inline(__always)
    mutating func next() -> Bool {
        position += 1
        guard position < rows.upperBound else { return false }
        row = selection.map { Int($0[position]) } ?? position
        return true
    }

    /// The index of the current row's value of `field` (a string, choice or id) among the field's distinct
    /// values, ``Records/keys(_:)``; `nil` when the row has none.
    @inline(__always)
    func key<Value>(_ field: Field<Value>) -> Int? {
        let index = records.columns[field.index].keyIndices[row]
        return index >= 0 ? Int(index) : nil
    }

    /// The state of `field` in the current row.
    func state<Value>(_ field: Field<Value>) -> Records.State { records.columns[field.index].states[row] }

    /// The field's value in the current row, when present and valid.
    @inline(__always)
    subscript<Value: FieldValue>(_ field: Field<Value>) -> Value? {
        records.columns[field.index].states[row] == .value ? Value.value(in: records, field: field.index, row: row) : nil
    }

    /// The current row's nested records of `field`, and how many there are.
    func children(_ field: Field<Records>) -> RecordCursor {
        let start = records.columns[field.index].childStarts[row]
        return RecordCursor(records.columns[field.index].children!, rows: start..<start + Int(records.columns[field.index].integers[row]))
    }
}
