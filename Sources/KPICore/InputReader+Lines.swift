import JSON
import Reading

/// Record arrays sent as lines instead of one JSON document: NDJSON (one JSON object per line) and CSV
/// (RFC 4180, a header row naming the fields). Each record goes into the same columns, through the same
/// checks, with the same pointers (`/deals/17/createdAt`) as a JSON array element would.
extension InputReader {
    /// Reads NDJSON records into `table` with ``options``: one JSON object per line; blank lines are passed
    /// over. Returns the 1-based line of each record; `recordsPointer` is the records' pointer (`/deals`).
    /// - Throws: a ``JSONParseError`` whose offset is in the whole body and whose reason names the line.
    mutating func readNDJSON(
        _ body: UnsafeRawBufferPointer, into table: inout Records, recordsPointer: String
    ) throws(JSONParseError) -> [Int32] {
        let start = mark
        prepareBodyTable(&table)
        let names = fieldNames(of: table, body: true)
        let members = MemberTable(names + (groupColumnName.map { [$0] } ?? []))
        var seen: UInt64 = 0
        var lines: [Int32] = []
        table.reserve(forBytes: body.count)
        var cursor = JSONCursor(body)
        var line = 0
        try names.withUnsafeBufferPointer { names throws(JSONParseError) in
            while let next = cursor.nextLine(after: line) {
                line = next
                let index = lines.count
                lines.append(Int32(truncatingIfNeeded: line))
                let start = cursor.offset
                let before = mark
                do throws(JSONParseError) {
                    seen |= try readRecord(&cursor, into: &table, members: members, names: names, at: { recordsPointer + "/\(index)" })
                    try cursor.endLine(valueStart: start)
                } catch {
                    throw JSONParseError(offset: error.offset, reason: "line \(line): \(error.reason)")
                }
                settleBodyRecord(in: &table, since: before)
            }
        }
        if !lines.isEmpty {
            hintMissingColumns(table, names: names, seen: seen, before: start)
            table = settleBodyRecords(table, at: { recordsPointer })
        }
        return lines
    }

    /// The most header columns of a CSV body that are read: a KPI has at most 64 fields, so the columns past
    /// these are unknown anyway; they are counted (one issue) but not stored.
    static let maxCSVColumns = 1000

