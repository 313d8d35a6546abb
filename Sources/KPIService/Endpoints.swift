import HTTPServer
import HTTPTypes
import JSON
import KPICore

/// Every route of the service, in the order the OpenAPI document lists them. Adding an endpoint is one
/// entry here and its handler.
enum Endpoints {
    static let all: [Endpoint] = [
        Endpoint(
            .get, "/",
            operation: Operation(
                id: "serviceInfo", summary: "Service name, version and links",
                success: ("Service name, version and links", MediaType.json, ref("ServiceInfo")), errors: [503])
        ) { _, _ in Documents.root },
        Endpoint(
            .get, "/kpis", link: "catalogue",
            operation: Operation(
                id: "listKpis", summary: "The KPI catalogue: every KPI with its inputs' JSON Schema and an example",
                success: ("The KPI catalogue: every KPI with its inputs' JSON Schema and an example", MediaType.json, ref("Catalogue")), errors: [503])
        ) { request, _ in Documents.catalogue.response(for: request) },
        Endpoint(
            .get, "/kpis/{id}",
            operation: Operation(
                id: "getKpi", summary: "One entry of the KPI catalogue", parameterValues: KPIRegistry.all.map(\.id),
                success: ("One catalogue entry", MediaType.json, ref("CatalogueEntry")), errors: [404, 503])
        ) { request, context in
            guard let id = context.parameter, let entry = Documents.catalogueEntries[id] else {
                throw ServiceError.notFound(path: "/kpis/" + (context.parameter ?? ""))
            }
            return entry.response(for: request)
        },
    ] + KPIRegistry.all.map(kpi) + [
        Endpoint(
            .post, "/batch", requiresAuthorization: true, link: "batch",
            operation: Operation(
                id: "batch", summary: "Compute up to 1000 KPIs in one request; a bad item fails only itself",
                body: Operation.Body(
                    schema: "BatchRequest",
                    example: ["items": [["kpi": "cac", "input": ["totalSpend": 10000, "newCustomers": 10]]]]),
                success: ("One result per item, in order", MediaType.json, ref("BatchResponse")),
                errors: [400, 401, 413, 415, 422, 503])
        ) { request, _ in .json(try RequestBody.read(request, Batch.evaluate)) },
        Endpoint(
            .get, "/healthz", link: "health",
            operation: Operation(
                id: "healthz", summary: "Liveness: the process is up",
                success: ("Liveness: the process is up", MediaType.json, ref("Health")), errors: [503])
        ) { _, _ in Documents.ok },
        Endpoint(
            .get, "/readyz", link: "readiness",
            operation: Operation(
                id: "readyz", summary: "Readiness: 200 while serving, 503 while draining for shutdown",
                success: ("Readiness: 200 while serving, 503 while draining for shutdown", MediaType.json, ref("Health")), errors: [503])
        ) { _, context in
            if context.service.isDraining { throw ServiceError.draining }
            return Documents.ready
        },
        Endpoint(
            .get, "/metrics", link: "metrics",
            operation: Operation(
                id: "metrics",
                summary: "Prometheus text exposition: requests by route and status, latency histogram, open connections, in-flight requests",
                success: ("Prometheus text exposition: requests by route and status, latency histogram, open connections, in-flight requests", "text/plain", ["type": "string"]), errors: [503])
        ) { _, context in context.service.metricsResponse() },
        Endpoint(
            .get, "/openapi.yaml", link: "openapi",
            operation: Operation(
                id: "openapi", summary: "This document",
                // openapi-python-client 0.29 reads JSON bodies only: it warns and leaves this response out.
                success: ("This document, as YAML. (openapi-python-client reads JSON bodies only: it warns and leaves this response out of its client; fetch the document with any HTTP client.)", MediaType.openAPI, ["type": "object"]), errors: [503])
        ) { request, _ in Documents.openAPI.response(for: request) },
        Endpoint(
            .get, "/docs", link: "docs",
            operation: Operation(
                id: "docs", summary: "A page to try the service in a browser",
                description: "Lists the KPIs, fills a KPI's example into an editable request, sends it and shows the value with its working; a 422 shows each problem beside its field. Self-contained (its script and style are /docs/app.js and /docs/app.css) under a strict Content-Security-Policy.",
                success: ("The page", DocsPage.htmlType, ["type": "string"]), errors: [503])
        ) { request, _ in DocsPage.page.response(for: request) },
        Endpoint(
            .get, "/docs/app.js",
            operation: Operation(
                id: "docsScript", summary: "The script of the /docs page",
                success: ("The script of the /docs page", DocsPage.scriptType, ["type": "string"]), errors: [503])
        ) { request, _ in DocsPage.app.response(for: request) },
        Endpoint(
            .get, "/docs/app.css",
            operation: Operation(
                id: "docsStyle", summary: "The style sheet of the /docs page",
                success: ("The style sheet of the /docs page", DocsPage.styleType, ["type": "string"]), errors: [503])
        ) { request, _ in DocsPage.stylesheet.response(for: request) },
        Endpoint(
            .get, "/problems/{type}", link: "problems",
            operation: Operation(
                id: "getProblemType", summary: "What a problem `type` means (the `type` member of every error)",
                parameterValues: ProblemType.allCases.map(\.rawValue),
                success: ("The problem type's documentation", MediaType.json, ref("ProblemTypeDocument")), errors: [404, 503])
        ) { _, context in
            guard let name = context.parameter, let type = ProblemType(rawValue: name) else {
                throw ServiceError.notFound(path: "/problems/" + (context.parameter ?? ""))
            }
            return .json(type.document)
        },
    ]

    /// `POST /<kpi-id>`.
    private static func kpi(_ definition: KPIDefinition) -> Endpoint {
        Endpoint(
            .post, "/" + definition.id, requiresAuthorization: true,
            operation: Operation(
                id: definition.id, summary: definition.name,
                description: "\(definition.summary)\n\nFormula: `\(definition.formula)` (unit: \(definition.unit.rawValue), \(definition.betterDirection.rawValue) is better).",
                tags: ["kpis"],
                body: Operation.Body(schema: OpenAPIDocument.schemaName(definition), example: definition.example),
                success: ("\(definition.name) with its formula breakdown", MediaType.json, ref("KPIResult")),
                errors: [400, 401, 413, 415, 422, 503])
        ) { request, _ in
            .json(try RequestBody.read(request) { bytes throws(BodyError) in try definition.evaluate(json: bytes) }.serialized())
        }
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }
}

/// The documents that never change, serialized (and where large enough compressed) once, on first use.
enum Documents {
    static let root = Response.json(ServiceInfo.document)
    static let catalogue = ConstantResponse(.json(Catalogue.all))
    static let catalogueEntries: [String: ConstantResponse] = Dictionary(
        uniqueKeysWithValues: KPIRegistry.all.map { ($0.id, ConstantResponse(.json(Catalogue.entry($0)))) })
    static let ok = Response.json(["status": "ok"])
    static let ready = Response.json(["status": "ready"])
    static let openAPI = ConstantResponse(
        Response(status: .ok, headerFields: [.contentType: MediaType.openAPI], body: Array(OpenAPIDocument.yaml().utf8)))

    /// Builds every document now, so that the first request does not pay for it.
    static func prepare() {
        _ = (root, catalogue, catalogueEntries, ok, ready, openAPI, DocsPage.page, DocsPage.app, DocsPage.stylesheet)
    }
}

extension ProblemType {
    /// `GET /problems/<name>`: the type's URI, title, status and what it means.
    var document: JSONValue {
        ["type": .string(uri), "title": .string(title), "status": .int(status.code), "description": .string(explanation)]
    }
}
