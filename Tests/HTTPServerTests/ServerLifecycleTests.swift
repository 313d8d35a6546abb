import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Synchronization
import Testing

/// Timeouts, limits and shutdown: part of the serialized socket suite, since they count descriptors.
extension ServerTests {
    @Test("cuts off a client trickling header bytes at the header deadline")
    func slowloris() throws {
        try withServer({ $0.headerReadTimeout = .milliseconds(200) }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Slow: ")
            var trickled = 0
            var poller = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            while trickled < 200, poll(&poller, 1, 50) == 0 {
                client.send("a")
                trickled += 1
            }
            #expect(trickled < 200, "the deadline was not reset by each byte")
            let response = try #require(client.readResponse())
            #expect(response.status == 408)
            #expect(client.isClosedByPeer())
        }
    }

    @Test("closes an idle keep-alive connection after the idle timeout")
    func idleTimeout() throws {
        try withServer({ $0.idleTimeout = .milliseconds(200) }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(client.readResponse()?.status == 200)
            #expect(client.isClosedByPeer())
        }
    }

    @Test("answers 408 when a body stops arriving")
    func bodyTimeout() throws {
        try withServer({ $0.bodyReadTimeout = .milliseconds(200) }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 10\r\n\r\nab")
            #expect(client.readResponse()?.status == 408)
            #expect(client.isClosedByPeer())
        }
    }

    @Test("answers 503 and closes past the connection limit")
    func connectionLimit() throws {
        try withServer({ $0.maxConnections = 2 }) { server in
            let first = try LoopbackClient(port: server.port)
            let second = try LoopbackClient(port: server.port)
            for client in [first, second] {
                client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(client.readResponse()?.status == 200)
            }
            let third = try LoopbackClient(port: server.port)
            third.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
            let refused = try #require(third.readResponse())
            #expect(refused.status == 503)
            #expect(refused.header("Connection") == "close")
            #expect(refused.header("Content-Type") == "text/plain; charset=utf-8")
            #expect(third.isClosedByPeer())
            first.send("GET /still HTTP/1.1\r\nHost: a\r\n\r\n")
            #expect(first.readResponse()?.text == "GET /still ")
            #expect(server.openConnections == 2)
        }
    }

    @Test("finishes in-flight requests on shutdown, closes idle ones, and stops accepting")
    func gracefulShutdown() throws {
        let entered = Atomic<Bool>(false)
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoopThreads = 1
        let server = Server(configuration: configuration) { request in
            if request.head.path == "/slow" {
                entered.store(true, ordering: .releasing)
                usleep(300_000)
            }
            return echoHandler(request)
        }
        try server.start()
        let idle = try LoopbackClient(port: server.port)
        idle.send("GET / HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(idle.readResponse()?.status == 200)
        let busy = try LoopbackClient(port: server.port)
        busy.send("GET /slow HTTP/1.1\r\nHost: a\r\n\r\n")
        #expect(eventually { entered.load(ordering: .acquiring) })
        server.shutdown()
        server.shutdown()
        let response = try #require(busy.readResponse())
        #expect(response.text == "GET /slow ")
        #expect(response.header("Connection") == "close")
        #expect(busy.isClosedByPeer())
        #expect(idle.isClosedByPeer())
        server.wait()
        #expect(throws: LoopbackClient.Failure.self) { try LoopbackClient(port: server.port) }
        #expect(server.openConnections == 0)
    }

    @Test("closes every descriptor of 1,000 abandoned connections")
    func noDescriptorLeak() throws {
        // Every descriptor must be closed; how soon a close is noticed is not the point. Short timeouts bound
        // the wait for any connection reaped by its deadline rather than by its peer's close on a loaded
        // machine (CI runs the suites in parallel), so a real leak still fails and a slow one does not.
        try withServer({ $0.headerReadTimeout = .seconds(2); $0.bodyReadTimeout = .seconds(2); $0.idleTimeout = .seconds(2) }) { server in
            let before = openSocketCount(port: server.port)
            #expect(before == 1, "the listener")
            for index in 0..<1_000 {
                let client = try LoopbackClient(port: server.port)
                switch index % 4 {
                case 0: break
                case 1: client.send("GET / HTTP/1.1\r\nHo")
                case 2: client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 100\r\n\r\nabc")
                default: client.send("GET / HTTP/1.1\r\nHost: a\r\n\r\nGET / HTTP/1.1\r\n")
                }
            }
            #expect(eventually(seconds: 20) { server.openConnections == 0 })
            #expect(eventually(seconds: 20) { openSocketCount(port: server.port) == before })
        }
    }
}

/// Closing behaviour that needs a live peer.
extension ServerTests {
    @Test("delivers a refusal intact while the client keeps sending its body (RFC 9112 §9.6)")
    func lingeringClose() throws {
        try withServer({ $0.maxBodyBytes = 1_024 }) { server in
            let client = try LoopbackClient(port: server.port)
            client.send("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 300000\r\n\r\n")
            client.send([UInt8](repeating: UInt8(ascii: "z"), count: 300_000))
            let response = try #require(client.readResponse())
            #expect(response.status == 413)
            #expect(response.header("Connection") == "close")
            #expect(client.isClosedByPeer())
        }
    }

    @Test("bounds the shutdown drain by the drain timeout")
    func drainTimeout() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.drainTimeout = .milliseconds(200)
        let server = Server(configuration: configuration, handler: echoHandler)
        try server.start()
        let client = try LoopbackClient(port: server.port)
        client.send("GET / HTTP/1.1\r\nHost: a\r\nX-Partial: ")
        #expect(eventually { server.openConnections == 1 })
        server.shutdown()
        server.wait()
        #expect(client.isClosedByPeer())
        #expect(server.openConnections == 0)
    }

    @Test("a shutdown requested before start() stops the server as soon as it has started")
    func shutdownBeforeStart() throws {
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        let server = Server(configuration: configuration, handler: echoHandler)
        server.shutdown()
        try server.start()
        server.wait()
        #expect(server.openConnections == 0)
        #expect((try? LoopbackClient(port: server.port)) == nil, "the listening socket is closed")
    }
}
