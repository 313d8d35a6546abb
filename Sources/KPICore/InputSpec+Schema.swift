import JSON

/// Named JSON Schemas for the shapes inside request bodies, for an OpenAPI document's `components.schemas`.
///
/// Every object, record and choice inside a request body becomes a component (`CacSpend`,
/// `PipelineStagesDeal`, `ClvMethod`; shared shapes by their ``InputSpec/schemaName``: `Target`,
/// `GoalDirection`), and its fields refer to it with `$ref`, wrapped in `anyOf` with `{enum: [null]}` where
/// `null` is allowed. Client generators name their types after components, so a client reads `Target` rather
/// than a name spelled from the path (`CacInputTargetType0DirectionType2Type1`).
public struct SchemaComponents: Sendable {
    /// The components, in the order first met.
    public private(set) var schemas = JSONObject()
    /// What precedes a component's name in its `$ref`.
    public let referencePrefix: String

    /// An empty set of components referred to as `referencePrefix` + name.
    public init(referencePrefix: String = "#/components/schemas/") {
        self.referencePrefix = referencePrefix
    }

    /// `{ $ref: … }` for the component `name`.
    func reference(_ name: String) -> JSONValue { ["$ref": .string(referencePrefix + name)] }

    /// Adds `schema` as `name`; a name met again must come with the same schema.
    mutating func add(_ name: String, _ schema: JSONValue) {
        if let existing = schemas[name] {
            precondition(existing == schema, "two different schemas are named \(name)")
            return
        }
        schemas[name] = schema
    }
}

extension InputSpec {
    /// The JSON Schema (draft 2020-12 / OpenAPI 3.1 subset) of this field's value, every nested shape inline.
    public var schema: JSONValue {
        var inline: SchemaComponents? = nil
        return schema(owner: "", components: &inline)
    }

    /// This field's schema; with `components`, its object, record and choice shapes are components named
    /// after `owner` (the component that holds the field) and referred to.
    func schema(owner: String, components: inout SchemaComponents?) -> JSONValue {
        var object = valueSchema(owner: owner, components: &components)
        if components != nil, let name = componentName(owner: owner) {
            components?.add(name, .object(object))
            let reference = components?.reference(name).objectValue ?? [:]
            // A null in a field that is not required reads as "absent" (`resolvedAt: null` is an open ticket).
            // `null` is spelled `enum: [null]`: swift-openapi-generator 1.14 drops a property whose `anyOf`
            // holds the equivalent `type: null` (apple/swift-openapi-generator#817).
            object = presence == .required ? reference : ["anyOf": [.object(reference), ["enum": [.null]]]]
        } else if presence != .required {
            Self.allowNull(in: &object)
        }
        object["description"] = .string(doc)
        // Beside a bare `$ref`, OpenAPI 3.1 allows only `summary` and `description`.
        if object["$ref"] == nil { object["example"] = example }
        return .object(object)
    }

    /// The component name of this field's shape, for a choice or an object: its ``schemaName``, or the
    /// owner's name followed by the field's (`Clv` + `method` → `ClvMethod`).
    private func componentName(owner: String) -> String? {
        switch kind {
        case .choice, .object: schemaName ?? owner + Self.pascalCase(name)
        default: nil
        }
    }

    /// The schema of a string that is one of `options`: an `enum`, or a `pattern` when an option holds a control
    /// character (the tab of `delimiter`): swift-openapi-generator 1.14.3 writes an enum's values into Swift
    /// string literals unescaped, and a raw tab there does not compile. The service checks either alike.
    public static func choiceSchema(_ options: [String]) -> JSONObject {
        guard options.contains(where: { $0.unicodeScalars.contains { $0.value < 0x20 } }) else {
            return ["type": "string", "enum": .array(JSONArray(options.map(JSONValue.string)))]
        }
        return ["type": "string", "pattern": .string("^(" + options.map(regexEscaped).joined(separator: "|") + ")$")]
    }

