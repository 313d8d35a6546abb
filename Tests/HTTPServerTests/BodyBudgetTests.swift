import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Testing

/// A 100,000-byte budget for bodies in flight, under a 1 MiB per-body limit.
private func smallBudget(_ configuration: inout ServerConfiguration) {
    configuration.maxBodyBytesInFlight = 100_000
    configuration.maxBodyBytes = 1 << 20
}

/// The process-wide budget for request bodies being received.
extension ServerTests {
    @Test("answers 503 with Retry-After to a body that would pass the budget, then serves it once there is room")
    func bodyBudgetRefusesAndRecovers() throws {
        try withServer(smallBudget) { server in
            let holder = try LoopbackClient(port: server.port)
            holder.send("POST /held HTTP/1.1\r\nHost: a\r\nContent-Length: 80000\r\n\r\nstart")
            #expect(eventually { server.bodyBytesInFlight == 80_000 })

            let sized = try LoopbackClient(port: server.port)
            sized.send("POST /sized HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 30000\r\n\r\n")
            let refused = try #require(sized.readResponse())
            #expect(refused.status == 503)
            #expect(refused.header("Retry-After") == "1")
            #expect(refused.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(refused.header("Connection") == "close")
            #expect(refused.text == "Too many request bodies are being received; retry later.\n")

            let chunked = try LoopbackClient(port: server.port)
            chunked.send("POST /chunked HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            chunked.send("6000\r\n\(String(repeating: "c", count: 0x6000))\r\n")
            #expect(chunked.readResponse()?.status == 503, "a chunked body is counted as it grows")

            holder.send(String(repeating: "h", count: 80_000 - 5))
            #expect(holder.readResponse()?.body.count == "POST /held ".utf8.count + 80_000)
            #expect(eventually { server.bodyBytesInFlight == 0 })

            let later = try LoopbackClient(port: server.port)
            later.send("POST /later HTTP/1.1\r\nHost: a\r\nContent-Length: 90000\r\n\r\n\(String(repeating: "l", count: 90_000))")
            #expect(later.readResponse()?.status == 200)
        }
    }

    @Test("returns every reservation after many finished, refused and abandoned requests")
    func bodyBudgetDoesNotLeak() throws {
        try withServer(smallBudget) { server in
            for index in 0..<200 {
                let client = try LoopbackClient(port: server.port)
                switch index % 5 {
                case 0:
                    client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 3\r\n\r\nabc")
                    #expect(client.readResponse()?.status == 200)
                case 1:
                    client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 500000\r\n\r\n")
                    #expect(client.readResponse()?.status == 503)
                case 2:
                    client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 50000\r\n\r\npartial")
                    #expect(eventually { server.bodyBytesInFlight == 50_000 }, "reserved before the client goes away")
                case 3:
                    client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nzz")
                    #expect(client.readResponse()?.status == 400)
                default:
                    client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n400\r\n\(String(repeating: "p", count: 1_024))\r\n")
                    #expect(eventually { server.bodyBytesInFlight == 1_024 }, "reserved before the client goes away")
                }
            }
            #expect(eventually { server.openConnections == 0 })
            #expect(server.bodyBytesInFlight == 0)
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000\r\n\r\n\(String(repeating: "x", count: 100_000))")
            let response = client.readResponse()
            #expect(response?.status == 200, "\(response?.text ?? "no response")")
        }
    }
}
