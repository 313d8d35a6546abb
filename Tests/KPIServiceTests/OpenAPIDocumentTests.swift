import Foundation
import JSON
import KPICore
import Testing

@testable import KPIService

@Suite struct OpenAPIDocumentTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()

    @Test func theCommittedOpenAPIFileIsExactlyTheOneGeneratedFromTheRegistry() throws {
        let committed = try String(contentsOf: Self.repositoryRoot.appendingPathComponent("openapi.yaml"), encoding: .utf8)
        // Regenerate with: swift run kpi-server openapi > openapi.yaml
        #expect(committed == OpenAPIDocument.yaml(), "openapi.yaml is stale: run `swift run kpi-server openapi > openapi.yaml`")
    }

    @Test(arguments: KPIRegistry.all.map(\.id))
    func everyKPIHasAnOperationWithEveryInputAndEveryStatus(id: String) throws {
        let document = OpenAPIDocument.json()
        let definition = try #require(KPIRegistry.definition(id: id))
        let operation = try #require(document["paths"]?["/" + id]?["post"])
        #expect(operation["operationId"] == .string(id))
        let responses = try #require(operation["responses"]?.objectValue)
        #expect(Set(responses.keys) == ["200", "400", "401", "413", "415", "422", "503"])
        let schema = try #require(document["components"]?["schemas"]?[OpenAPIDocument.schemaName(definition)])
        let properties = try #require(schema["properties"]?.objectValue)
        for input in definition.inputs {
            #expect(properties[input.name] != nil, "\(id): \(input.name) missing from the schema")
        }
        #expect(schema["additionalProperties"] == false)
        #expect(OpenAPISchemas.units.arrayValue?.contains(.string(definition.unit.rawValue)) == true)
    }

    @Test func everyServiceRouteIsDescribed() throws {
        let paths = try #require(OpenAPIDocument.json()["paths"]?.objectValue)
        let service = ["/", "/kpis", "/kpis/{id}", "/sources", "/batch", "/series", "/compare", "/healthz", "/readyz", "/metrics", "/openapi.yaml", "/docs", "/docs/app.js", "/docs/app.css", "/problems/{type}"]
        for path in service {
            #expect(paths[path] != nil, "\(path)")
        }
        #expect(paths.count == service.count + KPIRegistry.all.count)
    }

    @Test func everyReferenceResolves() throws {
        let document = OpenAPIDocument.json()
        var references: [String] = []
        func collect(_ value: JSONValue) {
            switch value {
            case .object(let object):
                for member in object.members {
                    if member.key == "$ref", let target = member.value.stringValue { references.append(target) }
                    collect(member.value)
                }
            case .array(let items): items.forEach(collect)
            default: break
            }
        }
        collect(document)
        #expect(!references.isEmpty)
        for reference in references {
            let tokens = reference.dropFirst(2).split(separator: "/").map(String.init)
            var node: JSONValue? = document
            for token in tokens { node = node?[token] }
            #expect(node != nil, "\(reference) does not resolve")
        }
    }

    /// Every schema in `value` (a document part) under `anyOf`, `oneOf`, `allOf`, `items` or `schema`, with its path.
    static func schemas(in value: JSONValue, at path: String = "", into found: inout [(String, JSONValue)]) {
        switch value {
        case .object(let object):
            for member in object.members where member.key != "example" {
                let child = path + "/" + member.key
                if ["anyOf", "oneOf", "allOf"].contains(member.key), let list = member.value.arrayValue {
                    for (index, item) in list.enumerated() { found.append(("\(child)/\(index)", item)) }
                }
                if ["items", "schema"].contains(member.key) { found.append((child, member.value)) }
                schemas(in: member.value, at: child, into: &found)
            }
        case .array(let items):
            for (index, item) in items.enumerated() { schemas(in: item, at: "\(path)/\(index)", into: &found) }
        default: break
        }
    }

    @Test func noSchemaIsABooleanOrTypeNullWhichClientGeneratorsCannotRead() {
        var found: [(String, JSONValue)] = []
        Self.schemas(in: OpenAPIDocument.json(), into: &found)
        #expect(found.count > 100)
        for (path, schema) in found {
            #expect(schema.objectValue != nil, "\(path) is not a schema object (openapi-python-client and swift-openapi-generator stop there)")
            #expect(schema["type"] != "null", "\(path): swift-openapi-generator drops a property whose anyOf holds type: null")
        }
    }

    /// Every object in `value` with its path.
    static func objects(in value: JSONValue, at path: String = "", into found: inout [(String, JSONObject)]) {
        switch value {
        case .object(let object):
            found.append((path, object))
            for member in object.members { objects(in: member.value, at: path + "/" + member.key, into: &found) }
        case .array(let items):
            for (index, item) in items.enumerated() { objects(in: item, at: "\(path)/\(index)", into: &found) }
        default: break
        }
    }

    @Test func noSchemaHasPropertiesBesideACompositionWhichClientGeneratorsReadAsAUnion() {
        // swift-openapi-generator 1.14.3 turns `properties` beside `allOf: [{oneOf}]` into `init(value1:)` of empty
        // structs; openapi-python-client 0.29.1 reads them beside a bare `oneOf` as an untyped union.
        var found: [(String, JSONObject)] = []
        Self.objects(in: OpenAPIDocument.json(), into: &found)
        let inputs = found.filter { $0.0.hasPrefix("/components/schemas/") && $0.0.hasSuffix("Input") }
        #expect(inputs.count == KPIRegistry.all.count)
        for (path, object) in found where object["properties"] != nil {
            for keyword in ["allOf", "oneOf", "anyOf"] { #expect(object[keyword] == nil, "\(path) has properties and \(keyword)") }
        }
    }

    @Test func everyResponseSchemaHasOneTypeBesideNullWhichSwiftOpenAPIGeneratorReads() {
        // swift-openapi-generator 1.14.3 reads `type: [number, string]` as its first type; a value of the other
        // type then fails to decode (a result's breakdown with a `reading` string did).
        var found: [(String, JSONObject)] = []
        Self.objects(in: .object(JSONObject(OpenAPISchemas.shared.members + OpenAPISchemas.overTime.members)), into: &found)
        #expect(found.count > 100)
        for (path, object) in found {
            let types = object["type"]?.arrayValue.map { Array($0).filter { $0 != "null" } } ?? []
            #expect(types.count <= 1, "\(path): type \(types)")
        }
    }

    @Test func theSwiftExampleReadsTheRepositorysSpec() throws {
        // Its build plugin generates the client from this file, a link to openapi.yaml.
        let example = Self.repositoryRoot.appendingPathComponent("Examples/swift/Sources/KPIClientExample/openapi.yaml")
        #expect(try String(contentsOf: example, encoding: .utf8) == OpenAPIDocument.yaml())
    }

    @Test func sharedShapesAreNamedComponents() throws {
        let schemas = try #require(OpenAPIDocument.json()["components"]?["schemas"]?.objectValue)
        for name in ["Target", "GoalDirection", "Interval", "Goal", "Problem", "FieldError", "BatchItem"] {
            #expect(schemas[name] != nil, "\(name)")
        }
        #expect(schemas["Goal"]?["properties"]?["direction"] == ["$ref": "#/components/schemas/GoalDirection"])
        #expect(schemas["CacInput"]?["properties"]?["target"]?["anyOf"]?.arrayValue?.first == ["$ref": "#/components/schemas/Target"])
    }
}