    /// `text` as an ECMA-262 regular expression matching it literally, control characters as `\uXXXX`.
    static func regexEscaped(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            if scalar.value < 0x20 {
                let hex = String(scalar.value, radix: 16)
                escaped += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            } else if "\\^$.|?*+()[]{}/".unicodeScalars.contains(scalar) {
                escaped += "\\" + String(scalar)
            } else {
                escaped.unicodeScalars.append(scalar)
            }
        }
        return escaped
    }

    /// The component name of a record's object: the owner's name and the field's in the singular
    /// (`PipelineStages` + `deals` → `PipelineStagesDeal`; `history` → `…HistoryEntry`).
    private func recordName(owner: String) -> String {
        let field = Self.pascalCase(name)
        return owner + (field.hasSuffix("s") ? String(field.dropLast()) : field + "Entry")
    }

    /// The schema of the value without `null`, description or example.
    private func valueSchema(owner: String, components: inout SchemaComponents?) -> JSONObject {
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
            for member in Self.choiceSchema(options).members { object[member.key] = member.value }
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
            let record = recordName(owner: owner)
            let items = Self.objectSchema(specs, owner: record, components: &components)
            if components != nil {
                components?.add(record, items)
                object["items"] = components?.reference(record)
            } else {
                object["items"] = items
            }
        case .words(let options):
            object["type"] = "object"
            object["additionalProperties"] = ["type": "string", "enum": .array(JSONArray(options.map(JSONValue.string)))]
        case .rates:
            object["type"] = "object"
            object["additionalProperties"] = ["type": "number", "exclusiveMinimum": 0]
        case .object(let specs):
            let name = componentName(owner: owner) ?? ""
            object = Self.objectSchema(specs, owner: name, components: &components).objectValue ?? [:]
        }
        if kind == .number || kind == .count {
            if let exclusiveMinimum { object["exclusiveMinimum"] = .double(exclusiveMinimum) }
            if let maximum { object["maximum"] = .double(maximum) }
        }
        if let minItems { object["minItems"] = .int(minItems) }
        if let maxItems { object["maxItems"] = .int(maxItems) }
        return object
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

    /// `deal-stages` or `dealStages` → `DealStages`.
    static func pascalCase(_ name: String) -> String {
        name.split(whereSeparator: { $0 == "-" || $0 == "_" }).map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    /// ISO 8601 date, or date-time with a mandatory offset.
    static let datePattern =
        "^[0-9]{4}-[0-9]{2}-[0-9]{2}([Tt][0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]+)?([Zz]|[+-][0-9]{2}:[0-9]{2}))?$"

    /// `{ type: object, properties, required, additionalProperties: false }` for `specs`.
    static func objectSchema(_ specs: [InputSpec]) -> JSONValue {
        var inline: SchemaComponents? = nil
        return objectSchema(specs, owner: "", components: &inline)
    }

    /// The same, its fields' shapes named after `owner` in `components`.
    static func objectSchema(_ specs: [InputSpec], owner: String, components: inout SchemaComponents?) -> JSONValue {
        var properties = JSONObject()
        for spec in specs { properties[spec.name] = spec.schema(owner: owner, components: &components) }
        var object: JSONObject = ["type": "object", "properties": .object(properties)]
        let required = specs.filter { $0.presence == .required }.map { JSONValue.string($0.name) }
        if !required.isEmpty { object["required"] = .array(JSONArray(required)) }
        object["additionalProperties"] = false
        return .object(object)
    }
}

extension KPIDefinition {
    /// The JSON Schema of the request body: every input plus the shared `target`, `scenarios` and `solve`, no other field; every
    /// nested shape inline (the catalogue's `inputSchema`).
    public var inputSchema: JSONValue {
        var inline: SchemaComponents? = nil
        return inputSchema(owner: "", components: &inline)
    }

    /// The same with its nested shapes in `components`, named after `owner` (`Cac` → `CacSpend`).
    public func inputSchema(owner: String, components: inout SchemaComponents) -> JSONValue {
        var named: SchemaComponents? = components
        defer { components = named ?? components }
        return inputSchema(owner: owner, components: &named)
    }

    private func inputSchema(owner: String, components: inout SchemaComponents?) -> JSONValue {
        var schema = InputSpec.objectSchema(readSpecs, owner: owner, components: &components).objectValue ?? [:]
        // An either/or rule is described (in words and as `x-either-or`) and checked by the service, not encoded
        // as `oneOf`: beside `properties`, swift-openapi-generator 1.14.3 turns an object with `allOf: [{oneOf}]`
        // into `init(value1:)` of empty cases, and openapi-python-client 0.29.1 reads a bare `oneOf` as an
        // untyped union; either way the fields lose their types (OpenAPIDocument's description says so).
        schema["description"] = .string(([summary] + rules.map { $0.words(inputs) }).joined(separator: " "))
        if !rules.isEmpty { schema["x-either-or"] = .array(JSONArray(rules.map { $0.extensionValue(inputs) })) }
        schema["example"] = example
        return .object(schema)
    }
}
