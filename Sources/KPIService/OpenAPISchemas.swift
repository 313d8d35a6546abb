import JSON
import KPICore

/// The fixed JSON Schemas of the OpenAPI document: result envelope, problem, catalogue, batch, health.
enum OpenAPISchemas {
    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
    private static let number: JSONValue = ["type": "number"]
    private static let string: JSONValue = ["type": "string"]
    /// The contract's units (a test checks every KPI's unit is one of them).
    static let units: JSONValue = ["currency", "percent", "ratio", "days", "hours", "months", "score", "count"]

    /// Every fixed schema, by component name.
    static let shared: JSONObject = [
        "KPIResult": [
            "type": "object",
            "description": "A KPI with its working",
            "required": ["kpi", "name", "value", "unit", "formula", "substituted", "breakdown", "steps", "warnings"],
            "properties": [
                "kpi": ["type": "string", "description": "The KPI id", "example": "cac"],
                "name": string,
                "value": ["type": "number", "description": "The KPI, unrounded"],
                "unit": ["type": "string", "enum": units],
                "formula": ["type": "string", "example": "CAC = totalSpend / newCustomers"],
                "substituted": ["type": "string", "example": "CAC = 10000 / 10 = 1000"],
                "breakdown": [
                    "type": "object", "description": "Every input and intermediate, by name",
                    "additionalProperties": ["type": ["number", "null"]],
                ],
                "steps": ["type": "array", "items": ref("Step")],
                "interval": ref("Interval"),
                "groups": ["type": "array", "items": ref("Group")],
                "goal": ref("Goal"),
                "warnings": ["type": "array", "items": string],
            ],
        ],
        "Step": [
            "type": "object",
            "required": ["name", "formula", "substituted", "value"],
            "properties": ["name": string, "formula": string, "substituted": string, "value": number],
        ],
        "Interval": [
            "type": "object",
            "description": "95 % interval in the KPI's unit: Wilson score for rates, standard error for NPS",
            "required": ["level", "low", "high"],
            "properties": ["level": ["type": "number", "example": 0.95], "low": number, "high": number],
        ],
        "Group": [
            "type": "object",
            "description": "One rep / agent / stage: its record count and value",
            "required": ["key", "count", "value"],
            "properties": [
                "key": string,
                "count": ["type": "integer", "minimum": 0],
                "value": ["type": ["number", "null"]],
                "meanDays": ["type": ["number", "null"]],
            ],
        ],
        "Goal": [
            "type": "object",
            "required": ["target", "direction", "met", "gap"],
            "properties": [
                "target": number,
                "direction": ref("GoalDirection"),
                "met": ["type": "boolean"],
                "gap": ["type": "number", "description": "value − target"],
                "deadline": ["type": "string", "format": "date"],
            ],
        ],
        "Problem": [
            "type": "object",
            "description": "RFC 9457 problem details",
            "required": ["type", "title", "status", "detail"],
            "properties": [
                "type": [
                    "type": "string", "format": "uri-reference",
                    "description": "What kind of problem; `GET` it for its documentation",
                    "enum": .array(JSONArray(ProblemType.allCases.map { .string($0.uri) })),
                    "example": "/problems/invalid-input",
                ],
                "title": ["type": "string", "description": "The type's title (the same for every problem of a type)", "example": "Invalid input"],
                "status": ["type": "integer", "example": 422],
                "detail": ["type": "string", "example": "newCustomers must be greater than 0"],
                "instance": ["type": "string", "example": "/cac"],
                "errors": ["type": "array", "items": ref("FieldError")],
            ],
        ],
        "ProblemTypeDocument": [
            "type": "object",
            "required": ["type", "title", "status", "description"],
            "properties": [
                "type": ["type": "string", "example": "/problems/invalid-input"],
                "title": ["type": "string", "example": "Invalid input"],
                "status": ["type": "integer", "example": 422],
                "description": string,
            ],
        ],
        "FieldError": [
            "type": "object",
            "required": ["pointer", "detail"],
            "properties": [
                "pointer": ["type": "string", "description": "RFC 6901 JSON Pointer into the request body", "example": "/newCustomers"],
                "detail": ["type": "string", "example": "must be greater than 0"],
            ],
        ],
        "CatalogueEntry": [
            "type": "object",
            "required": ["id", "path", "name", "description", "formula", "unit", "betterDirection", "inputSchema", "example"],
            "properties": [
                "id": string, "path": string, "name": string, "description": string, "formula": string,
                "unit": ["type": "string", "enum": units],
                "betterDirection": ["type": "string", "enum": ["higher", "lower"]],
                "inputSchema": ["type": "object", "description": "JSON Schema of the request body"],
                "example": ["type": "object", "description": "An example request body"],
            ],
        ],
        "Catalogue": [
            "type": "object",
            "required": ["kpis"],
            "properties": ["kpis": ["type": "array", "items": ref("CatalogueEntry")]],
        ],
        "BatchRequest": [
            "type": "object",
            "required": ["items"],
            "additionalProperties": false,
            "properties": [
                "items": [
                    "type": "array", "maxItems": .int(Batch.maxItems),
                    // `{}` (any JSON value) rather than its equivalent `true`, which client generators cannot read.
                    "items": [
                        "description": "A BatchItem. Anything else is accepted here and answered with its own 422 result: one bad item fails only itself.",
                        "anyOf": [ref("BatchItem"), [:]],
                    ],
                ],
            ],
        ],
        "BatchItem": [
            "type": "object",
            "required": ["kpi", "input"],
            "additionalProperties": false,
            "properties": [
                "kpi": ["type": "string", "description": "A KPI id, e.g. cac"],
                "input": ["type": "object", "description": "That KPI's request body"],
            ],
        ],
        "BatchResponse": [
            "type": "object",
            "required": ["results"],
            "properties": [
                "results": [
                    "type": "array",
                    "description": "One entry per item, in order: 200 with its result, 422 with its problem, or 413 for the items after the answers reached the 8 MiB response budget.",
                    "items": [
                        "type": "object",
                        "required": ["status"],
                        "properties": [
                            "status": ["type": "integer", "enum": [200, 413, 422]],
                            "result": ref("KPIResult"),
                            "problem": ref("Problem"),
                        ],
                    ],
                ],
            ],
        ],
        "Health": [
            "type": "object",
            "required": ["status"],
            "properties": ["status": ["type": "string", "example": "ok"]],
        ],
        "ServiceInfo": [
            "type": "object",
            "required": ["service", "version", "links"],
            "properties": [
                "service": string, "version": string,
                "links": ["type": "object", "additionalProperties": string],
            ],
        ],
    ]
}
