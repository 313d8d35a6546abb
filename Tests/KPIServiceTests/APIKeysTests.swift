import Testing

@testable import KPIService

@Suite struct APIKeysTests {
    let keys = ["s3cret", "other-key"]
    let cac = #"{"totalSpend":10000,"newCustomers":10}"#

    @Test(arguments: TestTransport.allCases)
    func kpiRoutesAndBatchNeedABearerTokenWhenKeysAreConfigured(transport: TestTransport) throws {
        try Application.testing(apiKeys: keys).test(transport) { client in
            let missing = try client.execute(.post, "/cac", body: cac)
            #expect(missing.status == 401)
            #expect(missing["WWW-Authenticate"] == #"Bearer realm="kpi-service""#)
            #expect(missing.json?["status"] == 401)
            let wrong = try client.execute(.post, "/cac", body: cac, headers: [("Authorization", "Bearer s3cre")])
            #expect(wrong.status == 401)
            #expect(wrong["WWW-Authenticate"]?.contains("invalid_token") == true)
            #expect(try client.execute(.post, "/batch", body: #"{"items":[]}"#).status == 401)
        }
    }

    @Test(arguments: TestTransport.allCases, ["Bearer s3cret", "bearer s3cret", "BEARER other-key", "Bearer  s3cret "])
    func aValidTokenIsAccepted(transport: TestTransport, authorization: String) throws {
        try Application.testing(apiKeys: keys).test(transport) { client throws in
            #expect(try client.execute(.post, "/cac", body: cac, headers: [("Authorization", authorization)]).status == 200)
        }
    }

    @Test(arguments: TestTransport.allCases, ["Basic czNjcmV0", "Bearer", "Bearer ", "s3cret", "Bearer s3cretX", "Bearer S3CRET"])
    func anInvalidAuthorizationIsRefused(transport: TestTransport, authorization: String) throws {
        try Application.testing(apiKeys: keys).test(transport) { client throws in
            #expect(try client.execute(.post, "/cac", body: cac, headers: [("Authorization", authorization)]).status == 401)
        }
    }

    @Test(arguments: TestTransport.allCases, ["/healthz", "/readyz", "/metrics", "/kpis", "/openapi.yaml", "/"])
    func operationalRoutesStayOpen(transport: TestTransport, path: String) throws {
        try Application.testing(apiKeys: keys).test(transport) { client throws in
            #expect(try client.execute(.get, path).status == 200)
        }
    }

    @Test(arguments: TestTransport.allCases)
    func withoutKeysEveryRouteIsOpen(transport: TestTransport) throws {
        try Application.testing().test(transport) { client throws in
            #expect(try client.execute(.post, "/cac", body: cac).status == 200)
        }
    }

    @Test func keysAreParsedFromLinesOrCommasIgnoringCommentsAndBlanks() throws {
        let keys = try APIKeys(parsing: "# team keys, rotated\nalpha\n\n beta ,gamma\r\n,delta,,\tAb9-._~+/==\n")
        #expect(keys.count == 5)
        #expect(keys.matches(Array("beta".utf8)))
        #expect(keys.matches(Array("Ab9-._~+/==".utf8)))
        #expect(!keys.matches(Array("# team keys".utf8)))
        #expect(!keys.matches(Array(" rotated".utf8)))
    }

    @Test(arguments: ["", " ", ",", " , ,", "\n", "\r\n\t\n", "\n# none\n", "# only, a comment"])
    func textWithoutAKeyIsRefused(text: String) {
        #expect(throws: APIKeysError.noKeys) { try APIKeys(parsing: text) }
    }

    @Test(arguments: [
        ("a,b c", 2, 1, "whitespace"), ("k1\nk2\tx", 2, 2, "whitespace"), ("a\u{1}b", 1, 1, "control"),
        ("ok\na\rb", 2, 2, "control"), ("ok,\u{7F}", 2, 1, "control"), ("clé", 1, 1, "non-ASCII"),
        ("a=b", 1, 1, "'=' before its end"), ("x\n\n===", 2, 3, "only '=' padding"), ("a:b", 1, 1, "other than"),
        ("ok,#b", 2, 1, "other than"), ("ok # note", 1, 1, "whitespace"),
    ])
    func aKeyThatCouldNeverMatchIsRefusedByPosition(text: String, position: Int, line: Int, reason: String) {
        let error = #expect(throws: APIKeysError.self) { try APIKeys(parsing: text) }
        guard case .invalidKey(position, line, let flaw) = error else {
            Issue.record("\(String(describing: error))")
            return
        }
        #expect(flaw.contains(reason), "\(flaw)")
        #expect(error?.description.contains("key \(position) (line \(line))") == true)
    }
}
