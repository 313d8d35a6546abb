import Testing

@testable import KPIService

@Suite struct APIKeysTests {
    let service = Fixture.service(apiKeys: ["s3cret", "other-key"])
    let cac = #"{"totalSpend":10000,"newCustomers":10}"#

    @Test func kpiRoutesAndBatchNeedABearerTokenWhenKeysAreConfigured() {
        let missing = service.call(.post, "/cac", body: cac)
        #expect(missing.status == 401)
        #expect(missing["WWW-Authenticate"] == #"Bearer realm="kpi-service""#)
        #expect(missing.json?["status"] == 401)
        let wrong = service.call(.post, "/cac", body: cac, headers: [("Authorization", "Bearer s3cre")])
        #expect(wrong.status == 401)
        #expect(wrong["WWW-Authenticate"]?.contains("invalid_token") == true)
        #expect(service.call(.post, "/batch", body: #"{"items":[]}"#).status == 401)
    }

    @Test(arguments: ["Bearer s3cret", "bearer s3cret", "BEARER other-key", "Bearer  s3cret "])
    func aValidTokenIsAccepted(authorization: String) {
        #expect(service.call(.post, "/cac", body: cac, headers: [("Authorization", authorization)]).status == 200)
    }

    @Test(arguments: ["Basic czNjcmV0", "Bearer", "Bearer ", "s3cret", "Bearer s3cretX", "Bearer S3CRET"])
    func anInvalidAuthorizationIsRefused(authorization: String) {
        #expect(service.call(.post, "/cac", body: cac, headers: [("Authorization", authorization)]).status == 401)
    }

    @Test(arguments: ["/healthz", "/readyz", "/metrics", "/kpis", "/openapi.yaml", "/"])
    func operationalRoutesStayOpen(path: String) {
        #expect(service.call(.get, path).status == 200)
    }

    @Test func withoutKeysEveryRouteIsOpen() {
        #expect(Fixture.service().call(.post, "/cac", body: cac).status == 200)
    }

    @Test func keysAreParsedFromLinesOrCommasIgnoringCommentsAndBlanks() {
        let keys = APIKeys(parsing: "# team keys\nalpha\n\n beta ,gamma\r\n")
        #expect(keys.count == 3)
        #expect(keys.matches(Array("beta".utf8)))
        #expect(!keys.matches(Array("# team keys".utf8)))
        #expect(!APIKeys(parsing: "\n# none\n").isEnabled)
    }
}
