import JSON
import KPICore

/// `GET /kpis` and `GET /kpis/{id}`: what each KPI is, computes and takes, straight from its declaration.
enum Catalogue {
    /// One catalogue entry. `records`, `mediaTypes` and `readingOptions` say how a file of records is sent: the
    /// record array an NDJSON or CSV body holds, the media types the route reads, and the options (query
    /// parameters beside such a body) that say how to read it.
    static func entry(_ definition: KPIDefinition) -> JSONValue {
        [
            "id": .string(definition.id),
            "path": .string("/" + definition.id),
            "name": .string(definition.name),
            "description": .string(definition.summary),
            "formula": .string(definition.formula),
            "unit": .string(definition.unit.rawValue),
            "betterDirection": .string(definition.betterDirection.rawValue),
            "inputSchema": definition.inputSchema,
            "solvable": .array(JSONArray(definition.solvableInputs.map(JSONValue.string))),
            "example": definition.example,
            "seriesForms": .array(JSONArray(definition.seriesForms.map(JSONValue.string))),
            "eventDate": definition.eventDatePath.map(JSONValue.string) ?? .null,
            "seriesPeriods": .array(JSONArray(definition.seriesPeriods.map { .string($0.rawValue) })),
            "records": definition.recordInput.map { .string($0.name) } ?? .null,
            "mediaTypes": .array(JSONArray((["application/json"] + definition.recordFormats.map(\.mediaType)).map(JSONValue.string))),
            "readingOptions": .array(JSONArray(definition.readingOptions.map { .string($0.name) })),
        ]
    }

    /// The whole catalogue, in registry order.
    static var all: JSONValue {
        ["kpis": .array(JSONArray(KPIRegistry.all.map(entry)))]
    }
}

/// The service's name and version, answered at `GET /`.
public enum ServiceInfo {
    /// The service name.
    public static let name = "kpi-service"
    /// The service version (also the OpenAPI `info.version`).
    public static let version = "1.0.0"

    /// The root document: name, version and links to the other endpoints.
    static var document: JSONValue {
        [
            "service": .string(name),
            "version": .string(version),
            "links": .object(JSONObject(Endpoints.all.compactMap { endpoint in
                endpoint.link.map { JSONObject.Member(key: $0, value: .string(endpoint.path)) }
            })),
        ]
    }
}
