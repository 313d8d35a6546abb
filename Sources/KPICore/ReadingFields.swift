import JSON
import Reading

/// The reading options every KPI over one record array accepts beside its records, declared once here (not
/// per KPI): members of a JSON body, query parameters beside NDJSON and CSV (`columns.createdAt=Create%20Date`).
///
/// - `columns`: the column (CSV) or member (JSON, NDJSON) that holds each record field;
/// - `unknownFields`: `reject` (the default for JSON and NDJSON) or `ignore` (the default for CSV) the
///   names that are no field; ignored names are listed once in `warnings`;
/// - `invalidRows`: `reject` (the default) or `skip` the records with a problem, reported in `skipped`;
/// - `numberFormat`: `plain`, `en` or `de` (``NumberLayout``); `delimiter`: the CSV separator;
/// - `dateFormat`: `iso`, `unix`, `unixMillis` or a pattern (``DateFormat``), for every date field;
/// - `source`: a preset (``SourcePreset``) the options above merge into, key by key.
/// - `timeZone`: the IANA zone of local date-times and dates alone (``TimeZoneRules``), also the calendar of a
///   series' periods, echoed as `breakdown.timeZone`.
///
/// They are resolved into ``ReadingOptions`` once, before the first record is read. A KPI that takes one of
/// several record arrays (`mrr` rows or `invoices`) has one set of options for whichever is given: `columns`
/// holds the fields of all of them, each array reading its own.
struct ReadingFields: Sendable {
    /// The slots of the record arrays among the body's specs, in declared order.
    let arrays: [Int]
    /// The fields of each array's records.
    let arrayFields: [[InputSpec]]
    /// The name of each array (`mrr`, `invoices`).
    let arrayNames: [String]
    /// The fields of an entry of the records' nested list, read from their own columns in the long form of
    /// lines (``LongForm``), for a KPI with one record array; empty without one.
    let entryFields: [InputSpec]
    let columns: Field<InputValues>
    let unknownFields: Field<String>
    let invalidRows: Field<String>
    let numberFormat: Field<String>
    let delimiter: Field<String>
    let dateFormat: Field<String>
    let timeZone: Field<String>
    /// `values`, declared when the records have a choice field.
    let values: Field<InputValues>?
    /// `source`: the id of a ``SourcePreset``, read as text and checked here (so that an unknown id gets the
    /// nearest one), declared as the choice of ids.
    let source: Field<String>
    /// `recordsAt`: a JSON Pointer to the records inside a system's JSON payload (a query parameter beside it).
    let recordsAt: Field<String>
    /// The id of the KPI whose records these are (a preset must feed it).
    let kpi: String

    /// `groupBy`: the field or column whose values make the result's groups.
    let groupBy: Field<String>
    /// Why the KPI gives no groups by `groupBy` (a 422 that says so), when it gives none.
    let noGroupBy: String?

