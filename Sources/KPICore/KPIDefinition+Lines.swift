import JSON

/// How the records of a KPI can be sent besides a JSON body.
public enum RecordFormat: Sendable, CaseIterable {
    /// `application/x-ndjson`: one JSON object per line.
    case ndjson
    /// `text/csv`: RFC 4180, a header row naming the fields.
    case csv
}

extension KPIDefinition {
    /// The record arrays the KPI reads (`deals`; `mrr` or `invoices`): what an NDJSON or CSV body holds.
    public var recordInputs: [InputSpec] { inputs.filter { if case .records = $0.kind { true } else { false } } }

    /// The KPI's first record array (`deals`, `tickets`, `mrr`): the one its examples send as lines.
    public var recordInput: InputSpec? { recordInputs.first }

    /// The reading options of the KPI's records (`columns`, `unknownFields`; see ``ReadingFields``): members of a
    /// JSON body, query parameters beside NDJSON and CSV (`columns.createdAt=Create%20Date`); none without a
    /// record array.
    public var readingOptions: [InputSpec] { reading.map { Array(readSpecs[$0.columns.index...]) } ?? [] }

    /// The formats the KPI's records can be sent in besides JSON: NDJSON whenever it has a record array, CSV
    /// too when every field of every record array fits in one cell, or when the records have a long form
    /// (``LongForm``: one line per entry of their nested list, in NDJSON and CSV alike).
    public var recordFormats: [RecordFormat] {
        guard let reading else { return [] }
        return reading.arrayFields.joined().allSatisfy { InputReader.fitsInACell($0.kind) } || longForm != nil ? [.ndjson, .csv] : [.ndjson]
    }

    /// Evaluates a body of record lines: the records of one of ``recordInputs`` in `format` (of a KPI with
    /// several, the one whose fields the first line names most: see ``linesRecords(_:format:values:)``), the
    /// KPI's other inputs (and `target`) in `parameters` (URL query parameters: `stages=lead,won`,
    /// `target.value=30`). Every problem has the pointer it would have in the JSON body
    /// (`/deals/17/createdAt`) and a detail that names the line (NDJSON) or the line and column (CSV).
    /// - Throws: ``BodyError/malformedLines(_:)`` for lines that are not NDJSON or CSV,
    ///   ``BodyError/invalid(_:)`` otherwise.
    public func evaluate(
        records body: UnsafeRawBufferPointer, format: RecordFormat, parameters: [(name: String, value: String)]
    ) throws(BodyError) -> KPIResult {
        guard let reading else {
            throw .invalid(ValidationError(pointer: "", detail: "has no record array to send as lines; send a JSON body"))
        }
        var reader = InputReader()
        var values = readParameters(parameters, recordInputs: reading.arrays.map { inputs[$0].name }, reader: &reader)
        let slot = linesRecords(body, format: format, values: values)
        reading.presetOptions(into: &values, records: slot)
        let recordInput = inputs[slot]
        let fields = reading.fields(of: slot)
        let longForm = self.longForm
        reader.options = reading.options(values, records: slot)
        if let longForm, let options = reader.options {
            reader.options?.names = longForm.lineNames(options.names, entryNames: options.entryNames)
        }
        reading.checkOptions(values, records: slot, &reader)
        values.timeZone = reader.options?.timeZone
        reader.settleDates(&values)
        if values.has(reading.recordsAt) {
            reader.issue("/recordsAt", "is for a system's JSON payload (application/json); NDJSON and CSV bodies are the records themselves")
        }
        var table = Records(specs: longForm?.lineFields ?? fields)
        let pointer = "/" + JSONPointer.escape(recordInput.name)
        let lines: [Int32]
        var columns: [Int?] = []
        switch format {
        case .ndjson:
            do throws(JSONParseError) {
                lines = try reader.readNDJSON(body, into: &table, recordsPointer: pointer)
            } catch {
                throw .malformedLines("not NDJSON: \(error.reason)")
            }
        case .csv:
            do throws(CSV.SyntaxError) {
                (lines, columns) = try reader.readCSV(body, into: &table, recordsPointer: pointer)
            } catch {
                throw .malformedLines("not CSV: line \(error.line): \(error.reason)")
            }
        }
        let names = reader.fieldNames(of: table, body: true)
        var recordRows: [[Int32]] = []
        if reader.hasEnoughItems(lines.count, spec: recordInput, at: { pointer }) {
            if let longForm {
                let built = longForm.records(from: table, names: names, at: pointer, &reader)
                // Problems of lines are given as they are; the KPI's own, about records, are turned back to lines.
                guard reader.isClean else { throw .invalid(Self.placing(reader.error, under: pointer, lines: lines, fields: names, columns: columns)) }
                values.slots[slot] = .records(built.records)
                recordRows = built.rows
            } else {
                values.slots[slot] = .records(table)
            }
        }
        do throws(ValidationError) {
            return try evaluate(values, &reader)
        } catch {
            let error = longForm?.linePointers(error, rows: recordRows, under: pointer) ?? error
            throw .invalid(Self.placing(error, under: pointer, lines: lines, fields: names, columns: columns))
        }
    }

