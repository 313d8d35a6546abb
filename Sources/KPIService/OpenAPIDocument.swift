import JSON
import KPICore

/// The OpenAPI 3.1 description of the service, generated from ``KPIRegistry`` so it cannot drift from the code.
///
/// `openapi.yaml` at the top of the repository is this document written out (`kpi-server openapi`); a test
/// fails when the two differ, and `GET /openapi.yaml` serves the same text.
public enum OpenAPIDocument {
    /// The document as YAML text.
    public static func yaml(version: String = ServiceInfo.version) -> String {
        YAMLWriter.document(json(version: version))
    }

    /// The document as a JSON value.
    public static func json(version: String = ServiceInfo.version) -> JSONValue {
        var paths = JSONObject()
        paths["/"] = ["get": getOperation(
            id: "serviceInfo", summary: "Service name, version and links", schema: ref("ServiceInfo"))]
        paths["/kpis"] = ["get": getOperation(
            id: "listKPIs", summary: "The KPI catalogue: every KPI with its inputs' JSON Schema and an example",
            schema: ref("Catalogue"))]
        paths["/kpis/{id}"] = ["get": catalogueEntryOperation]
        for definition in KPIRegistry.all {
            paths["/" + definition.id] = ["post": kpiOperation(definition)]
        }
        paths["/batch"] = ["post": batchOperation]
        paths["/healthz"] = ["get": getOperation(
            id: "healthz", summary: "Liveness: the process is up", schema: ref("Health"))]
        paths["/readyz"] = ["get": getOperation(
            id: "readyz", summary: "Readiness: 200 while serving, 503 while draining for shutdown", schema: ref("Health"))]
        paths["/metrics"] = ["get": textOperation(
            id: "metrics", summary: "Prometheus text exposition: requests by route and status, latency histogram, open connections, in-flight requests",
            mediaType: "text/plain", schema: ["type": "string"])]
        paths["/openapi.yaml"] = ["get": textOperation(
            id: "openapi", summary: "This document", mediaType: "application/yaml", schema: ["type": "object"])]

        return [
            "openapi": "3.1.0",
            "info": [
                "title": "CRM KPI service",
                "version": .string(version),
                "summary": "Customer-relationship KPIs with their formula breakdowns, intervals and goals",
                "description": .string(apiDescription),
            ],
            "servers": [["url": "http://localhost:8080"]],
            "paths": .object(paths),
            "components": [
                "securitySchemes": ["bearerAuth": ["type": "http", "scheme": "bearer",
                    "description": "Required on KPI routes and /batch only when the service is started with API keys"]],
                "schemas": .object(schemas),
                "responses": .object(sharedResponses),
            ],
        ]
    }

    private static let apiDescription = """
        Every KPI is `POST /<kpi-id>` with a JSON object body. A 200 answer carries the value with its working: \
        every input and intermediate (`breakdown`), each formula applied with its numbers (`steps`, `substituted`), \
        a 95 % interval for rates computed from counts (Wilson score; NPS: standard error), `groups` per rep / agent / \
        stage for record-based KPIs, and `goal` when the request has a `target`. Errors are RFC 9457 \
        `application/problem+json`; a 422 lists every invalid field with its JSON Pointer.

        Decided edge cases: counts are JSON numbers without a fractional part from 0 to 2^63-1 (`10.0` is 10; \
        `2.5`, `"10"`, `1e30` are 422); unknown fields are 422; a repeated member name anywhere in the body is 400; \
        `Content-Type` must be `application/json` or `application/*+json` (else 415); dates are `2024-03-01` \
        (midnight UTC) or date-times with an offset; median and p90 interpolate linearly between closest ranks; \
        intervals are 95 % (z = 1.959963984540054), clamped to the unit's range; a repeated record `id` counts once \
        and is reported in `warnings`; no response ever holds NaN or Infinity (such a result is a 422).
        """

    // MARK: Operations

    private static func kpiOperation(_ definition: KPIDefinition) -> JSONValue {
        let responses = responses(
            jsonResponse("\(definition.name) with its formula breakdown", ref("KPIResult")),
            errors: ["400", "401", "413", "415", "422", "503"])
        return [
            "operationId": .string(definition.id),
            "summary": .string(definition.name),
            "description": .string("\(definition.summary)\n\nFormula: `\(definition.formula)` (unit: \(definition.unit.rawValue), \(definition.betterDirection.rawValue) is better)."),
            "tags": ["KPIs"],
            "security": [["bearerAuth": []], [:]],
            "requestBody": [
                "required": true,
                "content": ["application/json": [
                    "schema": ref(schemaName(definition)),
                    "example": definition.example,
                ]],
            ],
            "responses": .object(responses),
        ]
    }