    /// Declares the options after the fields already in `list`, for the record arrays at `arrays` among them, of
    /// the KPI `kpi` (`noGroupBy`: why it gives no groups by `groupBy`, when it gives none).
    init(kpi: String, arrays: [Int], list: inout FieldList, noGroupBy: String? = nil) {
        self.kpi = kpi
        self.arrays = arrays
        let arrayFields = arrays.map { slot in
            guard case .records(let fields) = list.specs[slot].kind else { preconditionFailure("a record array") }
            return fields
        }
        self.arrayFields = arrayFields
        arrayNames = arrays.map { list.specs[$0].name }
        entryFields = arrays.count == 1
            ? LongForm(fields: arrayFields[0]).map { form in form.lineFields.indices.compactMap { line in
                if case .entry = form.origins[line] { form.lineFields[line] } else { nil }
            } } ?? []
            : []
        // Each field name once, in the order the arrays declare them (`customer` of `mrr` and of `invoices`).
        var fields: [InputSpec] = []
        for field in arrayFields.joined() where !fields.contains(where: { $0.name == field.name }) { fields.append(field) }
        let specs = list.specs
        let arrayNames = { (field: String) in
            arrays.indices.filter { arrayFields[$0].contains { $0.name == field } }
                .map { "`" + specs[arrays[$0]].name + "`" }.joined(separator: " or ")
        }
        let recordNames = arrays.map { "`" + specs[$0].name + "`" }.joined(separator: " or ")
        let recordInput = specs[arrays[0]]
        columns = list.add(InputSpec(
            "columns", .object(fields.map { field in
                InputSpec(field.name, .string, .optional,
                          doc: "The column (CSV) or member (JSON, NDJSON) of each \(arrayNames(field.name)) record that holds `\(field.name)`.",
                          example: .string(Self.example(for: field.name)))
            } + entryFields.map { field in
                InputSpec(field.name, .string, .optional,
                          doc: "In the long form (NDJSON, CSV: one line per entry), the column of each line that holds the entry's `\(field.name)`.",
                          example: .string(Self.example(for: field.name)))
            }), .optional,
            doc: "Where each field of the \(recordNames) records is found, when the input names it otherwise: `{ \"createdAt\": \"Create Date\" }` (query: `columns.createdAt=Create%20Date`).",
            example: .object([fields[0].name: .string(Self.example(for: fields[0].name))])))
        unknownFields = list.add(InputSpec(
            "unknownFields", .choice(UnknownFields.allCases.map(\.rawValue)), .optional,
            doc: "What a record member or CSV column that is no field does: `reject` (a problem; the default for JSON and NDJSON) or `ignore` (passed over and listed once in `warnings`; the default for CSV).",
            example: "ignore", schemaName: "UnknownFields"))
        invalidRows = list.add(InputSpec(
            "invalidRows", .choice(InvalidRows.allCases.map(\.rawValue)), .optional,
            doc: "What a record with a problem does: `reject` (the request is a 422; the default) or `skip` (it is left out, and the result's `skipped` counts each distinct problem with its first three records; no record left is a 422).",
            example: "skip", schemaName: "InvalidRows"))
        numberFormat = list.add(InputSpec(
            "numberFormat", .choice(NumberLayout.allCases.map(\.rawValue)), .optional,
            doc: "How numbers are written: `plain` (`1234.5`; the default), `en` (`1,234.50`, `$1,234.50`) or `de` (`1.234,50 €`); a currency symbol or ISO code beside the number is read. In JSON and NDJSON a number written as a string is read only when this is given.",
            example: "en", schemaName: "NumberFormat"))
        delimiter = list.add(InputSpec(
            "delimiter", .choice([",", ";", "\t"]), .optional,
            doc: "The CSV field separator: `,` (the default), `;` or a tab (query: `delimiter=%3B`, `delimiter=%09`).",
            example: ";", schemaName: "Delimiter"))
        dateFormat = list.add(InputSpec(
            "dateFormat", .string, .optional,
            doc: "How every date field of the records is written: `iso` (ISO 8601; the default), `unix` (seconds since 1970-01-01T00:00:00Z, a number or a string), `unixMillis` (milliseconds), or a pattern of `YYYY MM DD hh HH mm ss SSS A Z` and literal characters (`MM/DD/YYYY hh:mm:ss A`). A pattern with a time but without `Z` gives local date-times, read in `timeZone` (a 422 without it).",
            example: "unixMillis"))
        timeZone = list.add(InputSpec(
            "timeZone", .string, .optional,
            doc: "The IANA time zone (`America/New_York`, `Europe/Berlin`, `UTC`) of the records' date-times written without an offset and of their dates alone (a date is the midnight that starts it there), and of `asOf`; in `/series`, the calendar of the periods. A local time that occurs twice at a daylight-saving change is the earlier instant, one that does not occur moves forward by the gap (RFC 9557 \"compatible\"); durations are real elapsed time, and count calendar days in the zone when an end is a date alone. Without it, a date-time without an offset is a 422 and dates are UTC. Echoed as `breakdown.timeZone`.",
            example: "America/New_York"))
        let choices = fields.compactMap { field -> InputSpec? in
            guard case .choice(let options) = field.kind else { return nil }
            return InputSpec(field.name, .words(options), .optional,
                             doc: "The input's words for `\(field.name)`'s values: `{ \"Closed Won\": \"\(options[0])\" }` (query: `values.\(field.name).Closed%20Won=\(options[0])`).",
                             example: .object(["Closed Won": .string(options[0])]))
        }
        values = choices.isEmpty ? nil : list.add(InputSpec(
            "values", .object(choices), .optional,
            doc: "The input's words for the declared values of the `\(recordInput.name)` records' choice fields: a word is looked up here first, then among the field's values; any other is a problem of its record.",
            example: .object([choices[0].name: choices[0].example]),
            schemaName: "ValueWords" + recordInput.name.prefix(1).uppercased() + recordInput.name.dropFirst()
                + choices.map { $0.name.prefix(1).uppercased() + $0.name.dropFirst() }.joined()))
        let feeding = SourcePreset.all.filter { $0.kpis.contains(kpi) }.map(\.id)
        source = list.add(InputSpec(
            "source", .choice(SourcePreset.ids), .optional,
            doc: "A preset for one system's export or API payload (`GET /sources` lists each with its columns, words and layouts): the options above merge into it key by key, and with it names that are no field are ignored. "
                + (feeding.isEmpty ? "None feeds this KPI." : "For this KPI: " + feeding.map { "`\($0)`" }.joined(separator: ", ") + "."),
            example: .string(feeding.first ?? SourcePreset.ids[0]), schemaName: "Source"))
        recordsAt = list.add(InputSpec(
            "recordsAt", .string, .optional,
            doc: "A JSON Pointer (RFC 6901) to the `\(recordInput.name)` array inside a system's JSON payload posted as it came (`/results` for a HubSpot search response; `\"\"` for a payload that is the array), given as a query parameter beside it with the other inputs. In such a payload (and in NDJSON) a `columns` entry may be a JSON Pointer into each record (`columns.createdAt=/properties/createdate`).",
            example: "/results"))
        self.noGroupBy = noGroupBy
        groupBy = list.add(InputSpec(
            "groupBy", .string, .optional,
            doc: noGroupBy.map { "Not available on this KPI (a 422): " + $0 }
                ?? "A field of the `\(recordInput.name)` records, or any other column (CSV) or member (JSON, NDJSON) of them, whose values make `groups` instead of the default ones: one group per distinct value (its text is the key; an empty cell is in no group; at most \(GroupBy.groupLimit) groups). A field wins over a column of the same name; the column named is read, not an unknown name.",
            example: "pipeline"))
    }