    /// The record array a lines body holds, of a KPI with several (`mrr` rows or `invoices`): the one the
    /// `source` preset reads (its ``SourcePreset/records``), else the one with the most fields named (by
    /// `columns`, or by their own names) in the first line, the CSV header or the first NDJSON object's
    /// members; a tie goes to the one declared first.
    private func linesRecords(_ body: UnsafeRawBufferPointer, format: RecordFormat, values: InputValues) -> Int {
        guard let reading, reading.arrays.count > 1 else { return reading?.arrays.first ?? 0 }
        if let preset = reading.preset(values), let slot = reading.arrays.first(where: { inputs[$0].name == preset.records }) {
            return slot
        }
        let names = Set(Self.firstLineNames(body, format: format, separator: reading.options(values, records: reading.arrays[0]).delimiter))
        var best = (slot: reading.arrays[0], named: -1)
        for slot in reading.arrays {
            let named = reading.mappedNames(values, records: slot).count(where: names.contains)
            if named > best.named { best = (slot, named) }
        }
        return best.slot
    }

    /// The names the first line of a lines body gives: its CSV header's columns, or its first JSON object's
    /// members (at most ``InputReader/maxCSVColumns``); none when the line cannot be read (the reader then says why).
    private static func firstLineNames(_ body: UnsafeRawBufferPointer, format: RecordFormat, separator: UInt8) -> [String] {
        var names: [String] = []
        switch format {
        case .csv:
            var csv = CSV(body.bindMemory(to: UInt8.self), separator: separator)
            _ = try? csv.nextRecord { column, name in
                if column < InputReader.maxCSVColumns { names.append(String(decoding: name, as: UTF8.self)) }
            }
        case .ndjson:
            var cursor = JSONCursor(body)
            guard cursor.nextLine(after: 0) != nil else { return [] }
            do throws(JSONParseError) {
                guard try cursor.kind() == .object else { return [] }
                var scope = try cursor.beginObject()
                while names.count < InputReader.maxCSVColumns, let name = try cursor.nextMember(of: &scope) {
                    names.append(name)
                    try cursor.skipValue()
                }
            } catch {
                return names
            }
        }
        return names
    }

    /// Whether query parameters beside a JSON body make it a system's payload: they give `recordsAt`, or a
    /// `source` preset of this KPI for an API payload.
    public func readsPayload(_ parameters: [(name: String, value: String)]) -> Bool {
        guard reading != nil else { return false }
        return parameters.contains { $0.name == "recordsAt" }
            || parameters.contains { $0.name == "source" && SourcePreset.named($0.value).map { $0.recordsAt != nil && $0.kpis.contains(id) } == true }
    }

    /// Evaluates a system's JSON payload posted as it came (a HubSpot search response): the records are the
    /// array at the `recordsAt` pointer (given, or the `source` preset's), read with the reading options; the
    /// KPI's other inputs and the options come in `parameters`, as beside record lines; the rest of the
    /// payload is passed over.
    /// - Throws: ``BodyError/malformed(_:)`` when the text is not JSON, ``BodyError/invalid(_:)`` otherwise.
    public func evaluate(payload body: UnsafeRawBufferPointer, parameters: [(name: String, value: String)]) throws(BodyError) -> KPIResult {
        guard let recordInput, let reading, case .records = recordInput.kind,
            let slot = readSpecs.firstIndex(where: { $0.name == recordInput.name })
        else {
            throw .invalid(ValidationError(pointer: "/recordsAt", detail: "is for a KPI over records: this one reads a JSON body of its own form"))
        }
        var reader = InputReader()
        var values = readParameters(parameters, recordInputs: reading.arrays.map { inputs[$0].name }, reader: &reader)
        reading.presetOptions(into: &values, records: slot)
        reader.options = reading.options(values, records: slot)
        reading.checkOptions(values, records: slot, &reader)
        values.timeZone = reader.options?.timeZone
        reader.settleDates(&values)
        let at = reading.recordsPointer(values) ?? ""
        guard let tokens = JSONPointer.tokens(at) else {
            reader.issue("/recordsAt", "must be a JSON Pointer (RFC 6901): empty or starting with /, a ~ written ~0 and a / inside a name ~1; met \"\(at.prefix(80))\"")
            throw .invalid(reader.error)
        }
        var table = Records(specs: reading.fields(of: slot))
        let pointer = "/" + JSONPointer.escape(recordInput.name)
        do throws(JSONParseError) {
            switch try reader.readPayload(body, at: tokens, spec: recordInput, into: &table, recordsPointer: pointer) {
            case true?: values.slots[slot] = .records(table)
            case false?: break
            case nil: reader.issue("/recordsAt", "is \"\(at)\", which names no value in the body: point it at the array of \(recordInput.name)")
            }
        } catch {
            throw .malformed(error)
        }
        do throws(ValidationError) {
            return try evaluate(values, &reader)
        } catch {
            throw .invalid(error)
        }
    }

