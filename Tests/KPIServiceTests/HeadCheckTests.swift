import HTTPServer
import HTTPTypes
import JSON
import Testing

@testable import KPIService

/// `KPIService.checkHead`: what the service refuses before a body is read.
@Suite struct HeadCheckTests {
    let locked = KPIService(apiKeys: APIKeys(["k1"]))

    private func check(
        _ service: KPIService, _ method: HTTPRequest.Method, _ path: String, contentType: String? = "application/json",
        headers: [(String, String)] = []
    ) -> Response? {
        service.checkHead(TestClient.request(method, path, body: "", contentType: contentType, headers: headers))
    }

    @Test func aKPIRouteWithoutAValidTokenIsRefusedWith401() throws {
        let missing = try #require(check(locked, .post, "/cac"))
        #expect(missing.status == .unauthorized)
        #expect(missing.headerFields[.contentType] == "application/problem+json")
        #expect(missing.headerFields[.wwwAuthenticate] == #"Bearer realm="kpi-service""#)
        #expect(missing.headerFields[HTTPField.Name("X-Request-ID")!] != nil)
        let wrong = try #require(check(locked, .post, "/batch", headers: [("Authorization", "Bearer nope")]))
        #expect(wrong.status == .unauthorized)
    }

    @Test func aValidTokenOrAnOpenServiceLetsTheBodyBeRead() {
        #expect(check(locked, .post, "/cac", headers: [("Authorization", "Bearer k1")]) == nil)
        #expect(check(KPIService(), .post, "/cac") == nil)
    }

    @Test func unknownPathsWrongMethodsAndOpenRoutesAreLeftToTheHandler() {
        #expect(check(locked, .post, "/nope") == nil)
        #expect(check(locked, .put, "/cac") == nil)
        #expect(check(locked, .post, "/healthz") == nil)
        #expect(check(locked, .get, "/kpis", contentType: nil) == nil)
    }

    @Test func aContentCodedBodyIs415NamingIdentityAsTheOnlyAcceptedCoding() throws {
        let refused = try #require(check(KPIService(), .post, "/cac", headers: [("Content-Encoding", "gzip")]))
        #expect(refused.status == .unsupportedMediaType)
        #expect(refused.headerFields[.acceptEncoding] == "identity")
        let problem = try JSONReader.parse(refused.body)
        #expect(problem["detail"]?.stringValue?.contains("gzip") == true)
        #expect(check(KPIService(), .post, "/cac", headers: [("Content-Encoding", "identity")]) == nil)
    }

    @Test func aBodyThatIsNotJSONIs415FromTheHead() {
        #expect(check(KPIService(), .post, "/cac", contentType: "text/plain")?.status == .unsupportedMediaType)
    }

    /// In process: over a socket, the head check answers first.
    @Test func theHandlerRefusesAContentCodedBodyTheSameWay() throws {
        try Application.testing().test(.inProcess) { client in
            let reply = try client.execute(.post, "/cac", body: "\u{1F}\u{8B}", headers: [("Content-Encoding", "gzip")])
            #expect(reply.status == 415)
            #expect(reply["Accept-Encoding"] == "identity")
        }
    }
}