    /// Where the records are inside a JSON payload: `recordsAt`, else the preset's, when either is given.
    func recordsPointer(_ values: InputValues) -> String? {
        values[recordsAt] ?? preset(values)?.recordsAt
    }

    /// An example column name for `field`: how a CRM export would title it.
    private static func example(for field: String) -> String {
        var words = ""
        for character in field {
            if character.isUppercase { words += " " }
            words.append(words.isEmpty ? Character(character.uppercased()) : character)
        }
        return words
    }

    /// The slot of the record array `values` hold (the first that is given), else the first declared.
    func records(in values: InputValues) -> Int {
        arrays.first { if case .absent = values.slots[$0] { false } else { true } } ?? arrays[0]
    }

    /// The options `values` give (their `columns` and `unknownFields`) for the record array at `slot`, before
    /// its records are read. Columns that would name one column twice are left unmapped here
    /// (``checkOptions(_:_:)`` reports them).
    func options(_ values: InputValues, records slot: Int) -> ReadingOptions {
        let recordFields = fields(of: slot)
        var options = ReadingOptions(fields: recordFields.map(\.name))
        let preset = preset(values)
        options.unknownFields = values[unknownFields].flatMap(UnknownFields.init(rawValue:)) ?? (preset == nil ? nil : .ignore)
        options.invalidRows = values[invalidRows].flatMap(InvalidRows.init(rawValue:)) ?? .reject
        options.numberFormat = (values[numberFormat] ?? preset?.numberFormat).flatMap(NumberLayout.init(rawValue:))
        if let delimiter = values[delimiter]?.utf8.first { options.delimiter = delimiter }
        options.dateFormat = (values[dateFormat] ?? preset?.dateFormat).flatMap(DateFormat.init)
        for (field, words) in preset?.values ?? [] {
            options.values[field] = Dictionary(words, uniquingKeysWith: { first, _ in first })
        }
        options.timeZone = zone(values)
        options.headerRows = preset?.headerRows ?? 1
        if let field = self.values, let words = values[field] {
            for (member, slot) in words.slots.enumerated() {
                if case .words(let map) = slot { options.values[words.specs[member].name, default: [:]].merge(map) { _, given in given } }
            }
        }
        let names = mappedNames(values, records: slot)
        if Set(names).count == names.count {
            options.names = Array(names.prefix(recordFields.count))
            options.entryNames = Array(names.dropFirst(recordFields.count))
        } else {
            options.entryNames = entryFields.map(\.name)
        }
        options.groupBy = groupByOption(values, recordFields: recordFields, names: Array(names.prefix(recordFields.count)))
        return options
    }

