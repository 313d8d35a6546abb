import JSON
import KPICore

/// `GET /sources`: the presets the `source` reading option takes, each with the KPIs it feeds, the columns
/// it reads, the system's words for a field's values, its date and number layout and the vendor document
/// it follows, straight from ``SourcePreset/all``.
enum SourceList {
    /// One preset as `GET /sources` lists it.
    static func entry(_ preset: SourcePreset) -> JSONValue {
        var entry: JSONObject = [
            "id": .string(preset.id),
            "name": .string(preset.name),
            "kpis": .array(JSONArray(preset.kpis.map(JSONValue.string))),
            "records": .string(preset.records),
            "mediaTypes": .array(JSONArray(preset.mediaTypes.map(JSONValue.string))),
            "columns": .object(JSONObject(preset.columns.map { JSONObject.Member(key: $0.field, value: .string($0.column)) })),
            "values": .object(JSONObject(preset.values.map { field, words in
                JSONObject.Member(key: field, value: .object(JSONObject(words.map { JSONObject.Member(key: $0.word, value: .string($0.value)) })))
            })),
            "dateFormat": .string(preset.dateFormat ?? "iso"),
            "numberFormat": .string(preset.numberFormat ?? "plain"),
            "headerRows": .number(JSONNumber(Int64(preset.headerRows))),
            "document": ["title": .string(preset.document.title), "url": .string(preset.document.url)],
        ]
        if let recordsAt = preset.recordsAt { entry["recordsAt"] = .string(recordsAt) }
        if !preset.options.isEmpty {
            entry["options"] = .object(JSONObject(preset.options.map { JSONObject.Member(key: $0.name, value: .string($0.value)) }))
        }
        return .object(entry)
    }

    /// Every preset, in the order of ``SourcePreset/all``.
    static var all: JSONValue {
        ["sources": .array(JSONArray(SourcePreset.all.map(entry)))]
    }

    /// The OpenAPI schemas of the list and of one entry.
    static let schemas: JSONObject = [
        "Sources": [
            "type": "object",
            "required": ["sources"],
            "properties": ["sources": ["type": "array", "items": ["$ref": "#/components/schemas/SourceEntry"]]],
        ],
        "SourceEntry": [
            "type": "object",
            "description": "A preset for one system's export or API payload: give its id as the `source` option of a KPI it feeds",
            "required": ["id", "name", "kpis", "records", "mediaTypes", "columns", "values", "dateFormat", "numberFormat", "headerRows", "document"],
            "properties": [
                "id": ["type": "string", "description": "The value of the `source` option", "example": "hubspot-deals"],
                "name": ["type": "string", "example": "HubSpot deals export"],
                "kpis": ["type": "array", "items": ["type": "string"], "description": "The KPIs whose records it reads", "example": ["sales-cycle-length", "close-rate"]],
                "records": ["type": "string", "description": "The record input it reads", "example": "deals"],
                "mediaTypes": ["type": "array", "items": ["type": "string"], "description": "The media types the system's file comes in", "example": ["text/csv"]],
                "columns": [
                    "type": "object", "additionalProperties": ["type": "string"],
                    "description": "The column (CSV) or member (JSON, NDJSON) of each field it reads", "example": ["createdAt": "Create Date"],
                ],
                "values": [
                    "type": "object", "additionalProperties": ["type": "object", "additionalProperties": ["type": "string"]],
                    "description": "For each choice field, the system's words for the field's values", "example": ["outcome": ["Closed Won": "won"]],
                ],
                "dateFormat": ["type": "string", "description": "The dateFormat it reads dates with", "example": "iso"],
                "numberFormat": ["type": "string", "description": "The numberFormat it reads numbers with", "example": "plain"],
                "headerRows": [
                    "type": "integer", "minimum": 1, "example": 1,
                    "description": "The rows of the system's CSV header: the first names the columns, the rows after it up to this many (sub-headers such as SurveyMonkey's `Response`) are passed over",
                ],
                "recordsAt": ["type": "string", "description": "For an API payload's preset: the JSON Pointer to the records inside the payload", "example": "/results"],
                "options": [
                    "type": "object", "additionalProperties": ["type": "string"],
                    "description": "Inputs of the KPIs it feeds that the system's file decides, set when the request does not give them", "example": ["amountUnit": "cents"],
                ],
                "document": [
                    "type": "object", "required": ["title", "url"],
                    "description": "The vendor document it follows",
                    "properties": ["title": ["type": "string"], "url": ["type": "string"]],
                ],
            ],
        ],
    ]
}
