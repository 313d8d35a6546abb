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
/// - `timeZone`: the IANA zone of local date-times and dates alone (``TimeZoneRules``), also the calendar of a
///   series' periods, echoed as `breakdown.timeZone`.
///
/// They are resolved into ``ReadingOptions`` once, before the first record is read.
struct ReadingFields: Sendable {
    /// The slot of the record array among the body's specs.
    let records: Int
    /// The fields of each record.
    let recordFields: [InputSpec]
    let columns: Field<InputValues>
    let unknownFields: Field<String>
    let invalidRows: Field<String>
    let numberFormat: Field<String>
    let delimiter: Field<String>
    let dateFormat: Field<String>
    let timeZone: Field<String>
    /// `values`, declared when the records have a choice field.
    let values: Field<InputValues>?

    /// Declares the options after the fields already in `list`, for the record array `recordInput` at
    /// `records` among them.
    init(recordInput: InputSpec, at records: Int, fields: [InputSpec], list: inout FieldList) {
        self.records = records
        recordFields = fields
        columns = list.add(InputSpec(
            "columns", .object(fields.map { field in
                InputSpec(field.name, .string, .optional,
                          doc: "The column (CSV) or member (JSON, NDJSON) of each `\(recordInput.name)` record that holds `\(field.name)`.",
                          example: .string(Self.example(for: field.name)))
            }), .optional,
            doc: "Where each field of the `\(recordInput.name)` records is found, when the input names it otherwise: `{ \"createdAt\": \"Create Date\" }` (query: `columns.createdAt=Create%20Date`).",
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

    /// The options `values` give (their `columns` and `unknownFields`), before the records are read. Columns
    /// that would name one column twice are left unmapped here (``checkOptions(_:_:)`` reports them).
    func options(_ values: InputValues) -> ReadingOptions {
        var options = ReadingOptions(fields: recordFields.map(\.name))
        options.unknownFields = values[unknownFields].flatMap(UnknownFields.init(rawValue:))
        options.invalidRows = values[invalidRows].flatMap(InvalidRows.init(rawValue:)) ?? .reject
        options.numberFormat = values[numberFormat].flatMap(NumberLayout.init(rawValue:))
        if let delimiter = values[delimiter]?.utf8.first { options.delimiter = delimiter }
        options.dateFormat = values[dateFormat].flatMap(DateFormat.init)
        options.timeZone = zone(values)
        if let field = self.values, let words = values[field] {
            for (member, slot) in words.slots.enumerated() {
                if case .words(let map) = slot { options.values[words.specs[member].name] = map }
            }
        }
        let names = mappedNames(values)
        if Set(names).count == names.count { options.names = names }
        return options
    }

    /// The zone `values` name in `timeZone`, when it is one.
    func zone(_ values: InputValues) -> TimeZoneRules? {
        values[timeZone].flatMap(ZoneInfo.rules(named:))
    }

    /// Records an issue for each `columns` entry that names the same column as another field, and for a
    /// `dateFormat` or `timeZone` that is none.
    func checkOptions(_ values: InputValues, _ reader: inout InputReader) {
        if let name = values[timeZone], ZoneInfo.rules(named: name) == nil {
            reader.issue("/timeZone", ValueMet.detail(ZoneInfo.unknownDetail, met: name))
        }
        if let format = values[dateFormat], DateFormat(format) == nil {
            reader.issue("/dateFormat", ValueMet.detail(DateFormat.optionDetail, met: format))
        }
        let names = mappedNames(values)
        for (field, name) in names.enumerated() where name != recordFields[field].name {
            guard let other = names.indices.first(where: { $0 != field && names[$0] == name }) else { continue }
            reader.issue("/columns/" + JSONPointer.escape(recordFields[field].name),
                         "names \"\(name)\", which is also the column of \(recordFields[other].name): each field needs a column of its own")
        }
    }

    /// The name each record field is read from: its `columns` entry, or its own name.
    private func mappedNames(_ values: InputValues) -> [String] {
        var names = recordFields.map(\.name)
        guard let columns = values[columns] else { return names }
        for (field, slot) in columns.slots.enumerated() {
            if case .string(let column) = slot { names[field] = column }
        }
        return names
    }
}