    /// The zone `values` name in `timeZone`, when it is one.
    func zone(_ values: InputValues) -> TimeZoneRules? {
        values[timeZone].flatMap(ZoneInfo.rules(named:))
    }

    /// The fields of the records of the array at `slot`.
    func fields(of slot: Int) -> [InputSpec] { arrayFields[arrays.firstIndex(of: slot) ?? 0] }

    /// What `groupBy` names among `recordFields` (read from `names`): a declared field (by its name or the
    /// column it is read from), else a raw column; `nil` when not given, empty, or not available on the KPI.
    private func groupByOption(_ values: InputValues, recordFields: [InputSpec], names: [String]) -> GroupBy? {
        guard noGroupBy == nil, let name = values[groupBy], !name.isEmpty else { return nil }
        if let field = recordFields.firstIndex(where: { $0.name == name }) ?? names.firstIndex(of: name) { return .field(field) }
        return .column(name)
    }

    /// Records an issue for a `groupBy` the KPI cannot group by: on a KPI without groups, empty, or naming a
    /// field of the records at `slot` whose values are no group (a date, a nested list).
    private func checkGroupBy(_ values: InputValues, records slot: Int, _ reader: inout InputReader) {
        let recordFields = fields(of: slot)
        guard let name = values[groupBy] else { return }
        if let noGroupBy {
            return reader.issue("/groupBy", "is not available on this KPI: " + noGroupBy)
        }
        guard !name.isEmpty else {
            return reader.issue("/groupBy", "is empty: name a field or a column of the records (\(NameList.quoted(recordFields.map(\.name), more: 0)), or another)")
        }
        let names = Array(mappedNames(values, records: slot).prefix(recordFields.count))
        guard case .field(let field)? = groupByOption(values, recordFields: recordFields, names: names) else { return }
        switch recordFields[field].kind {
        case .string, .choice, .identifier, .count, .number: return
        case .date:
            reader.issue("/groupBy", ValueMet.detail("names a date field, whose instants make no groups: to group by time, send the records to POST /series with a period; or name a field or column of text or numbers", met: name))
        case .integers, .strings, .records, .object, .words, .rates:
            reader.issue("/groupBy", ValueMet.detail("names a field of lists, which make no groups: name a field or column of text or numbers", met: name))
        }
    }

