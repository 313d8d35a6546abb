import Foundation
import HTTPServer
import JSON
import Testing
@testable import KPIService

@Suite("Problem types")
struct ProblemTypeTests {
    let service = Fixture.service()

    @Test(arguments: ProblemType.allCases)
    func everyTypeIsDocumentedAtItsOwnURI(type: ProblemType) throws {
        let reply = service.call(.get, type.uri)
        #expect(reply.status == 200)
        let document = try #require(reply.json)
        #expect(document["type"] == .string(type.uri))
        #expect(document["title"] == .string(type.title))
        #expect(document["status"] == .int(type.status.code))
        #expect(document["description"]?.stringValue?.isEmpty == false)
    }

    @Test func anUnknownTypeIsNotFoundAndSaysSoWithItsOwnType() throws {
        for path in ["/problems/no-such-type", "/problems/", "/problems/invalid-input/x"] {
            let reply = service.call(.get, path)
            #expect(reply.status == 404, "\(path)")
            #expect(reply.json?["type"] == "/problems/not-found", "\(path)")
        }
    }

    @Test("a server refusal becomes a problem of the refusal's status", arguments: [
        Refusal.Reason.headerTimeout, .bodyTooSlow, .tooManyConnections, .tooManyBodiesInFlight,
        .malformed(.contentTooLarge), .malformed(.targetTooLong), .malformed(.headerFieldsTooLarge),
        .malformed(.methodNotImplemented), .malformed(.unsupportedTransferCoding), .malformed(.versionNotSupported),
        .malformed(.invalidHost), .malformed(.incompleteRequest),
    ])
    func refusals(reason: Refusal.Reason) throws {
        let refusal = Refusal(reason: reason)
        let response = service.refusal(refusal)
        #expect(response.status == refusal.status)
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
    let service = Fixture.service()

    @Test func theRootDocumentLinksEveryEndpointThatDeclaresALink() throws {
        let links = try #require(service.call(.get, "/").json?["links"]?.objectValue)
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

    @Test func optionsAnswersTheAllowOfEachDeclaredMethod() {
        for endpoint in Endpoints.all {
            let path = endpoint.path.replacingOccurrences(of: "{id}", with: "cac").replacingOccurrences(of: "{type}", with: "not-found")
            let reply = service.call(.options, path)
            #expect(reply.status == 204, "\(path)")
            #expect(reply["Allow"] == endpoint.allow, "\(path)")
        }
    }

    @Test func aParameterMatchesOneSegmentOnly() {
        #expect(service.call(.get, "/kpis/cac").status == 200)
        #expect(service.call(.get, "/kpis/cac/extra").status == 404)
        #expect(service.call(.get, "/kpis/").status == 404)
    }
}

@Suite("Problem types in the README")
struct ProblemTypeReadmeTests {
    @Test func theErrorModelTableListsEveryTypeWithItsStatus() throws {
        // #filePath is Tests/KPIServiceTests/ProblemTypeTests.swift: the README is two levels up.
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("README.md")
        let readme = try String(contentsOf: url, encoding: .utf8)
        for type in ProblemType.allCases {
            #expect(readme.contains("| `\(type.uri)` | \(type.status.code) |"), "\(type.uri)")
        }
    }
}
