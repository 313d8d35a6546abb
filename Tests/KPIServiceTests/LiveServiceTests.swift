import HTTPServer
import HTTPTestSupport
import JSON
import KPIService
import Testing

/// The real service on a loopback port, driven with raw HTTP/1.1 bytes where the bytes are the point
/// (keep-alive, pipelining, status lines, `Expect: 100-continue`, limits the parser enforces).
@Suite(.serialized) struct LiveServiceTests {
    @Test func aKPIRequestAndKeepAliveWorkOverASocket() throws {
        try Application.testing().test(.live) { server in
            let client = try server.connect()
            let body = #"{"totalSpend":10000,"newCustomers":10}"#
            for _ in 0..<3 {
                client.send("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
                let response = try #require(client.readResponse())
                #expect(response.status == 200)
                #expect(response.header("Content-Type") == "application/json")
                #expect(response.header("X-Request-ID") != nil)
                #expect(try JSONReader.parse(response.body)["value"] == 1000)
            }
        }
    }

    @Test func pipelinedRequestsToDifferentRoutesAnswerInOrder() throws {
        try Application.testing().test(.live) { server in
            let client = try server.connect()
            let body = #"{"dealsClosed":30,"leads":100}"#
            client.send(
                "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"
                    + "POST /close-rate HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
                    + "GET /nope HTTP/1.1\r\nHost: x\r\n\r\n")
            let statuses = (0..<3).compactMap { _ in client.readResponse()?.status }
            #expect(statuses == [200, 200, 404])
        }
    }

    @Test(arguments: [
        ("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Length: 2\r\n\r\n{}", 415),
        ("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 2\r\n\r\n{}", 415),
        ("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 3\r\n\r\n{x}", 400),
        ("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}", 422),
        ("GET /cac HTTP/1.1\r\nHost: x\r\n\r\n", 405),
        ("QUERY /cac HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n", 405),
        ("BREW /cac HTTP/1.1\r\nHost: x\r\n\r\n", 501),
        ("GET /missing HTTP/1.1\r\nHost: x\r\n\r\n", 404),
        ("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n", 413),
        ("GET /healthz HTTP/1.1\r\n\r\n", 400),
        ("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 20_000))\r\n\r\n", 431),
    ])
    func everyErrorStatusOfTheContractComesAsProblemJSON(request: String, status: Int) throws {
        try Application.testing { $0.server.maxBodyBytes = 65_536 }.test(.live) { server in
            let client = try server.connect()
            client.send(request)
            let response = try #require(client.readResponse())
            #expect(response.status == status)
            #expect(response.header("Content-Type") == "application/problem+json")
            let problem = try JSONReader.parse(response.body)
            #expect(problem["status"] == .int(status))
            // Every problem has a documented type of its status, and the title that type declares.
            let type = try #require(ProblemType.allCases.first { $0.uri == problem["type"]?.stringValue })
            #expect(type.status.code == status)
            #expect(problem["title"] == .string(type.title))
            // RFC 9112 §4: the status line carries the status's reason phrase.
            #expect(response.statusLine == "HTTP/1.1 \(status) \(type.status.reasonPhrase)")
            // A size limit passed is named, in bytes, so that a client knows what fits.
            if status == 413 { #expect(problem["detail"] == "The request body is larger than the limit of 65536 bytes.") }
            if status == 431 { #expect(problem["detail"]?.stringValue?.contains("limit of 16384 bytes") == true) }
        }
    }

    @Test func readinessTurns503WhileDraining() throws {
        let application = Application.testing { $0.shutdownDelay = .milliseconds(800) }
        try application.start()
        let client = try LoopbackClient(port: application.port)
        client.send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(client.readResponse()?.status == 200)
        application.shutdown()
        let during = try LoopbackClient(port: application.port)
        during.send("GET /readyz HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(during.readResponse()?.status == 503)
        application.wait()
        #expect((try? LoopbackClient(port: application.port)) == nil)
    }

    @Test func authIsEnforcedOverTheWire() throws {
        try Application.testing(apiKeys: ["k1"]).test(.live) { server in
            let client = try server.connect()
            let body = #"{"totalSpend":1,"newCustomers":1}"#
            client.send("POST /cac HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            let refused = try #require(client.readResponse())
            #expect(refused.status == 401)
            #expect(refused.header("WWW-Authenticate") == #"Bearer realm="kpi-service""#)
            client.send("POST /cac HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer k1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)")
            #expect(client.readResponse()?.status == 200)
            client.send("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n")
            let metrics = try #require(client.readResponse())
            #expect(metrics.status == 200)
            #expect(metrics.text.contains("http_open_connections 1"))
        }
    }

    @Test func anUnauthorizedBodyIsRefusedWith401BeforeAny100Continue() throws {
        try Application.testing(apiKeys: ["k1"]).test(.live) { server in
            let refused = try server.connect()
            refused.send("POST /cac HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Length: 50000\r\n\r\n")
            let answer = try #require(refused.readResponse())
            #expect(answer.status == 401)
            #expect(answer.header("Content-Type") == "application/problem+json")
            #expect(answer.header("Connection") == "close")
            let allowed = try server.connect()
            let body = #"{"totalSpend":1,"newCustomers":1}"#
            allowed.send("POST /cac HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nAuthorization: Bearer k1\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\n\r\n")
            #expect(allowed.readResponse()?.status == 100)
            allowed.send(body)
            #expect(allowed.readResponse()?.status == 200)
        }
    }

    @Test func aGzipBodyIs415WithAcceptEncodingIdentityBeforeTheBodyIsSent() throws {
        try Application.testing().test(.live) { server in
            let client = try server.connect()
            client.send("POST /cac HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Type: application/json\r\nContent-Encoding: gzip\r\nContent-Length: 50000\r\n\r\n")
            let answer = try #require(client.readResponse())
            #expect(answer.status == 415)
            #expect(answer.header("Accept-Encoding") == "identity")
            #expect(answer.header("Content-Type") == "application/problem+json")
        }
    }
}
