import Foundation
import HTTPServer
import HTTPTypes
import JSON
import Testing
@testable import KPIService

@Suite("Problem types")
struct ProblemTypeTests {
    let service = Application.testing().service

    @Test(arguments: TestTransport.allCases)
    func everyTypeIsDocumentedAtItsOwnURI(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            for type in ProblemType.allCases {
                let reply = try client.execute(.get, type.uri)
                #expect(reply.status == 200)
                let document = try #require(reply.json)
                #expect(document["type"] == .string(type.uri))
                #expect(document["title"] == .string(type.title))
                #expect(document["status"] == .int(type.status.code))
                #expect(document["description"]?.stringValue?.isEmpty == false)
            }
        }
    }

    @Test(arguments: TestTransport.allCases)
    func anUnknownTypeIsNotFoundAndSaysSoWithItsOwnType(transport: TestTransport) throws {
        try Application.testing().test(transport) { client in
            for path in ["/problems/no-such-type", "/problems/", "/problems/invalid-input/x"] {
                let reply = try client.execute(.get, path)
                #expect(reply.status == 404, "\(path)")
                #expect(reply.json?["type"] == "/problems/not-found", "\(path)")
            }
        }
    }

    /// Every answer says `X-Content-Type-Options: nosniff`, once: the error paths reflect what was sent (a
    /// 404's `instance` is the path asked for, here one that looks like HTML).
    @Test(arguments: TestTransport.allCases)
    func everyAnswerForbidsContentSniffing(transport: TestTransport) throws {
        try Application.testing(apiKeys: ["secret-key-1"]).test(transport) { client in
            let bearer = [("Authorization", "Bearer secret-key-1")]
            let replies: [(Int, Reply)] = [
                (404, try client.execute(.get, "/problems/%3Chtml%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E")),
                (404, try client.execute(.get, "/problems/invalid-input/x")),
                (404, try client.execute(.get, "/no/such/%3Cb%3Eroute")),
                (405, try client.execute(.delete, "/kpis")),
                (401, try client.execute(.post, "/cac", body: "{}")),
                (415, try client.execute(.post, "/cac", body: "{}", contentType: "text/html", headers: bearer)),
                (400, try client.execute(.post, "/cac", body: "{", headers: bearer)),
                (422, try client.execute(.post, "/cac", body: "{\"<b>\":1}", headers: bearer)),
                (200, try client.execute(.get, "/healthz")),
                (200, try client.execute(.get, "/docs")),
            ]
            for (status, reply) in replies {
                #expect(reply.status == status)
                #expect(reply.headerFields[values: .xContentTypeOptions] == ["nosniff"], "\(status)")
            }
        }
    }

    @Test("a server refusal becomes a problem of the refusal's status", arguments: [
        Refusal.Reason.headerTimeout, .bodyTooSlow, .tooManyConnections, .tooManyBodiesInFlight, .tooManyResponsesInFlight,
        .malformed(.contentTooLarge), .malformed(.targetTooLong), .malformed(.headerFieldsTooLarge),
        .malformed(.methodNotImplemented), .malformed(.unsupportedTransferCoding), .malformed(.versionNotSupported),
        .malformed(.invalidHost), .malformed(.incompleteRequest),
    ])
    func refusals(reason: Refusal.Reason) throws {
        let refusal = Refusal(reason: reason)
        let response = service.refusal(refusal)
        #expect(response.status == refusal.status)
        #expect(response.headerFields[.xContentTypeOptions] == "nosniff")
        #expect(response.headerFields[.contentType] == "application/problem+json")
        let problem = try JSONReader.parse(response.body)
        #expect(problem["status"] == .int(refusal.status.code))
        #expect(problem["detail"] == .string(refusal.detail))
        let type = try #require(ProblemType.allCases.first { $0.uri == problem["type"]?.stringValue })
        #expect(type.status == refusal.status)
    }

    @Test func titlesAreDistinctSoThatEachNamesItsType() {
        #expect(Set(ProblemType.allCases.map(\.title)).count == ProblemType.allCases.count)
    }
}

@Suite("Route table")
struct RouteTableTests {
    let client = TestClient(application: .testing(), transport: .inProcess)

    @Test func theRootDocumentLinksEveryEndpointThatDeclaresALink() throws {
        let links = try #require(client.execute(.get, "/").json?["links"]?.objectValue)
        let declared = Endpoints.all.compactMap { endpoint in endpoint.link.map { ($0, endpoint.path) } }
        #expect(links.keys == declared.map(\.0))
        for (name, path) in declared { #expect(links[name] == .string(path)) }
    }

    @Test func everyEndpointIsInTheOpenAPIDocumentWithItsMethod() throws {
        let paths = try #require(OpenAPIDocument.json()["paths"]?.objectValue)
        #expect(paths.keys == Endpoints.all.map(\.path))
        for endpoint in Endpoints.all {
            #expect(paths[endpoint.path]?[endpoint.method.rawValue.lowercased()]?["operationId"] == .string(endpoint.operation.id))
        }
    }

    @Test func optionsAnswersTheAllowOfEachDeclaredMethod() throws {
        for endpoint in Endpoints.all {
            let path = endpoint.path.replacingOccurrences(of: "{id}", with: "cac").replacingOccurrences(of: "{type}", with: "not-found")
            let reply = try client.execute(.options, path)
            #expect(reply.status == 204, "\(path)")
            #expect(reply["Allow"] == endpoint.allow, "\(path)")
        }
    }

    @Test func aParameterMatchesOneSegmentOnly() throws {
        #expect(try client.execute(.get, "/kpis/cac").status == 200)
        #expect(try client.execute(.get, "/kpis/cac/extra").status == 404)
        #expect(try client.execute(.get, "/kpis/").status == 404)
    }
}

@Suite("Problem types in the README")
struct ProblemTypeReadmeTests {
    @Test func theErrorModelTableListsEveryTypeWithItsStatus() throws {
        let readme = try MarkdownDocuments.read("README.md")
        for type in ProblemType.allCases {
            #expect(readme.contains("| `\(type.uri)` | \(type.status.code) |"), "\(type.uri)")
        }
        // And no row for a type the service does not have.
        let rows = readme.split(separator: "\n").filter { $0.hasPrefix("| `/problems/") }
            .compactMap { $0.split(separator: "`").dropFirst().first.map(String.init) }
        #expect(rows.sorted() == ProblemType.allCases.map(\.uri).sorted())
    }
}