    private static var catalogueEntryOperation: JSONValue {
        let responses = responses(jsonResponse("One catalogue entry", ref("CatalogueEntry")), errors: ["404", "503"])
        return [
            "operationId": "getKPI",
            "summary": "One entry of the KPI catalogue",
            "parameters": [[
                "name": "id", "in": "path", "required": true,
                "schema": ["type": "string", "enum": .array(JSONArray(KPIRegistry.all.map { .string($0.id) }))],
            ]],
            "responses": .object(responses),
        ]
    }

    private static var batchOperation: JSONValue {
        let responses = responses(
            jsonResponse("One result per item, in order", ref("BatchResponse")),
            errors: ["400", "401", "413", "415", "422", "503"])
        return [
            "operationId": "batch",
            "summary": "Compute up to 1000 KPIs in one request; a bad item fails only itself",
            "security": [["bearerAuth": []], [:]],
            "requestBody": [
                "required": true,
                "content": ["application/json": [
                    "schema": ref("BatchRequest"),
                    "example": ["items": [["kpi": "cac", "input": ["totalSpend": 10000, "newCustomers": 10]]]],
                ]],
            ],
            "responses": .object(responses),
        ]
    }

    private static func getOperation(id: String, summary: String, schema: JSONValue) -> JSONValue {
        let responses = responses(jsonResponse(summary, schema), errors: ["503"])
        return ["operationId": .string(id), "summary": .string(summary), "responses": .object(responses)]
    }

    private static func textOperation(id: String, summary: String, mediaType: String, schema: JSONValue) -> JSONValue {
        let responses = responses(
            ["description": .string(summary), "content": [mediaType: ["schema": schema]]], errors: ["503"])
        return ["operationId": .string(id), "summary": .string(summary), "responses": .object(responses)]
    }

    // MARK: Responses

    private static let errorDescriptions: [String: String] = [
        "400": "The body is not valid JSON or not a JSON object (a repeated member name included), or the HTTP request is malformed",
        "401": "API keys are configured and the request has no valid `Authorization: Bearer` token",
        "404": "No such path or KPI",
        "413": "The body is larger than the configured limit",
        "415": "`Content-Type` is missing or not JSON, or the body has a `Content-Encoding` (none is accepted: `Accept-Encoding: identity`)",
        "422": "Valid JSON with invalid content: every problem is listed in `errors` with a JSON Pointer",
        "503": "Shutting down, over the connection limit, or too many request bodies in flight (`Retry-After: 1`)",
    ]

    /// The 200 response followed by references to the shared error responses.
    private static func responses(_ success: JSONValue, errors codes: [String]) -> JSONObject {
        var responses: JSONObject = ["200": success]
        for code in codes { responses[code] = ["$ref": .string("#/components/responses/Status\(code)")] }
        return responses
    }

    private static var sharedResponses: JSONObject {
        var responses = JSONObject()
        for code in errorDescriptions.keys.sorted() {
            var response = problemResponse(errorDescriptions[code]!)
            if code == "401" {
                response["headers"] = ["WWW-Authenticate": ["schema": ["type": "string"], "description": "`Bearer realm=\"kpi-service\"`"]]
            }
            responses["Status\(code)"] = .object(response)
        }
        return responses
    }

    private static func problemResponse(_ description: String) -> JSONObject {
        ["description": .string(description), "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    private static func jsonResponse(_ description: String, _ schema: JSONValue) -> JSONValue {
        ["description": .string(description), "content": ["application/json": ["schema": schema]]]
    }

    // MARK: Schemas

    /// The component name of a KPI's input schema: `ltv-cac-ratio` → `LtvCacRatioInput`.
    static func schemaName(_ definition: KPIDefinition) -> String {
        definition.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined() + "Input"
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static var schemas: JSONObject {
        var schemas = JSONObject(OpenAPISchemas.shared.members)
        for definition in KPIRegistry.all {
            schemas[schemaName(definition)] = definition.inputSchema
        }
        return schemas
    }
}