    /// Records an issue for a `source` that is no preset of this KPI, for each `columns` entry that names the
    /// same column as another field of the records at `slot`, and for a `dateFormat` or `timeZone` that is none.
    func checkOptions(_ values: InputValues, records slot: Int, _ reader: inout InputReader) {
        let recordFields = fields(of: slot)
        checkSource(values, &reader)
        checkGroupBy(values, records: slot, &reader)
        if let name = values[timeZone], ZoneInfo.rules(named: name) == nil {
            reader.issue("/timeZone", ValueMet.detail(ZoneInfo.unknownDetail, met: name))
        }
        if let format = values[dateFormat], DateFormat(format) == nil {
            reader.issue("/dateFormat", ValueMet.detail(DateFormat.optionDetail, met: format))
        }
        let fields = recordFields + entryFields
        let names = mappedNames(values, records: slot)
        for (field, name) in names.enumerated() where name != fields[field].name {
            guard let other = names.indices.first(where: { $0 != field && names[$0] == name }) else { continue }
            reader.issue("/columns/" + JSONPointer.escape(fields[field].name),
                         "names \"\(name)\", which is also the column of \(fields[other].name): each field needs a column of its own")
        }
    }

    /// The preset `source` names, when it is known and feeds this KPI.
    func preset(_ values: InputValues) -> SourcePreset? {
        values[source].flatMap(SourcePreset.named).flatMap { $0.kpis.contains(kpi) ? $0 : nil }
    }

    /// Sets each of the preset's ``SourcePreset/options`` (`amountUnit: cents`) that `values` do not give, when
    /// the records are at `slot`, the array the preset reads: an option given beside the preset wins.
    func presetOptions(into values: inout InputValues, records slot: Int) {
        guard let preset = preset(values), arrayNames[arrays.firstIndex(of: slot) ?? 0] == preset.records else { return }
        for (name, value) in preset.options {
            guard let slot = values.specs.firstIndex(where: { $0.name == name }), case .absent = values.slots[slot] else { continue }
            values.slots[slot] = .string(value)
        }
    }

    /// Records an issue for a `source` that is no preset (naming the nearest) or one that does not feed this KPI.
    private func checkSource(_ values: InputValues, _ reader: inout InputReader) {
        guard let id = values[source] else { return }
        guard let preset = SourcePreset.named(id) else {
            let known = NameList.quoted(SourcePreset.ids, more: 0)
            let nearest = SourcePreset.nearest(to: id).map { "; the nearest is \"\($0)\"" } ?? ""
            reader.issue("/source", ValueMet.detail("must be a preset GET /sources lists (" + known + ")", met: id) + nearest)
            return
        }
        guard !preset.kpis.contains(kpi) else { return }
        let feeding = SourcePreset.all.filter { $0.kpis.contains(kpi) }.map(\.id)
        reader.issue("/source", "is \"\(id)\", a preset for " + preset.kpis.map { "/" + $0 }.joined(separator: ", ")
            + ", not /\(kpi)" + (feeding.isEmpty ? "" : " (presets for /\(kpi): " + NameList.quoted(feeding, more: 0) + ")"))
    }

    /// The name each field of the records at `slot` (then each of ``entryFields``) is read from: its `columns`
    /// entry, else its preset's column (when the preset reads this array), else its own name.
    func mappedNames(_ values: InputValues, records slot: Int) -> [String] {
        let recordFields = fields(of: slot) + entryFields
        var names = recordFields.map(\.name)
        if let preset = preset(values), arrayNames[arrays.firstIndex(of: slot) ?? 0] == preset.records {
            for (field, spec) in recordFields.enumerated() {
                if let column = preset.column(of: spec.name) { names[field] = column }
            }
        }
        guard let columns = values[columns] else { return names }
        for (member, given) in columns.slots.enumerated() {
            guard case .string(let column) = given, let field = recordFields.firstIndex(where: { $0.name == columns.specs[member].name }) else { continue }
            names[field] = column
        }
        return names
    }
}
