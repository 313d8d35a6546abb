import JSON
import KPICore

/// How the OpenAPI document describes a KPI whose records may come as lines (NDJSON, CSV): the other media
/// types of its request body, with examples made from its JSON example, and the query parameters that carry
/// its other inputs then.
extension OpenAPIDocument {
    /// The line bodies of `definition`, one per record format it takes.
    static func lineBodies(_ definition: KPIDefinition) -> [(mediaType: String, description: String, example: String)] {
        guard let input = definition.recordInput, let example = definition.example[input.name]?.arrayValue else { return [] }
        let fields = definition.lineFields
        let records = definition.lineRecords(Array(example))
        let longForm = definition.hasLongForm
            ? " Long form: one line per entry of a record's nested list (" + fields.map { "`\($0.name)`" }.joined(separator: ", ")
                + "); lines sharing an id are one record, its entries in line order, and a record field given differently by two of its lines is a 422." : ""
        // A KPI with several record arrays takes any one of them as lines (the first is the example).
        let arrays = definition.recordInputs.map { "`\($0.name)`" }.joined(separator: " or ")
        let which = definition.recordInputs.count > 1
            ? " (whichever array's fields the first line names most; a tie goes to `\(input.name)`)" : ""
        return definition.recordFormats.map { format in
            switch format {
            case .ndjson:
                let lines = records.map { String(decoding: $0.serialized(), as: UTF8.self) }
                return (format.mediaType,
                        "The \(arrays) records\(which), one JSON object per line; the other inputs as query parameters." + longForm + " (Client generators that read JSON bodies only, such as openapi-python-client, warn and leave this media type out; send it with any HTTP client.)",
                        lines.joined(separator: "\n") + "\n")
            case .csv:
                let names = fields.map(\.name).filter { name in records.contains { $0[name] != nil } }
                let rows = records.map { record in names.map { csvCell(record[$0]) }.joined(separator: ",") }
                return (format.mediaType,
                        "The \(arrays) records\(which) as RFC 4180 CSV with a header row naming the fields (an empty cell is an absent field); the other inputs as query parameters." + longForm + " (Client generators that read JSON bodies only warn and leave this media type out; send it with any HTTP client.)",
                        ([names.joined(separator: ",")] + rows).joined(separator: "\r\n") + "\r\n")
            }
        }
    }

    /// The query parameters that carry the KPI's inputs besides its records (and `target`) when the records
    /// come as lines; none for a KPI without record formats.
    static func queryParameters(_ definition: KPIDefinition) -> [JSONValue] {
        guard !definition.recordFormats.isEmpty else { return [] }
        let note = " Read only when the body is NDJSON or CSV, or a system's JSON payload with `recordsAt` (or the `source` preset of an API payload)."
        var parameters: [JSONValue] = []
        for spec in definition.inputs where !definition.recordInputs.contains(spec) {
            // A `rates` object is one parameter per code: `fxRates.EUR=1.08`.
            if spec.kind == .rates {
                parameters.append(parameter(spec.name + ".{code}", spec.doc + note, .number))
            } else {
                parameters.append(parameter(spec.name, spec.doc + note, spec.kind))
            }
        }
        if case .object(let members) = InputSpec.target.kind {
            for member in members {
                parameters.append(parameter("target." + member.name, "The goal's `\(member.name)`: " + member.doc + note, member.kind))
            }
        }
        for option in definition.readingOptions {
            guard case .object(let members) = option.kind else {
                parameters.append(parameter(option.name, option.doc + note, option.kind))
                continue
            }
            for member in members {
                // A `values.<field>` member is one parameter per word: `values.outcome.Closed%20Won=won`.
                let word = if case .words = member.kind { ".{word}" } else { "" }
                parameters.append(parameter(option.name + "." + member.name + word, member.doc + note, member.kind))
            }
        }
        return parameters
    }

    private static func parameter(_ name: String, _ description: String, _ kind: InputSpec.Kind) -> JSONValue {
        let schema: JSONValue
        switch kind {
        case .count: schema = ["type": "integer", "minimum": 0]
        case .number: schema = ["type": "number"]
        case .choice(let options): schema = .object(InputSpec.choiceSchema(options))
        case .strings: schema = ["type": "string", "description": "Comma-separated"]
        default: schema = ["type": "string"]
        }
        return ["name": .string(name), "in": "query", "required": false, "description": .string(description), "schema": schema]
    }

    /// A JSON value as one CSV cell (RFC 4180 §2: quoted when it holds a comma, a quote or a line break).
    private static func csvCell(_ value: JSONValue?) -> String {
        let text: String
        switch value {
        case .string(let s)?: text = s
        case .number?, .bool?: text = String(decoding: value!.serialized(), as: UTF8.self)
        default: text = ""
        }
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacing("\"", with: "\"\"") + "\""
    }
}
