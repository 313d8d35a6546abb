import HTTPTypes
import JSON
import KPICore
import Testing

@testable import KPIService

/// The service's answers, through both transports.
@Suite struct KPIServiceTests {
    @Test(arguments: TestTransport.allCases)
    func theCACWorkedExampleAnswers1000WithItsBreakdown(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cac", body: #"{"totalSpend":10000,"newCustomers":10}"#)
            #expect(reply.status == 200)
            #expect(reply["Content-Type"] == "application/json")
            let body = try #require(reply.json)
            #expect(body["kpi"] == "cac")
            #expect(body["value"] == 1000)
            #expect(body["unit"] == "currency")
            #expect(body["substituted"] == "CAC = 10000 / 10 = 1000")
        }
    }

    @Test(arguments: TestTransport.allCases, KPIRegistry.all.map(\.id))
    func everyKPIRouteAnswersItsCatalogueExample(transport: TestTransport, id: String) throws {
        try Application.testing().test(transport) { client in
            let definition = try #require(KPIRegistry.definition(id: id))
            let body = String(decoding: definition.example.serialized(), as: UTF8.self)
            let reply = try client.execute(.post, "/" + id, body: body)
            #expect(reply.status == 200, "\(reply.text)")
            #expect(reply.json?["kpi"] == .string(id))
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aZeroDivisorIsA422WithThePointerAndThePlainSentence(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cac", body: #"{"totalSpend":10000,"newCustomers":0}"#)
            #expect(reply.status == 422)
            #expect(reply["Content-Type"] == "application/problem+json")
            let problem = try #require(reply.json)
            #expect(problem["type"] == "/problems/invalid-input")
            #expect(problem["title"] == "Invalid input")
            #expect(problem["status"] == 422)
            #expect(problem["instance"] == "/cac")
            let errors = try #require(problem["errors"]?.arrayValue)
            #expect(errors.first?["pointer"] == "/newCustomers")
            #expect(problem["detail"]?.stringValue?.hasPrefix("newCustomers ") == true)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func everyProblemOfABodyIsListedAtOnce(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cac", body: #"{"totalSpend":-5,"newCustomers":2.5,"typo":1}"#)
            #expect(reply.status == 422)
            let pointers = Set(try #require(reply.json?["errors"]?.arrayValue).compactMap { $0["pointer"]?.stringValue })
            #expect(pointers == ["/totalSpend", "/newCustomers", "/typo"])
        }
    }

    @Test(arguments: TestTransport.allCases, [
        (#"{"totalSpend":10000,"#, "not valid JSON"),
        (#"[1,2]"#, "must be a JSON object"),
        (#"{"a":1,"a":2}"#, "duplicate"),
        ("", "not valid JSON"),
    ])
    func malformedOrNonObjectBodiesAre400(transport: TestTransport, example: (body: String, detailFragment: String)) throws {
        let (body, detailFragment) = example
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cac", body: body)
            #expect(reply.status == 400)
            #expect(reply["Content-Type"] == "application/problem+json")
            let detail = try #require(reply.json?["detail"]?.stringValue)
            #expect(detail.contains(detailFragment), "\(detail)")
        }
    }

    @Test(arguments: TestTransport.allCases, [nil, "text/plain", "application/xml", "application/jsonx", "multipart/form-data", "application/+json", "text/json", "application/json-seq"] as [String?])
    func aBodyNotDeclaredAsJSONIs415(transport: TestTransport, contentType: String?) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cac", body: #"{"totalSpend":1,"newCustomers":1}"#, contentType: contentType)
            #expect(reply.status == 415)
            #expect(reply.json?["status"] == 415)
        }
    }

    @Test(arguments: TestTransport.allCases, ["application/json", "application/json; charset=utf-8", "Application/JSON", "application/problem+json", "application/vnd.crm+json ; v=1"])
    func jsonMediaTypesAreAccepted(transport: TestTransport, contentType: String) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.post, "/cac", body: #"{"totalSpend":1,"newCustomers":1}"#, contentType: contentType)
            #expect(reply.status == 200)
        }
    }

    @Test(arguments: TestTransport.allCases, ["/nope", "/kpis/nope", "/cac/extra", "/CAC"])
    func unknownPathsAre404(transport: TestTransport, path: String) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.get, path)
            #expect(reply.status == 404)
            #expect(reply.json?["status"] == 404)
            #expect(reply.json?["instance"] == .string(path))
        }
    }

    @Test(arguments: TestTransport.allCases)
    func aKnownPathWithTheWrongMethodIs405WithAllow(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let get = try client.execute(.get, "/cac")
            #expect(get.status == 405)
            #expect(get["Allow"] == "OPTIONS, POST")
            let post = try client.execute(.post, "/healthz", body: "{}")
            #expect(post.status == 405)
            #expect(post["Allow"] == "GET, HEAD, OPTIONS")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func optionsOnARouteIs204WithAllow(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.options, "/cac")
            #expect(reply.status == 204)
            #expect(reply["Allow"] == "OPTIONS, POST")
            #expect(reply.body.isEmpty)
            #expect(try client.execute(.options, "*").status == 204)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func headIsAnsweredLikeGet(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.head, "/healthz")
            #expect(reply.status == 200)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func healthAndReadinessFollowTheDrain(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            #expect(try client.execute(.get, "/healthz").json == ["status": "ok"])
            #expect(try client.execute(.get, "/readyz").status == 200)
            client.service.beginDraining()
            let readiness = try client.execute(.get, "/readyz")
            #expect(readiness.status == 503)
            #expect(readiness["Content-Type"] == "application/problem+json")
            #expect(try client.execute(.get, "/healthz").status == 200)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theRootDocumentNamesTheServiceAndLinksTheEndpoints(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = try #require(try client.execute(.get, "/").json)
            #expect(body["service"] == "kpi-service")
            #expect(body["version"] == .string(ServiceInfo.version))
            #expect(body["links"]?["catalogue"] == "/kpis")
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theCatalogueListsEveryKPIFromTheRegistry(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let body = try #require(try client.execute(.get, "/kpis").json)
            let entries = try #require(body["kpis"]?.arrayValue)
            #expect(entries.compactMap { $0["id"]?.stringValue } == KPIRegistry.all.map(\.id))
            for entry in entries {
                #expect(entry["path"]?.stringValue == "/" + (entry["id"]?.stringValue ?? ""))
                #expect(entry["inputSchema"]?.objectValue != nil)
                #expect(entry["example"]?.objectValue != nil)
            }
            let one = try client.execute(.get, "/kpis/nps")
            #expect(one.status == 200)
            #expect(one.json?["id"] == "nps")
        }
    }

    /// What the catalogue says about files holds for every KPI: a route answers 415 to exactly the record media
    /// types its entry leaves out (the body is a header alone, so a route that reads it answers 422, not 415).
    @Test(arguments: TestTransport.allCases)
    func theCatalogueSaysWhichMediaTypesAndReadingOptionsAKPITakes(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let cycle = try #require(try client.execute(.get, "/kpis/sales-cycle-length").json)
            #expect(cycle["records"] == "deals")
            #expect(cycle["mediaTypes"] == ["application/json", "application/x-ndjson", "text/csv"])
            let options = try #require(cycle["readingOptions"]?.arrayValue).compactMap(\.stringValue)
            #expect(options.starts(with: ["columns", "unknownFields", "invalidRows", "numberFormat", "delimiter", "dateFormat"]))
            for option in options { #expect(cycle["inputSchema"]?["properties"]?[option] != nil, "\(option)") }
            let cac = try #require(try client.execute(.get, "/kpis/cac").json)
            #expect(cac["records"] == .null && cac["mediaTypes"] == ["application/json"] && cac["readingOptions"] == [])
            let entries = try #require(try client.execute(.get, "/kpis").json?["kpis"]?.arrayValue)
            for entry in entries {
                let path = try #require(entry["path"]?.stringValue)
                let listed = try #require(entry["mediaTypes"]?.arrayValue).compactMap(\.stringValue)
                for (mediaType, body) in [("application/x-ndjson", "{}\n"), ("text/csv", "id\n")] {
                    let status = try client.execute(.post, path, body: body, contentType: mediaType).status
                    #expect((status == 415) == !listed.contains(mediaType), "\(path) \(mediaType): \(status)")
                }
            }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theRequestIDIsEchoedWhenUsableAndGeneratedOtherwise(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let echoed = try client.execute(.get, "/healthz", headers: [("X-Request-ID", "abc-123")])
            #expect(echoed["X-Request-ID"] == "abc-123")
            let generated = try client.execute(.get, "/healthz", headers: [("X-Request-ID", "has space")])
            let id = try #require(generated["X-Request-ID"])
            #expect(id != "has space" && !id.isEmpty)
            let other = try #require(try client.execute(.get, "/healthz")["X-Request-ID"])
            #expect(other != id)
        }
    }

    @Test func generatedRequestIDsAreARandomPrefixAndASequenceInHex() throws {
        let generator = RequestIDGenerator()
        let ids = (1...300).map { _ in generator.id(for: nil) }
        let prefix = try #require(ids[0].split(separator: "-").first)
        #expect(!prefix.isEmpty && prefix.allSatisfy(\.isHexDigit))
        #expect(ids.map { String($0.dropFirst(prefix.count)) } == (1...300).map { "-" + String($0, radix: 16) })
        #expect(ids.allSatisfy(RequestIDGenerator.isUsable))
    }

    @Test(arguments: TestTransport.allCases)
    func metricsCountRequestsByRouteAndStatus(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            _ = try client.execute(.post, "/cac", body: #"{"totalSpend":10,"newCustomers":1}"#)
            _ = try client.execute(.post, "/cac", body: #"{"totalSpend":10,"newCustomers":0}"#)
            _ = try client.execute(.get, "/nope")
            let text = try client.execute(.get, "/metrics").text
            #expect(text.contains(#"http_requests_total{route="/cac",status="200"} 1"#), "\(text)")
            #expect(text.contains(#"http_requests_total{route="/cac",status="422"} 1"#))
            #expect(text.contains(#"http_requests_total{route="unmatched",status="404"} 1"#))
            #expect(text.contains("http_request_duration_seconds_bucket"))
            #expect(text.contains("http_open_connections"))
            #expect(text.contains("http_requests_in_flight"))
        }
    }

    @Test(arguments: TestTransport.allCases)
    func theOpenAPIDocumentIsServedAsYAML(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            let reply = try client.execute(.get, "/openapi.yaml")
            #expect(reply.status == 200)
            #expect(reply["Content-Type"] == "application/yaml")
            #expect(reply.text.hasPrefix("openapi: \"3.1.0\"\n"))
        }
    }
}
