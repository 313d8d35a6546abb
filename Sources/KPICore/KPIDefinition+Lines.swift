import JSON

/// How the records of a KPI can be sent besides a JSON body.
public enum RecordFormat: Sendable, CaseIterable {
    /// `application/x-ndjson`: one JSON object per line.
    case ndjson
    /// `text/csv`: RFC 4180, a header row naming the fields.
    case csv
}

extension KPIDefinition {
    /// The record array the KPI reads (`deals`, `tickets`, …), when it has exactly one: what an NDJSON or CSV
    /// body holds.
    public var recordInput: InputSpec? {
        let records = inputs.filter { if case .records = $0.kind { true } else { false } }
        return records.count == 1 ? records[0] : nil
    }

    /// The reading options of the KPI's records (`columns`, `unknownFields`; see ``ReadingFields``): members of a
    /// JSON body, query parameters beside NDJSON and CSV (`columns.createdAt=Create%20Date`); none without a
    /// record array.
    public var readingOptions: [InputSpec] { reading.map { Array(readSpecs[$0.columns.index...]) } ?? [] }

    /// The formats the KPI's records can be sent in besides JSON: NDJSON whenever it has a record array, CSV
    /// too when every field of a record fits in one cell.
    public var recordFormats: [RecordFormat] {
        guard let recordInput, case .records(let fields) = recordInput.kind else { return [] }
        return fields.allSatisfy { InputReader.fitsInACell($0.kind) } ? [.ndjson, .csv] : [.ndjson]
    }

    /// Evaluates a body of record lines: the records of ``recordInput`` in `format`, the KPI's other inputs
    /// (and `target`) in `parameters` (URL query parameters: `stages=lead,won`, `target.value=30`). Every
    /// problem has the pointer it would have in the JSON body (`/deals/17/createdAt`) and a detail that names
    /// the line (NDJSON) or the line and column (CSV).
    /// - Throws: ``BodyError/malformedLines(_:)`` for lines that are not NDJSON or CSV,
    ///   ``BodyError/invalid(_:)`` otherwise.
    public func evaluate(
        records body: UnsafeRawBufferPointer, format: RecordFormat, parameters: [(name: String, value: String)]
    ) throws(BodyError) -> KPIResult {
        guard let recordInput, case .records(let fields) = recordInput.kind,
            let slot = readSpecs.firstIndex(where: { $0.name == recordInput.name })
        else {
            throw .invalid(ValidationError(pointer: "", detail: "has no record array to send as lines; send a JSON body"))
        }
        var reader = InputReader()
        var values = readParameters(parameters, recordInput: recordInput.name, reader: &reader)
        if let reading {
            reader.options = reading.options(values)
            reading.checkOptions(values, &reader)
            values.timeZone = reader.options?.timeZone
            reader.settleDates(&values)
        }
        var table = Records(specs: fields)
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
        if reader.hasEnoughItems(lines.count, spec: recordInput, at: { pointer }) { values.slots[slot] = .records(table) }
        do throws(ValidationError) {
            return try evaluate(values, &reader)
        } catch {
            throw .invalid(Self.placing(error, under: pointer, lines: lines, fields: reader.fieldNames(of: table, body: true), columns: columns))
        }
    }

    /// The KPI's inputs other than the records, from query parameters, read as the JSON object they stand for.
    private func readParameters(
        _ parameters: [(name: String, value: String)], recordInput: String, reader: inout InputReader
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
            if path.first == recordInput {
                reader.issue("/" + JSONPointer.escape(recordInput), "is the body: send the records as lines, not as a parameter")
                continue
            }
            let spec = readSpecs.first { $0.name == path[0] }
            if path.count == 2, case .object(let members)? = spec?.kind {
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
            if spec.name == recordInput { spec.presence = .optional }
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
