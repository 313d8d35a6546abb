import JSON
import Reading

/// The long form of records that each hold a nested list (a deal's stage `history`), for bodies of lines
/// (NDJSON, CSV): one line per entry of the list, carrying the record's own fields beside the entry's
/// (`id`, `stage`, `enteredAt`, `outcome`). Lines sharing an id are one record, its entries in line order; a
/// record field that two of its lines give differently is a problem of the later line.
struct LongForm {
    /// Where a line field comes from.
    enum Origin {
        /// The record field at this index.
        case record(Int)
        /// The entry field at this index.
        case entry(Int)
    }

    /// The record's fields.
    let fields: [InputSpec]
    /// The index of the nested list among ``fields``.
    let nested: Int
    /// The index of the record's id among ``fields``.
    let id: Int
    /// The fields of a line: the record's own, with the entry's in the nested list's place.
    let lineFields: [InputSpec]
    /// Where each of ``lineFields`` comes from.
    let origins: [Origin]

    /// The long form of records of `fields`: when exactly one field is a nested list, its entries' fields and
    /// the record's others each fit in a cell, and the record has an id; `nil` otherwise.
    init?(fields: [InputSpec]) {
        let lists = fields.indices.filter { if case .records = fields[$0].kind { true } else { false } }
        guard lists.count == 1, case .records(let entryFields) = fields[lists[0]].kind,
            let id = fields.firstIndex(where: { $0.kind == .identifier }),
            entryFields.allSatisfy({ InputReader.fitsInACell($0.kind) }),
            fields.indices.allSatisfy({ $0 == lists[0] || InputReader.fitsInACell(fields[$0].kind) })
        else { return nil }
        self.fields = fields
        nested = lists[0]
        self.id = id
        var lineFields: [InputSpec] = []
        var origins: [Origin] = []
        for (index, field) in fields.enumerated() {
            if index == nested {
                lineFields += entryFields
                origins += entryFields.indices.map(Origin.entry)
            } else {
                lineFields.append(field)
                origins.append(.record(index))
            }
        }
        self.lineFields = lineFields
        self.origins = origins
    }

    /// The names the line fields are read from (their `columns` entries): a record field's from `names`, an
    /// entry field's from `entryNames` (its own name when not given).
    func lineNames(_ names: [String], entryNames: [String]) -> [String] {
        origins.indices.map { line in
            switch origins[line] {
            case .record(let field): names[field]
            case .entry(let field): field < entryNames.count ? entryNames[field] : lineFields[line].name
            }
        }
    }

    /// The records the `lines` make, in the order their ids are first met (a line without an id, already a
    /// problem, makes none), and for each record the rows of its lines. A record field other than the id
    /// given differently by two lines of one record is an issue at the later line (`pointer/row/field`).
    func records(from lines: Records, names: [String], at pointer: String, _ reader: inout InputReader) -> (records: Records, rows: [[Int32]]) {
        var table = Records(specs: fields)
        // The columns share the lines' interned keys, so a key moves as its index.
        for (line, origin) in origins.enumerated() {
            switch origin {
            case .record(let field): table.columns[field].keys = lines.columns[line].keys
            case .entry(let field): table.columns[nested].children!.columns[field].keys = lines.columns[line].keys
            }
        }
        let idLine = origins.firstIndex { if case .record(id) = $0 { true } else { false } }!
        let ids = lines.columns[idLine]
        var recordOfKey = [Int32](repeating: -1, count: ids.keys.count)
        var rows: [[Int32]] = []
        var line = lines.makeCursor()
        while line.next() {
            let key = ids.keyIndices[line.row]
            guard key >= 0 else { continue }
            if recordOfKey[Int(key)] < 0 {
                recordOfKey[Int(key)] = Int32(rows.count)
                rows.append([Int32(line.row)])
            } else {
                rows[Int(recordOfKey[Int(key)])].append(Int32(line.row))
            }
        }
        for recordRows in rows {
            for (index, origin) in origins.enumerated() {
                guard case .record(let field) = origin else { continue }
                let column = lines.columns[index]
                // The first line that gives the field; another line that gives it otherwise is a problem.
                var given = Int(recordRows[0])
                for row in recordRows.lazy.map({ Int($0) }) where column.states[row] == .value {
                    if column.states[given] != .value {
                        given = row
                    } else if !column.holdsSameValue(at: given, and: row) {
                        reader.issue(pointer + "/\(row)/" + JSONPointer.escape(names[index]), ValueMet.detail(
                            "differs from \(pointer)/\(given)/\(JSONPointer.escape(names[index])) (\(column.text(at: given))) of the same \(fields[id].name) \(ids.keys[Int(ids.keyIndices[row])].quoted): lines sharing an \(fields[id].name) are one record, with one \(fields[field].name)",
                            met: column.text(at: row)))
                    }
                }
                table.columns[field].appendSlot(of: column, row: given)
            }
            for row in recordRows.lazy.map({ Int($0) }) {
                for (index, origin) in origins.enumerated() {
                    guard case .entry(let field) = origin else { continue }
                    table.columns[nested].children!.columns[field].appendSlot(of: lines.columns[index], row: row)
                }
            }
            table.columns[nested].appendChildren(recordRows.count, valid: true)
        }
        return (table, rows)
    }

