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
        Endpoint(
            .get, "/sources", link: "sources",
            operation: Operation(
                id: "listSources", summary: "The presets of the `source` reading option: one system's export or API payload each",
                description: "Each preset's id (the `source` option's value), the KPIs it feeds, the record input and media types it reads, its columns, the system's words for a field's values, its date and number layout and the vendor document it follows. Any reading option given beside `source` wins, key by key.",
                success: ("The presets", MediaType.json, ref("Sources")), errors: [503])
        ) { request, _ in Documents.sources.response(for: request) },
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
            .post, "/series", requiresAuthorization: true, link: "series",
            operation: Operation(
                id: "series", summary: "One KPI per period, with its trend, the latest change and the goal's outlook",
                description: """
                    Each point's `input` is what `POST /<kpi>` takes (1 to 1000 points; period labels of one granularity, \
                    strictly increasing: `2024-03-05`, `2024-W10`, `2024-03`, `2024-Q1`, `2024`). A point that cannot be \
                    computed answers its own 422 and fails only itself. `trend` is the least-squares line of the values on \
                    the period index (null below 3 values); `change` compares the last two values; with a `target` that has \
                    a `deadline`, `goal.projected` is the fitted line at the deadline's period with the 95 % interval of \
                    the fitted mean. The records form (`period`: `day`, `week`, `month`, `quarter` or `year`; optional `from` \
                    and `to`; one `input` with the KPI's records) buckets the records into periods by their event date (the \
                    catalogue entry's `eventDate`) and computes the KPI over each bucket; a KPI whose records carry no event \
                    date answers 422 at `/kpi`.
                    """,
                body: Operation.Body(schema: "SeriesRequest", example: seriesExample),
                success: ("The points, trend, change and goal", MediaType.json, ref("SeriesResponse")),
                errors: [400, 401, 413, 415, 422, 503])
        ) { request, _ in .json(try RequestBody.read(request, Series.evaluate)) },
        Endpoint(
            .post, "/compare", requiresAuthorization: true, link: "compare",
            operation: Operation(
                id: "compare", summary: "One KPI for two inputs, side by side, with the change and whether it is significant",
                description: """
                    `a` and `b` are each what `POST /<kpi>` takes; `change` is `b − a` (percentage points for percent KPIs) \
                    with Newcombe's interval and the two-proportion z-test for rates from counts, the z interval and test \
                    for NPS, Welch's t for means over records, and no interval or test (a warning says why) otherwise.
                    """,
                body: Operation.Body(
                    schema: "CompareRequest",
                    example: ["kpi": "renewal-rate", "a": ["renewedSubscribers": 900, "originalSubscribers": 1000],
                              "b": ["renewedSubscribers": 600, "originalSubscribers": 1000]]),
                success: ("Both results and the change", MediaType.json, ref("CompareResponse")),
                errors: [400, 401, 413, 415, 422, 503])
        ) { request, _ in .json(try RequestBody.read(request, Compare.evaluate)) },
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
        // Worked out once: built on each request, the list cost 1 % of a `/nps` request.
        let recordFormats = definition.recordFormats
        return Endpoint(
            .post, "/" + definition.id, requiresAuthorization: true, recordFormats: recordFormats,
            operation: Operation(
                id: definition.id, summary: definition.name,
                description: "\(definition.summary)\n\nFormula: `\(definition.formula)` (unit: \(definition.unit.rawValue), \(definition.betterDirection.rawValue) is better).",
                tags: ["kpis"],
                queryParameters: OpenAPIDocument.queryParameters(definition),
                body: Operation.Body(
                    schema: OpenAPIDocument.schemaName(definition), example: definition.example,
                    lines: OpenAPIDocument.lineBodies(definition)),
                success: ("\(definition.name) with its formula breakdown", MediaType.json, ref("KPIResult")),
                errors: [400, 401, 413, 415, 422, 503])
        ) { request, _ in
            let parameters = QueryParameters.parse(request.path)
            return .json(try RequestBody.read(request, accepting: recordFormats) { bytes, format throws(BodyError) in
                guard let format else {
                    // Beside a JSON body, query parameters say where its records are (a system's payload as it
                    // came: `recordsAt`, or a `source` preset for one); otherwise they would be ignored.
                    if definition.readsPayload(parameters) { return try definition.evaluate(payload: bytes, parameters: parameters) }
                    guard parameters.isEmpty else { throw .invalid(Self.queryBesideJSON(parameters)) }
                    return try definition.evaluate(json: bytes)
                }
                return try definition.evaluate(records: bytes, format: format, parameters: parameters)
            }.serialized())
        }
    }

    private static func ref(_ name: String) -> JSONValue { ["$ref": .string("#/components/schemas/\(name)")] }

    /// The 422 for query parameters sent with a JSON body: one issue per parameter, at the field it names
    /// (capped like every issue list).
    private static func queryBesideJSON(_ parameters: [(name: String, value: String)]) -> ValidationError {
        var issues = IssueList()
        for parameter in parameters {
            issues.append(
                "/" + parameter.name.split(separator: ".").map { JSONPointer.escape(String($0)) }.joined(separator: "/"),
                "is a query parameter: with a JSON body every input goes in the body (query parameters are read beside NDJSON or CSV records, or beside a system's JSON payload with recordsAt)")
        }
        return issues.validationError
    }

    /// The example body of `POST /series`: six months of churn against a goal.
    static let seriesExample: JSONValue = [
        "kpi": "churn-rate",
        "points": .array(JSONArray(zip(1...6, [(12, 400), (11, 405), (11, 410), (9, 412), (9, 415), (8, 420)]).map { month, counts in
            ["period": .string("2024-0\(month)"), "input": ["customersLost": .int(counts.0), "customersAtStart": .int(counts.1)]]
        })),
        "target": ["value": 1.5, "direction": "atMost", "deadline": "2024-12-31"],
    ]
}

/// The documents that never change, serialized (and where large enough compressed) once, on first use.
enum Documents {
    static let root = Response.json(ServiceInfo.document)
    static let catalogue = ConstantResponse(.json(Catalogue.all))
    static let catalogueEntries: [String: ConstantResponse] = Dictionary(
        uniqueKeysWithValues: KPIRegistry.all.map { ($0.id, ConstantResponse(.json(Catalogue.entry($0)))) })
    static let sources = ConstantResponse(.json(SourceList.all))
    static let ok = Response.json(["status": "ok"])
    static let ready = Response.json(["status": "ready"])
    static let openAPI = ConstantResponse(
        Response(status: .ok, headerFields: [.contentType: MediaType.openAPI], body: Array(OpenAPIDocument.yaml().utf8)))

    /// Builds every document now, so that the first request does not pay for it.
    static func prepare() {
        _ = (root, catalogue, catalogueEntries, sources, ok, ready, openAPI, DocsPage.page, DocsPage.app, DocsPage.stylesheet)
    }
}

extension ProblemType {
    /// `GET /problems/<name>`: the type's URI, title, status and what it means.
    var document: JSONValue {
        ["type": .string(uri), "title": .string(title), "status": .int(status.code), "description": .string(explanation)]
    }
}
