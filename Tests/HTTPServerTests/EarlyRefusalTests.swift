import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Synchronization
import Testing

/// Refuses `/locked` from its head with a 401, like an application checking a bearer token.
@Sendable private func lockedCheck(_ request: Request) -> Response? {
    guard request.path == "/locked" else { return nil }
    return Response(status: .unauthorized, headerFields: [.contentType: "application/problem+json"], body: Array(#"{"status":401}"#.utf8))
}

/// Sends `chunk` over and over until the server has something to say, at most `limit` times.
/// Returns how many chunks went out (`limit` when the server stayed silent).
private func sendUntilAnswered(_ client: LoopbackClient, _ chunk: [UInt8], limit: Int) -> Int {
    for sent in 0..<limit {
        if client.isReadable(milliseconds: 0) { return sent }
        guard client.send(chunk) else { return sent }
    }
    return limit
}

/// Refusals decided before the body is read, and the lingering close that lets the client read them.
extension ServerTests {
    @Test("a head check refuses from the header section alone: no 100 Continue, no body read, handler not run")
    func headCheckRefusesEarly() throws {
        let handled = Atomic<Int>(0)
        let seenBody = Atomic<Int>(-1)
        try withServer(headCheck: { request in
            seenBody.store(request.body.count, ordering: .relaxed)
            return lockedCheck(request)
        }, handler: { request in
            handled.add(1, ordering: .relaxed)
            return echoHandler(request)
        }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST /locked HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 1000000\r\n\r\n")
            let response = try #require(client.readResponse())
            #expect(response.status == 401)
            #expect(response.header("Connection") == "close")
            #expect(response.text == #"{"status":401}"#)
            #expect(seenBody.load(ordering: .relaxed) == 0)
            #expect(handled.load(ordering: .relaxed) == 0)
            client.shutdownWrite()
            #expect(client.isClosedByPeer())
        }
    }

    @Test("a head check that lets a request through gets 100 Continue and the body read as usual")
    func headCheckAccepts() throws {
        try withServer(headCheck: lockedCheck) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST /open HTTP/1.1\r\nHost: a\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n")
            #expect(client.readResponse()?.status == 100)
            client.send("data")
            #expect(client.readResponse()?.text == "POST /open data")
            client.send("GET /locked HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.readResponse()?.text == "GET /locked ", "a request without a body goes to the handler")
        }
    }

    @Test("a refused request whose small body came with its head is answered in turn on a connection kept open")
    func headCheckKeepsConnectionWhenBodyArrived() throws {
        let handled = Atomic<Int>(0)
        try withServer(headCheck: lockedCheck, handler: { request in
            handled.add(1, ordering: .relaxed)
            return echoHandler(request)
        }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST /locked HTTP/1.1\r\nHost: a\r\nContent-Length: 4\r\n\r\ndataGET /next HTTP/1.1\r\nHost: a\r\n\r\n")
            let refused = try #require(client.readResponse())
            #expect(refused.status == 401)
            #expect(refused.header("Connection") == nil)
            #expect(client.readResponse()?.text == "GET /next ")
            #expect(handled.load(ordering: .relaxed) == 1, "only the second request reached the handler")
        }
    }

    @Test("the early 401 reaches a client still sending its body, then the connection closes (RFC 9112 §9.6)")
    func lingeringCloseAfterEarlyRefusal() throws {
        try withServer(headCheck: lockedCheck) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST /locked HTTP/1.1\r\nHost: a\r\nContent-Length: 5000000\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 16_384)
            #expect(sendUntilAnswered(client, chunk, limit: 1_000) < 1_000)
            #expect((0..<16).allSatisfy { _ in client.send(chunk) }, "the server still reads what comes after its answer")
            let response = try #require(client.readResponse())
            #expect(response.status == 401)
            #expect(response.text == #"{"status":401}"#)
            client.shutdownWrite()
            #expect(client.isClosedByPeer())
        }
    }

    @Test("an early 413 reaches a client still sending its body (RFC 9112 §9.6)")
    func lingeringCloseAfterContentTooLarge() throws {
        try withServer({ $0.maxBodyBytes = 1_024 }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 16_384)
            #expect(sendUntilAnswered(client, chunk, limit: 1_000) < 1_000)
            #expect((0..<16).allSatisfy { _ in client.send(chunk) }, "the server still reads what comes after its answer")
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            #expect(response.header("Content-Type") == "text/plain; charset=utf-8")
            client.shutdownWrite()
            #expect(client.isClosedByPeer())
        }
    }

    @Test("a chunked body passing the limit while streaming gets a 413 the client can read")
    func lingeringCloseAfterChunkedContentTooLarge() throws {
        try withServer({ $0.maxBodyBytes = 100_000 }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n")
            let chunk = Array("4000\r\n\(String(repeating: "z", count: 16_384))\r\n".utf8)
            #expect(sendUntilAnswered(client, chunk, limit: 1_000) < 1_000)
            #expect((0..<16).allSatisfy { _ in client.send(chunk) }, "the server still reads what comes after its answer")
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            client.shutdownWrite()
            #expect(client.isClosedByPeer())
        }
    }

    @Test("lingering drains by time, not bytes: a client sending 12 MiB after an early 413 still reads it")
    func lingeringDrainsPastFourMebibytes() throws {
        try withServer({ $0.maxBodyBytes = 1_024 }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 16_384)
            // 768 chunks of 16 KiB: three times the 4 MiB after which the linger used to close (and the
            // client's sends then failed with a reset that could discard the answer).
            #expect((0..<768).allSatisfy { _ in client.send(chunk) }, "the server reads everything sent within its linger time")
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            client.shutdownWrite()
            #expect(client.isClosedByPeer())
        }
    }

    @Test("a client that never stops sending after an early answer is cut off at the linger time")
    func lingeringStopsAtItsTimeBoundUnderEndlessInput() throws {
        try withServer({
            $0.maxBodyBytes = 1_024
            $0.headerReadTimeout = .milliseconds(300)
        }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100000000000\r\n\r\n")
            let chunk = [UInt8](repeating: UInt8(ascii: "z"), count: 16_384)
            // At most 4 GiB or 20 s; the server closes after 0.3 s of lingering, and a send then fails.
            let started = ContinuousClock.now
            var sent = 0
            while sent < 262_144, ContinuousClock.now - started < .seconds(20), client.send(chunk) { sent += 1 }
            #expect(ContinuousClock.now - started < .seconds(20), "the linger ended while the client was still sending")
            #expect(eventually { server.openConnections == 0 })
        }
    }

    @Test("lingering ends at its time bound when the client neither sends nor closes")
    func lingeringIsBoundedInTime() throws {
        // The linger lasts at most the header timeout (and never more than 2 s).
        try withServer({
            $0.maxBodyBytes = 1_024
            $0.headerReadTimeout = .milliseconds(300)
        }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 5000\r\n\r\n")
            #expect(client.readResponse()?.status == 413)
            #expect(eventually { server.openConnections == 0 })
            #expect(client.isClosedByPeer())
        }
    }
}