    /// The KPI's inputs other than the records, from query parameters, read as the JSON object they stand for.
    private func readParameters(
        _ parameters: [(name: String, value: String)], recordInputs: [String], reader: inout InputReader
    ) -> InputValues {
        var object = JSONObject()
        var seen: Set<String> = []
        for (name, value) in parameters {
            // Empty parts are kept: `""` and `a.` name fields too (unknown ones), never an empty path.
            let path = name.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard seen.insert(name).inserted else {
                reader.issue("/" + path.map(JSONPointer.escape).joined(separator: "/"), "is given more than once")
                continue
            }
            if let records = path.first, recordInputs.contains(records) {
                reader.issue("/" + JSONPointer.escape(records), "is the body: send the records as lines, not as a parameter")
                continue
            }
            let spec = readSpecs.first { $0.name == path[0] }
            if path.count == 2, spec?.kind == .rates {
                // `fxRates.<code>`: one member per parameter.
                var nested = object[path[0]]?.objectValue ?? JSONObject()
                nested[path[1]] = Self.jsonValue(value, for: .number)
                object[path[0]] = .object(nested)
            } else if path.count == 2, case .object(let members)? = spec?.kind {
                var nested = object[path[0]]?.objectValue ?? JSONObject()
                // `values.<field>.<word>`: split at the second dot too (the word may hold dots).
                let inner = path[1].split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
                if inner.count == 2, case .words? = members.first(where: { $0.name == inner[0] })?.kind {
                    var words = nested[inner[0]]?.objectValue ?? JSONObject()
                    words[inner[1]] = .string(value)
                    nested[inner[0]] = .object(words)
                } else {
                    nested[path[1]] = Self.jsonValue(value, for: members.first { $0.name == path[1] }?.kind)
                }
                object[path[0]] = .object(nested)
            } else {
                object[name] = Self.jsonValue(value, for: spec?.kind)
            }
        }
        // The records come as the body: here they are not required.
        let specs = readSpecs.map { spec in
            var spec = spec
            if recordInputs.contains(spec.name) { spec.presence = .optional }
            // `source` is read as text: ``ReadingFields`` checks it, naming the nearest preset.
            if let reading, spec.name == readSpecs[reading.source.index].name { spec.kind = .string }
            return spec
        }
        let text = JSONValue.object(object).serialized()
        let read = text.withUnsafeBytes { bytes in
            Result { () throws(JSONParseError) -> InputValues in
                var cursor = JSONCursor(bytes)
                return try reader.read(&cursor, specs: specs, localDates: reading != nil) { "" }
            }
        }
        // The text was written here from values, so it is always JSON.
        return (try? read.get()) ?? InputValues(specs: readSpecs)
    }

    /// A parameter's text as the JSON value a field of `kind` takes: a number where it reads as one, an array
    /// for a comma-separated list, a string otherwise (so that a wrong type gets the usual problem).
    private static func jsonValue(_ text: String, for kind: InputSpec.Kind?) -> JSONValue {
        switch kind {
        case .count?, .number?:
            let parsed = try? JSONReader.parse(Array(text.utf8))
            if case .number? = parsed { return parsed! }
            return .string(text)
        case .strings?:
            return .array(JSONArray(text.split(separator: ",", omittingEmptySubsequences: false).map { .string(String($0)) }))
        default:
            return .string(text)
        }
    }

    /// `error` with every issue about record `i` naming its line (and, for CSV, the field's column).
    private static func placing(
        _ error: ValidationError, under pointer: String, lines: [Int32], fields: [String], columns: [Int?]
    ) -> ValidationError {
        ValidationError(issues: error.issues.map { issue in
            guard issue.pointer.hasPrefix(pointer + "/") else { return issue }
            let tokens = issue.pointer.dropFirst(pointer.count + 1).split(separator: "/", maxSplits: 1)
            guard let first = tokens.first, let index = Int(first), index < lines.count else { return issue }
            var place = "line \(lines[index])"
            if tokens.count == 2, let field = fields.firstIndex(where: { JSONPointer.escape($0) == tokens[1] }),
                field < columns.count, let column = columns[field]
            {
                place += ", column \(column)"
            }
            return .init(pointer: issue.pointer, detail: issue.detail + " (\(place))")
        })
    }
}
