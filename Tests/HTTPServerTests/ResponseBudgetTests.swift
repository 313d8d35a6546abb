import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Synchronization
import Testing

/// Answers every request with 8 MiB: more than the kernel's socket buffers hold for a client that does not read.
@Sendable private func largeAnswer(_ request: Request) -> Response {
    Response(status: .ok, headerFields: [.contentType: "application/octet-stream"], body: [UInt8](repeating: 0x61, count: 8 << 20))
}

/// Queued responses count against the same process-wide budget as request bodies.
extension ServerTests {
    @Test("slow readers of large answers cannot hold more than the in-flight budget: later large answers are 503")
    func responseBudgetBoundsSlowReaders() throws {
        let handled = Atomic<Int>(0)
        try withServer({ $0.maxBodyBytesInFlight = 20 << 20 }, handler: { request in
            handled.add(1, ordering: .relaxed)
            return request.path == "/small" ? echoHandler(request) : largeAnswer(request)
        }) { server in
            // Eight clients ask for 8 MiB each and read nothing (a 4 KiB receive buffer): two answers fit the
            // 20 MiB budget, the other six are dropped for a short 503 each.
            let clients = try (0..<8).map { _ in try LoopbackClient(port: server.port, timeoutSeconds: 30, receiveBuffer: 4_096) }
            for client in clients { client.send("GET /large HTTP/1.1\r\nHost: a\r\n\r\n") }
            #expect(eventually { handled.load(ordering: .relaxed) == 8 })
            #expect(eventually { server.responseBytesInFlight >= 16 << 20 })
            #expect(server.responseBytesInFlight <= 20 << 20, "\(server.responseBytesInFlight) bytes queued")

            // A small answer still goes while the budget is full (a health check must not fail).
            let probe = try LoopbackClient(port: server.port)
            probe.send("GET /small HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(probe.readResponse()?.status == 200)

            var statuses: [Int] = []
            for client in clients {
                let response = try #require(client.readResponse())
                statuses.append(response.status)
                if response.status == 200 {
                    #expect(response.body.count == 8 << 20)
                } else {
                    #expect(response.status == 503)
                    #expect(response.header("Retry-After") == "1")
                    #expect(response.text == "Too many large responses are waiting for their clients to read them; retry later.\n")
                }
            }
            #expect(statuses.filter { $0 == 200 }.count == 2)
            #expect(statuses.filter { $0 == 503 }.count == 6)
            #expect(eventually { server.responseBytesInFlight == 0 }, "every reservation is returned once written")

            // With room again, a large answer is served.
            let later = try LoopbackClient(port: server.port, timeoutSeconds: 30)
            later.send("GET /large HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(later.readResponse()?.body.count == 8 << 20)
        }
    }

    @Test("a client that goes away before reading its answer returns the answer's reservation")
    func responseBudgetReturnsAbandonedAnswers() throws {
        try withServer({ $0.maxBodyBytesInFlight = 20 << 20 }, handler: largeAnswer) { server in
            for _ in 0..<3 {
                let client = try LoopbackClient(port: server.port, receiveBuffer: 4_096)
                client.send("GET /large HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(eventually { server.responseBytesInFlight > 0 })
            }
            #expect(eventually { server.responseBytesInFlight == 0 }, "the clients are gone: their queued answers are dropped")
        }
    }
}
