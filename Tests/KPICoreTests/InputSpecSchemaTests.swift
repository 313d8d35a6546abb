import JSON
import Testing

@testable import KPICore

@Suite("Input schemas with named components")
struct InputSpecSchemaTests {
    /// Every KPI's request body with its nested shapes as components.
    static func named() -> (bodies: [String: JSONValue], components: JSONObject) {
        var components = SchemaComponents()
        var bodies: [String: JSONValue] = [:]
        for definition in KPIRegistry.all {
            bodies[definition.id] = definition.inputSchema(owner: InputSpec.pascalCase(definition.id), components: &components)
        }
        return (bodies, components.schemas)
    }

    @Test("The target is the shared Target component, null allowed beside it, its direction the shared GoalDirection")
    func target() throws {
        let (bodies, components) = Self.named()
        for (id, body) in bodies {
            let target = try #require(body["properties"]?["target"], "\(id)")
            #expect(target["anyOf"] == [["$ref": "#/components/schemas/Target"], ["enum": [.null]]], "\(id)")
            #expect(target["description"] == .string(InputSpec.target.doc))
        }
        #expect(components["Target"]?["properties"]?["direction"]?["anyOf"]
            == [["$ref": "#/components/schemas/GoalDirection"], ["enum": [.null]]])
        #expect(components["GoalDirection"] == ["type": "string", "enum": ["atLeast", "atMost"]])
    }

    @Test("A choice holding a control character (delimiter's tab) is a pattern, never an enum a generator writes raw")
    func controlCharacterChoice() throws {
        let (_, components) = Self.named()
        // swift-openapi-generator 1.14.3 wrote `case _x9_ = "<raw tab>"` for an enum holding "\t": no compile.
        #expect(components["Delimiter"] == ["type": "string", "pattern": "^(,|;|\\u0009)$"])
        for member in components.members {
            for value in member.value["enum"]?.arrayValue ?? [] {
                #expect(value.stringValue?.unicodeScalars.allSatisfy { $0.value >= 0x20 } ?? true, "\(member.key): \(value)")
            }
        }
        #expect(InputSpec.regexEscaped("a.b|c\u{1}") == "a\\.b\\|c\\u0001")
    }

    @Test("Records, objects and choices are named after their KPI and field")
    func names() throws {
        let (bodies, components) = Self.named()
        for name in ["CacSpend", "ClvMethod", "NpsScale", "SalesCycleLengthDeal", "PipelineStagesDeal",
                     "PipelineStagesDealHistoryEntry", "PipelineStagesDealOutcome", "ResolutionTimeTicket"] {
            #expect(components[name] != nil, "\(name) missing from \(components.keys)")
        }
        #expect(bodies["pipeline-stages"]?["properties"]?["deals"]?["items"] == ["$ref": "#/components/schemas/PipelineStagesDeal"])
    }

    @Test("Inlining the components gives the catalogue's schema back, up to how null is spelled", arguments: KPIRegistry.all.map(\.id))
    func inlined(id: String) throws {
        let definition = try Fixture.kpi(id)
        let (bodies, components) = Self.named()
        let body = try #require(bodies[id])
        #expect(Self.sorted(Self.inline(body, components)) == Self.sorted(definition.inputSchema))
    }

    /// `schema` with every `$ref` replaced by its component and `anyOf: [S, {enum: [null]}]` by S with `null`
    /// added to its `type` and `enum`, as the inline schemas spell it.
    static func inline(_ schema: JSONValue, _ components: JSONObject) -> JSONValue {
        switch schema {
        case .object(var object):
            var base: JSONObject? = nil
            if let reference = object["$ref"]?.stringValue {
                object["$ref"] = nil
                base = inline(components[String(reference.split(separator: "/").last ?? "")] ?? .null, components).objectValue
            } else if let anyOf = object["anyOf"]?.arrayValue, anyOf.count == 2, anyOf.last == ["enum": [.null]] {
                object["anyOf"] = nil
                base = inline(anyOf[anyOf.startIndex], components).objectValue
                if case .string(let type)? = base?["type"] { base?["type"] = [.string(type), "null"] }
                if case .array(let options)? = base?["enum"] { base?["enum"] = .array(JSONArray(Array(options) + [.null])) }
            }
            var result = base ?? [:]
            for member in object.members { result[member.key] = inline(member.value, components) }
            return .object(result)
        case .array(let items):
            return .array(JSONArray(items.map { inline($0, components) }))
        default:
            return schema
        }
    }

    /// `value` with every object's members sorted by name.
    static func sorted(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let object):
            .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { .init(key: $0.key, value: sorted($0.value)) }))
        case .array(let items): .array(JSONArray(items.map(sorted)))
        default: value
        }
    }
}
