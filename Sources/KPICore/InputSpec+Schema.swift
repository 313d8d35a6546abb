import JSON

extension InputSpec {
    /// The JSON Schema (draft 2020-12 / OpenAPI 3.1 subset) of this field's value.
    public var schema: JSONValue {
        var object: JSONObject = [:]
        switch kind {
        case .count:
            object["type"] = "integer"
            object["minimum"] = .double(max(minimum ?? 0, 0))
            object["maximum"] = .number(JSONNumber(Int64.max))
        case .number:
            object["type"] = "number"
            if let minimum { object["minimum"] = .double(minimum) }
        case .string:
            object["type"] = "string"
        case .choice(let options):
            object["type"] = "string"
            object["enum"] = .array(JSONArray(options.map(JSONValue.string)))
        case .date:
            object["type"] = "string"
            object["pattern"] = .string(Self.datePattern)
        case .identifier:
            object["type"] = ["string", "integer"]
        case .integers:
            object["type"] = "array"
            var items: JSONObject = ["type": "integer"]
            if let minimum { items["minimum"] = .double(minimum) }
            if let maximum { items["maximum"] = .double(maximum) }
            object["items"] = .object(items)
        case .strings:
            object["type"] = "array"
            object["items"] = ["type": "string"]
        case .records(let specs):
            object["type"] = "array"
            object["items"] = Self.objectSchema(specs)
        case .object(let specs):
            object = Self.objectSchema(specs).objectValue ?? [:]
        }
        if kind == .number || kind == .count {
            if let exclusiveMinimum { object["exclusiveMinimum"] = .double(exclusiveMinimum) }
            if let maximum { object["maximum"] = .double(maximum) }
        }
        if let minItems { object["minItems"] = .int(minItems) }
        if let maxItems { object["maxItems"] = .int(maxItems) }
        // A JSON null in a field that is not required reads as "absent" (`resolvedAt: null` is an open ticket).
        if presence != .required { Self.allowNull(in: &object) }
        object["description"] = .string(doc)
        object["example"] = example
        return .object(object)
    }

    /// Adds `null` to the schema's `type` (and to its `enum`, which would otherwise exclude it).
    private static func allowNull(in object: inout JSONObject) {
        switch object["type"] {
        case .string(let type)?: object["type"] = [.string(type), "null"]
        case .array(let types)?: object["type"] = .array(JSONArray(Array(types) + ["null"]))
        default: break
        }
        if case .array(let options)? = object["enum"] { object["enum"] = .array(JSONArray(Array(options) + [.null])) }
    }

    /// ISO 8601 date, or date-time with a mandatory offset.
    static let datePattern =
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"

    /// `{ type: object, properties, required, additionalProperties: false }` for `specs`.
    static func objectSchema(_ specs: [InputSpec]) -> JSONValue {
        var object: JSONObject = [
            "type": "object",
            "properties": .object(JSONObject(specs.map { .init(key: $0.name, value: $0.schema) })),
        ]
        let required = specs.filter { $0.presence == .required }.map { JSONValue.string($0.name) }
        if !required.isEmpty { object["required"] = .array(JSONArray(required)) }
        object["additionalProperties"] = false
        return .object(object)
    }
}

extension KPIDefinition {
    /// The JSON Schema of the request body: every input plus the shared `target`, no other field; an
    /// either/or rule (``InputRule``) is a `oneOf` of its alternatives' `required` sets (several rules: an
    /// `allOf` of such `oneOf`s).
    public var inputSchema: JSONValue {
        var schema = InputSpec.objectSchema(inputs + [InputSpec.target]).objectValue ?? [:]
        if rules.count == 1 {
            schema["oneOf"] = rules[0].schema(inputs)
        } else if !rules.isEmpty {
            schema["allOf"] = .array(JSONArray(rules.map { ["oneOf": $0.schema(inputs)] }))
        }
        schema["description"] = .string(summary)
        schema["example"] = example
        return .object(schema)
    }
}
