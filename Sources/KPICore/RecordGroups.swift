import JSON
import Reading

/// The groups a KPI's records fall into: one per distinct value of the `groupBy` field or column when it is
/// given, else of the KPI's default field (`rep`, `agent`). Each row's group is the index of its value among
/// the column's interned keys, so nothing is hashed again; a row with no value, or an empty one, is in none.
struct RecordGroups {
    /// Each group's key: its value's text.
    let keys: [String]
    /// The group of each stored row (`-1`: none).
    private let rows: [Int32]
    /// The index of the empty key, which is no group (a JSON `""`).
    private let empty: Int32

    /// The groups of the interned `column` (strings, choices, ids).
    init(keysOf column: Records.Column) {
        keys = column.keys.keys.map { key in
            switch key {
            case .string(let text): text
            case .integer(let value): String(value)
            }
        }
        rows = column.keyIndices
        empty = Int32(keys.firstIndex(of: "") ?? -1)
    }

    /// The groups of a number or count column: each value's text as a JSON number (`9`, `12.5`), interned once
    /// per row of the column (a pass over the column, not over the body).
    init(numbersOf column: Records.Column) {
        var index = KeyIndex(capacity: 16)
        var rows = [Int32](repeating: -1, count: column.states.count)
        for row in rows.indices where column.states[row] == .value {
            let text = column.storage == .integers
                ? String(column.integers[row]) : NumberFormat.string(column.numbers[row])
            rows[row] = Int32(truncatingIfNeeded: index.insert(.string(text)).index)
        }
        self.init(keys: index.keys.map { if case .string(let text) = $0 { text } else { "" } }, rows: rows)
    }

    private init(keys: [String], rows: [Int32]) {
        self.keys = keys
        self.rows = rows
        empty = -1
    }

    /// The number of distinct keys.
    var count: Int { keys.count }

    /// The group of the current row of `record`, or `nil` when it is in none.
    @inline(__always)
    func group(of record: RecordCursor) -> Int? {
        let key = rows[record.row]
        return key >= 0 && key != empty ? Int(key) : nil
    }

    /// `groups` in the order of their keys' Unicode code points.
    static func sorted(_ groups: [KPIResult.Group]) -> [KPIResult.Group] {
        groups.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }
}

extension InputReader {
    /// The groups of the body's `records`: by the `groupBy` option when given (a 422 issue at `/groupBy` when
    /// its column is in no record or holds more than ``GroupBy/groupLimit`` values), else by `field`, the KPI's
    /// default; `nil` without either, or with an issue.
    mutating func groups(of records: Records, default field: Field<String>?) -> RecordGroups? {
        guard let groupBy = records.groupBy else { return field.map { RecordGroups(keysOf: records.columns[$0.index]) } }
        let groups: RecordGroups
        let name: String
        switch groupBy {
        case .field(let index):
            let column = records.columns[index]
            name = records.specs[index].name
            switch column.storage {
            case .keys: groups = RecordGroups(keysOf: column)
            case .integers, .numbers: groups = RecordGroups(numbersOf: column)
            // Refused before computing (``ReadingFields``).
            case .instants, .others, .children: return nil
            }
        case .column(let column):
            name = column
            guard let cells = records.groupColumns.first, cells.states.contains(where: { $0 != .absent }) else {
                issue("/groupBy", ValueMet.detail(
                    "names no field of the records and no column that any record has: name a field ("
                        + NameList.quoted(records.specs.map(\.name)) + ") or a column of the input, as written in its header or members",
                    met: column))
                return nil
            }
            groups = RecordGroups(keysOf: cells)
        }
        guard groups.count <= GroupBy.groupLimit else {
            issue("/groupBy", "names \"\(name)\", which holds \(groups.count) distinct values; at most \(GroupBy.groupLimit) groups are given: group by a column with fewer values")
            return nil
        }
        return groups
    }

    /// The name of the `groupBy` column when it is no field: read beside the fields of each body record.
    var groupColumnName: String? {
        if case .column(let name)? = options?.groupBy { name } else { nil }
    }

    /// Sets up a table for the body's records before the first is read: each choice column's `values` words
    /// (looked up here once, not per cell), what `groupBy` names and, when it is a column that is no field,
    /// that column.
    func prepareBodyTable(_ table: inout Records) {
        table.groupBy = options?.groupBy
        if let words = options?.values, !words.isEmpty {
            for (field, spec) in table.specs.enumerated() { table.columns[field].words = words[spec.name] }
        }
        if groupColumnName != nil { table.groupColumns = [Records.Column(kind: .string)] }
    }

    /// Reads a JSON value of the `groupBy` column into `column`: its text for a string (empty: no group), a
    /// number (as written in JSON) or `true`/`false`; `null` is no group; an object or array is an issue.
    @inline(never)
    mutating func readGroupCell(_ cursor: inout JSONCursor, into column: inout Records.Column, at pointer: () -> String) throws(JSONParseError) {
        switch try cursor.kind() {
        case .string:
            try cursor.withStringBytes { bytes in
                bytes.isEmpty ? column.appendEmpty(.null) : column.append(key: column.keys.insert(utf8: bytes).index)
            }
        case .number:
            let number = try cursor.readNumber()
            let text = number.integer.map { String($0) } ?? NumberFormat.string(number.double)
            column.append(key: column.keys.insert(.string(text)).index)
        case .bool:
            column.append(key: column.keys.insert(.string(try cursor.readBool() ? "true" : "false")).index)
        case .null:
            try cursor.readNull()
            column.appendEmpty(.null)
        case .object, .array:
            try cursor.skipValue()
            issue(pointer(), "must be a string, a number or true or false: it is the groupBy column")
            column.appendEmpty(.invalid)
        }
    }

    /// Reads a CSV cell of the `groupBy` column into `column`: its text, or no group when empty.
    func readGroupCell(_ cell: UnsafeBufferPointer<UInt8>, into column: inout Records.Column) {
        cell.isEmpty ? column.appendEmpty(.null) : column.append(key: column.keys.insert(utf8: cell).index)
    }
}
