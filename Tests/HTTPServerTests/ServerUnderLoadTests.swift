import Glibc
import HTTPServer
import HTTPTestSupport
import HTTPTypes
import Synchronization
import Testing

/// Shutdown and the connection limit while many clients are busy.
extension ServerTests {
    @Test("a shutdown while 200 requests are in flight answers every one of them")
    func shutdownLosesNoInFlightRequest() throws {
        let entered = Atomic<Bool>(false)
        let released = Atomic<Bool>(false)
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        // One loop: while the first request holds it, shutdown is requested and the other 199 requests
        // arrive, so the loop learns of the shutdown before it has read them.
        configuration.eventLoopThreads = 1
        let server = Server(configuration: configuration) { request in
            if !entered.exchange(true, ordering: .acquiringAndReleasing) {
                for _ in 0..<1_000 where !released.load(ordering: .acquiring) { usleep(10_000) }
            }
            return echoHandler(request)
        }
        try server.start()
        let clients = try (0..<200).map { _ in try LoopbackClient(port: server.port) }
        #expect(eventually { server.openConnections == clients.count })
        func send(_ index: Int) {
            clients[index].send("POST /\(index) HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nbody\(index % 10)")
        }
        send(0)
        #expect(eventually { entered.load(ordering: .acquiring) })
        server.shutdown()
        for index in clients.indices.dropFirst() { send(index) }
        released.store(true, ordering: .releasing)
        for (index, client) in clients.enumerated() {
            let response = client.readResponse()
            #expect(response?.status == 200, "request \(index)")
            #expect(response?.text == "POST /\(index) body\(index % 10)")
            #expect(response?.header("Connection") == "close")
        }
        server.wait()
        #expect(server.openConnections == 0)
    }

    @Test("connections past the limit get 503 while the admitted ones are served correctly")
    func connectionLimitUnderLoad() throws {
        try withServer({ $0.maxConnections = 20 }) { server in
            let admitted = try (0..<20).map { _ in try LoopbackClient(port: server.port) }
            for (index, client) in admitted.enumerated() {
                client.send("GET /first/\(index) HTTP/1.1\r\nHost: a\r\n\r\n")
                #expect(client.readResponse()?.text == "GET /first/\(index) ")
            }
            for round in 0..<30 {
                let extra = try LoopbackClient(port: server.port)
                extra.send("GET /extra HTTP/1.1\r\nHost: a\r\n\r\n")
                let refused = extra.readResponse()
                #expect(refused?.status == 503, "extra connection \(round)")
                #expect(refused?.header("Content-Type") == "text/plain; charset=utf-8")
                #expect(extra.isClosedByPeer())
                let client = admitted[round % admitted.count]
                client.send("POST /\(round) HTTP/1.1\r\nHost: a\r\nContent-Length: 6\r\n\r\nround\(round % 10)")
                #expect(client.readResponse()?.text == "POST /\(round) round\(round % 10)")
            }
            #expect(server.openConnections == 20)
        }
    }
}