    /// Reads CSV records into `table`: the header row names the fields (in any order; a field may be left
    /// out unless it is required), then, after the header's other rows (``ReadingOptions/headerRows``), one
    /// record per row. An empty cell is an absent field (`null` for a
    /// field where `null` means something). Returns the 1-based line of each record and, for each field, its
    /// 1-based column (`nil` when the header does not name it).
    /// - Throws: a ``CSV/SyntaxError`` for text that is not RFC 4180 CSV or not UTF-8.
    mutating func readCSV(
        _ body: UnsafeRawBufferPointer, into table: inout Records, recordsPointer: String
    ) throws(CSV.SyntaxError) -> (lines: [Int32], columns: [Int?]) {
        let bytes = body.bindMemory(to: UInt8.self)
        if let line = Self.firstInvalidUTF8Line(bytes) { throw CSV.SyntaxError(line: line, reason: "the text is not UTF-8") }
        let separator = options?.delimiter ?? UInt8(ascii: ",")
        var csv = CSV(bytes, separator: separator)
        // Only the first `maxCSVColumns` header names are kept: an 8 MB header of empty names costs no string
        // or array entry per name past them.
        var header: [String] = []
        var columnCount = 0
        let headerLine = try csv.nextRecord { column, name in
            columnCount += 1
            if column < Self.maxCSVColumns { header.append(String(decoding: name, as: UTF8.self)) }
        }
        guard headerLine != nil else { return ([], Array(repeating: nil, count: table.specs.count)) }
        // A header of several rows (a preset's `headerRows`): the rows under the first are passed over, and
        // each record keeps the line it has in the file.
        for _ in 1..<max(1, options?.headerRows ?? 1) {
            guard try csv.nextRecord({ _, _ in }) != nil else { break }
        }
        // One column holding another separator: the file is most likely separated by it.
        if header.count == 1, let other = [UInt8(ascii: ";"), 0x09].first(where: { $0 != separator && header[0].utf8.contains($0) }) {
            let given = separator == 0x09 ? "a tab" : "\"\(Character(Unicode.Scalar(separator)))\""
            let suggested = other == 0x09 ? "%09 (a tab)" : ";"
            issue("/delimiter", "is \(given), and the header is one column holding \(other == 0x09 ? "tabs" : "\";\"") (\"\(header[0].prefix(40))\"): send delimiter=\(suggested) to read it")
        }
        // Which field each column fills (nil: an unknown column, reported or ignored once).
        prepareBodyTable(&table)
        let names = fieldNames(of: table, body: true)
        let ignoring = options?.ignoresUnknown(byDefault: .ignore) ?? true
        // The `groupBy` column when it is no field: its cells are kept as they are read.
        let groupName = groupColumnName
        var groupColumn = -1
        var fieldOfColumn: [Int?] = []
        var columnOfField: [Int?] = Array(repeating: nil, count: table.specs.count)
        var unknown = NameList(limit: NearestColumn.columnLimit)
        for (column, name) in header.enumerated() {
            let field = names.firstIndex(of: name)
            if let field, columnOfField[field] != nil {
                issue(recordsPointer, "column \(column + 1) repeats the column \"\(name)\"")
                fieldOfColumn.append(nil)
            } else if let field {
                columnOfField[field] = column + 1
                fieldOfColumn.append(field)
            } else if name == groupName, groupColumn < 0 {
                groupColumn = column
                fieldOfColumn.append(nil)
            } else {
                unknown.insert(name)
                if ignoring { ignoredNames.insert(name) }
                else { issue(recordsPointer, "column \(column + 1) (\"\(name)\") is not a known field") }
                fieldOfColumn.append(nil)
            }
            if let field, !Self.fitsInACell(table.specs[field].kind) {
                issue(recordsPointer, "column \"\(name)\" cannot be given in CSV (send NDJSON or JSON)")
            }
        }
        if columnCount > Self.maxCSVColumns {
            issue(recordsPointer, "has a header of \(columnCount) columns; at most \(Self.maxCSVColumns) are read (the KPI has \(table.specs.count) fields)")
        }
        for (field, spec) in table.specs.enumerated() where spec.presence == .required && columnOfField[field] == nil {
            issue("/columns/" + JSONPointer.escape(spec.name), Self.noColumnDetail(
                field: spec.name, column: names[field], found: header, more: columnCount - header.count,
                nearest: NearestColumn.to(spec.name, among: unknown.names)))
        }
        var lines: [Int32] = []
        table.reserve(forBytes: bytes.count)
        var filled = [Bool](repeating: false, count: table.specs.count)
        while true {
            let index = lines.count
            let before = mark
            var cells = 0
            for field in filled.indices { filled[field] = false }
            var grouped = false
            let line = try csv.nextRecord { column, cell in
                cells += 1
                if column == groupColumn {
                    grouped = true
                    return readGroupCell(cell, into: &table.groupColumns[0])
                }
                guard column < fieldOfColumn.count, let field = fieldOfColumn[column] else { return }
                filled[field] = true
                readCell(cell, spec: table.specs[field], into: &table.columns[field], at: {
                    recordsPointer + "/\(index)/" + JSONPointer.escape(names[field])
                })
            }
            guard let line else { break }
            lines.append(Int32(truncatingIfNeeded: line))
            if cells != columnCount {
                issue(recordsPointer + "/\(index)", "has \(cells) fields; the header has \(columnCount)")
            }
            for field in filled.indices where !filled[field] { table.columns[field].appendEmpty(.absent) }
            if !grouped { table.appendEmptyGroup(.absent) }
            settleBodyRecord(in: &table, since: before)
        }
        table = settleBodyRecords(table, at: { recordsPointer })
        return (lines, columnOfField)
    }