    /// `error` with each pointer into the records (`/deals/3/history/1/stage`, `/deals/3/outcome`) turned into
    /// the pointer to its line (`/deals/7/stage`, `/deals/5/outcome`), `rows` being each record's lines.
    func linePointers(_ error: ValidationError, rows: [[Int32]], under pointer: String) -> ValidationError {
        let list = "/" + JSONPointer.escape(fields[nested].name)
        var mapped = error
        mapped.issues = error.issues.map { issue in
            guard issue.pointer.hasPrefix(pointer + "/") else { return issue }
            let tokens = issue.pointer.dropFirst(pointer.count + 1).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
            guard let record = Int(tokens[0]), record >= 0, record < rows.count else { return issue }
            var rest = tokens.count == 2 ? "/" + tokens[1] : ""
            var row = rows[record][0]
            if rest.hasPrefix(list + "/") {
                let entry = rest.dropFirst(list.count + 1).split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
                if let j = Int(entry[0]), j >= 0, j < rows[record].count {
                    row = rows[record][j]
                    rest = entry.count == 2 ? "/" + entry[1] : ""
                }
            } else if rest == list {
                rest = ""
            }
            return .init(pointer: pointer + "/\(row)" + rest, detail: issue.detail)
        }
        return mapped
    }
}

extension Records.Column {
    /// Appends row `row` of `source`, a column of the same kind whose ``keys`` this column shares.
    mutating func appendSlot(of source: Records.Column, row: Int) {
        states.append(source.states[row])
        switch storage {
        case .integers: integers.append(source.integers[row])
        case .numbers: numbers.append(source.numbers[row])
        case .instants:
            seconds.append(source.seconds[row])
            nanoseconds.append(source.nanoseconds[row])
            dateOnly.append(source.dateOnly[row])
        case .keys: keyIndices.append(source.keyIndices[row])
        case .others: others.append(source.others[row])
        case .children: preconditionFailure("a nested list is not one cell")
        }
    }

    /// Whether rows `a` and `b` (both holding a value) hold the same value.
    func holdsSameValue(at a: Int, and b: Int) -> Bool {
        switch storage {
        case .integers: integers[a] == integers[b]
        case .numbers: numbers[a] == numbers[b]
        case .instants: seconds[a] == seconds[b] && nanoseconds[a] == nanoseconds[b]
        case .keys: keyIndices[a] == keyIndices[b]
        case .others, .children: true
        }
    }

    /// The value at `row` as text, to quote in a problem.
    func text(at row: Int) -> String {
        switch storage {
        case .integers: String(integers[row])
        case .numbers: NumberFormat.string(numbers[row])
        case .keys: if case .string(let text) = keys[Int(keyIndices[row])] { text } else { keys[Int(keyIndices[row])].quoted }
        case .instants: "\(seconds[row]) s"
        case .others, .children: ""
        }
    }
}

extension KPIDefinition {
    /// The long form of the KPI's records, when they hold a nested list (a deal's stage history).
    var longForm: LongForm? {
        guard let recordInput, case .records(let fields) = recordInput.kind else { return nil }
        return LongForm(fields: fields)
    }

    /// Whether the KPI's records, holding a nested list, come as lines in the long form (one line per entry).
    public var hasLongForm: Bool { longForm != nil }

    /// The fields of one line of an NDJSON or CSV body: a record's, or, for records holding a nested list, one
    /// entry's with its record's own (the long form: one line per stage entry).
    public var lineFields: [InputSpec] {
        if let longForm { return longForm.lineFields }
        guard let recordInput, case .records(let fields) = recordInput.kind else { return [] }
        return fields
    }

    /// The JSON form's `records` as the objects of a line body: as they are, or one per nested entry with
    /// its record's own fields (the long form).
    public func lineRecords(_ records: [JSONValue]) -> [JSONValue] {
        guard let longForm else { return records }
        let list = longForm.fields[longForm.nested].name
        return records.flatMap { record -> [JSONValue] in
            guard case .object(let members) = record, let entries = members[list]?.arrayValue else { return [record] }
            return entries.map { entry in
                var line = JSONObject()
                for field in longForm.lineFields {
                    if let value = members[field.name] ?? entry[field.name], field.name != list { line[field.name] = value }
                }
                return .object(line)
            }
        }
    }
}
