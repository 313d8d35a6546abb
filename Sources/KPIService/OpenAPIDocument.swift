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
        for endpoint in Endpoints.all {
            paths[endpoint.path] = [endpoint.method.rawValue.lowercased(): operation(endpoint)]
        }

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
        stage for record-based KPIs, and `goal` when the request has a `target`. Any KPI request may also carry \
        `scenarios` (at most 20: the KPI recomputed with some inputs replaced, answered in `scenarios` with value, \
        difference and substituted) and `solve` (`{for, given?, atValue?}`: hold the value and solve for one input, \
        answered in `solved` with the range the KPI's interval implies, counts rounded up; the catalogue's `solvable` \
        lists the inputs each KPI can be solved for, anything else is a 422 at `/solve/for`). Errors are RFC 9457 \
        `application/problem+json`; a 422 lists every invalid field with its JSON Pointer.

        Decided edge cases: counts are JSON numbers without a fractional part from 0 to 2^63-1 (`10.0` is 10; \
        `2.5`, `"10"`, `1e30` are 422); unknown fields are 422; a repeated member name anywhere in the body is 400; \
        `Content-Type` must be `application/json` or `application/*+json` (else 415); dates are `2024-03-01` \
        (midnight UTC) or date-times with an offset; median and p90 interpolate linearly between closest ranks; \
        intervals are 95 % (z = 1.959963984540054), clamped to the unit's range; a repeated record `id` counts once \
        and is reported in `warnings`; no response ever holds NaN or Infinity (such a result is a 422).

        For client generators: every shape inside a request body is a named component schema (`Target`, \
        `GoalDirection`, `CacSpend`, …); an optional field that also takes `null` is `anyOf: [{$ref}, {enum: [null]}]` \
        (swift-openapi-generator 1.14 drops a property whose `anyOf` holds the equivalent `type: null`).

        Either/or rules (CAC: `totalSpend` or `spend`; CLV: the purchase or the profit method; …) are not JSON Schema \
        in the KPI input schemas: each is said in the schema's `description` ("Give exactly one of: …") and listed \
        in its `x-either-or` extension (each alternative's `fields`, all or any of them as `needs` says, its \
        `optional` fields, and the `selector` field that may name it), and the service enforces it: a body that \
        breaks it is a 422 with a pointer at each field given against the rule or missing. Why: no schema shape \
        that expresses the rule is read by both client generators. Beside `properties`, a bare `oneOf` of \
        `required` sets makes openapi-python-client 0.29.1 generate an untyped union instead of the model, and \
        `allOf: [{oneOf: …}]` makes swift-openapi-generator 1.14.3 generate `init(value1:)` over empty structs \
        (every field of `CacInput` lost). As plain objects, every input is a typed property in both clients \
        (Examples/swift and Examples/python, run in CI, check every field of every `…Input`).
        """

    // MARK: Operations

    /// The OpenAPI operation of a route, from its declaration.
    private static func operation(_ endpoint: Endpoint) -> JSONValue {
        let operation = endpoint.operation
        var object: JSONObject = ["operationId": .string(operation.id), "summary": .string(operation.summary)]
        if let description = operation.description { object["description"] = .string(description) }
        if !operation.tags.isEmpty { object["tags"] = .array(JSONArray(operation.tags.map(JSONValue.string))) }
        if endpoint.requiresAuthorization { object["security"] = [["bearerAuth": []], [:]] }
        var parameters = operation.queryParameters
        if let name = endpoint.parameterName {
            var schema: JSONObject = ["type": "string"]
            if let values = operation.parameterValues { schema["enum"] = .array(JSONArray(values.map(JSONValue.string))) }
            parameters.insert(["name": .string(String(name)), "in": "path", "required": true, "schema": .object(schema)], at: 0)
        }
        if !parameters.isEmpty { object["parameters"] = .array(JSONArray(parameters)) }
        if let body = operation.body {
            var content: JSONObject = [MediaType.json: ["schema": ref(body.schema), "example": body.example]]
            for lines in body.lines {
                content[lines.mediaType] = [
                    "schema": ["type": "string", "description": .string(lines.description)], "example": .string(lines.example),
                ]
            }
            object["requestBody"] = ["required": true, "content": .object(content)]
        }
        var responses: JSONObject = [
            "200": ["description": .string(operation.success.description),
                    "content": [operation.success.mediaType: ["schema": operation.success.schema]]],
        ]
        for code in operation.errors { responses[String(code)] = ["$ref": .string("#/components/responses/Status\(code)")] }
        object["responses"] = .object(responses)
        return .object(object)
    }

    // MARK: Responses

    /// One shared response per error status the operations document; its description lists the problem
    /// types that answer with that status (``ProblemType``).
    private static var sharedResponses: JSONObject {
        var responses = JSONObject()
        for code in Set(Endpoints.all.flatMap(\.operation.errors)).sorted() {
            let types = ProblemType.allCases.filter { $0.status.code == code }
            let description = types.map { "`\($0.uri)`: \($0.title). \($0.explanation)" }.joined(separator: "\n\n")
            var response = problemResponse(description)
            if code == 401 {
                response["headers"] = ["WWW-Authenticate": ["schema": ["type": "string"], "description": "`Bearer realm=\"kpi-service\"`"]]
            }
            if code == 503 {
                response["headers"] = ["Retry-After": ["schema": ["type": "string"], "description": "Seconds to wait (too many request bodies, or large answers waiting for slow clients, in flight)"]]
            }
            responses["Status\(code)"] = .object(response)
        }
        return responses
    }

    private static func problemResponse(_ description: String) -> JSONObject {
        ["description": .string(description), "content": ["application/problem+json": ["schema": ref("Problem")]]]
    }

    // MARK: Schemas

    /// The component name of a KPI's input schema: `ltv-cac-ratio` → `LtvCacRatioInput`.
    static func schemaName(_ definition: KPIDefinition) -> String {
        schemaPrefix(definition) + "Input"
    }

    /// What the component names of a KPI's nested shapes start with: `ltv-cac-ratio` → `LtvCacRatio`.
    private static func schemaPrefix(_ definition: KPIDefinition) -> String {
        definition.id.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined()
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    private static var schemas: JSONObject {
        var schemas = JSONObject(OpenAPISchemas.shared.members + OpenAPISchemas.overTime.members + SourceList.schemas.members)
        // The KPI request bodies, then the shapes inside them (target, records, choices) by name.
        var shapes = SchemaComponents()
        for definition in KPIRegistry.all {
            schemas[schemaName(definition)] = definition.inputSchema(owner: schemaPrefix(definition), components: &shapes)
        }
        for shape in shapes.schemas.members { schemas[shape.key] = shape.value }
        return schemas
    }
}