    /// Reads one CSV cell as a field of `spec` into `column`: one new slot, a value or a placeholder.
    private mutating func readCell(
        _ cell: UnsafeBufferPointer<UInt8>, spec: InputSpec, into column: inout Records.Column, at pointer: () -> String
    ) {
        guard !cell.isEmpty else {
            if spec.presence == .required { issue(pointer(), "is required") }
            return column.appendEmpty(spec.presence == .nullable ? .null : .absent)
        }
        switch spec.kind {
        case .count, .number:
            if let layout = numberLayout, layout != .plain {
                guard let value = number(text: cell, spec: spec, at: pointer) else { return column.appendEmpty(.invalid) }
                return spec.kind == .count ? column.append(Int64(value)) : column.append(value)
            }
            // A plain number cell is read as the JSON number it must be, with the same checks.
            var cursor = JSONCursor(UnsafeRawBufferPointer(cell))
            let detail = spec.kind == .count ? Self.countDetail : "must be a number"
            do throws(JSONParseError) {
                guard try cursor.kind() == .number else { throw JSONParseError(offset: 0, reason: "") }
                if spec.kind == .count {
                    guard let value = try count(&cursor, spec: spec, at: pointer) else { return column.appendEmpty(.invalid) }
                    try cursor.finish()
                    column.append(value)
                } else {
                    guard let value = try number(&cursor, spec: spec, at: pointer) else { return column.appendEmpty(.invalid) }
                    try cursor.finish()
                    column.append(value)
                }
            } catch {
                issue(pointer(), Self.numberDetail(detail, met: cell, layout: .plain))
                column.appendEmpty(.invalid)
            }
        case .date:
            if let format = dateFormat {
                switch Self.instant(cell, format: format, in: timeZone) {
                case .success(let instant): column.append(instant)
                case .failure(let problem): issue(pointer(), problem.detail); column.appendEmpty(.invalid)
                }
                return
            }
            switch DateParsing.parse(cell, in: timeZone) {
            case .success(let instant): column.append(instant)
            case .failure(let failure):
                issue(pointer(), ValueMet.detail(failure.detailNamingTimeZone, met: cell) + Self.readers(of: cell, other: .iso))
                column.appendEmpty(.invalid)
            }
        case .string, .identifier:
            column.append(key: column.keys.insert(utf8: cell).index)
        case .choice(let options):
            let text = String(decoding: cell, as: UTF8.self)
            if let words = column.words {
                guard let value = choice(text, options, words: words, field: spec.name, at: pointer) else { return column.appendEmpty(.invalid) }
                return column.append(key: column.keys.insert(.string(value)).index)
            }
            guard options.contains(text) else {
                issue(pointer(), ValueMet.detail(Self.choiceDetail(options), met: text))
                return column.appendEmpty(.invalid)
            }
            column.append(key: column.keys.insert(.string(text)).index)
        case .integers, .strings, .records, .object, .words, .rates:
            // Reported once for the column (see `fitsInACell`).
            column.appendEmpty(.invalid)
        }
    }

    /// Whether a field of `kind` can be written in one CSV cell.
    static func fitsInACell(_ kind: InputSpec.Kind) -> Bool {
        switch kind {
        case .integers, .strings, .records, .object, .words, .rates: false
        default: true
        }
    }

    /// The 1-based line of the first byte sequence that is not UTF-8, or `nil` when the text is UTF-8.
    private static func firstInvalidUTF8Line(_ bytes: UnsafeBufferPointer<UInt8>) -> Int? {
        guard bytes.contains(where: { $0 >= 0x80 }) else { return nil }
        var line = 1
        var iterator = bytes.makeIterator()
        var decoder = UTF8()
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar): if scalar == "\n" { line += 1 }
            case .emptyInput: return nil
            case .error: return line
            }
        }
    }
}
