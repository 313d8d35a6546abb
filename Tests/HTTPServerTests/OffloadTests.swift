import Dispatch
import Glibc
import HTTPServer
import HTTPTestSupport
import Synchronization
import Testing

/// Handlers the application offloads run on the worker pool: their loop keeps serving its other
/// connections meanwhile, and answers on one connection keep their order.
@Suite("Offloaded handlers", .serialized)
struct OffloadTests {
    /// A handler that holds `/slow` until the test opens the gate, and echoes everything else.
    final class Gate: Sendable {
        private let opened = DispatchSemaphore(value: 0)
        let entered = Atomic<Int>(0)

        func open() { opened.signal() }

        @Sendable func handle(_ request: Request) -> Response {
            if request.head.path == "/slow" {
                entered.wrappingAdd(1, ordering: .relaxed)
                opened.wait()
            }
            return echoHandler(request)
        }
    }

    static let offloadSlow: @Sendable (Request) -> Bool = { $0.head.path == "/slow" }

    @Test("A slow offloaded handler does not delay another connection on the same loop")
    func otherConnectionsAreServed() throws {
        let gate = Gate()
        try withServer({ $0.eventLoopThreads = 1; $0.workerThreads = 1 }, offload: Self.offloadSlow, handler: gate.handle) { server in
            let slow = try LoopbackClient(port: server.port)
            #expect(slow.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(eventually { gate.entered.load(ordering: .relaxed) == 1 })
            // The only loop is free: a second connection is answered while /slow is held.
            let fast = try LoopbackClient(port: server.port)
            #expect(fast.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n"))
            let answer = fast.readResponse()
            #expect(answer?.status == 200)
            #expect(answer.map { String(decoding: $0.body, as: UTF8.self) } == "GET /healthz ")
            #expect(!slow.isReadable(milliseconds: 0), "/slow was answered before its handler returned")
            gate.open()
            #expect(slow.readResponse()?.status == 200)
        }
    }

    @Test("Pipelined requests behind an offloaded one are answered after it, in order")
    func pipelinedOrder() throws {
        let gate = Gate()
        try withServer({ $0.eventLoopThreads = 1 }, offload: Self.offloadSlow, handler: gate.handle) { server in
            let client = try LoopbackClient(port: server.port)
            #expect(client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\nGET /after HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(eventually { gate.entered.load(ordering: .relaxed) == 1 })
            #expect(!client.isReadable(milliseconds: 100), "/after was answered before /slow")
            gate.open()
            let first = client.readResponse()
            let second = client.readResponse()
            #expect(first.map { String(decoding: $0.body, as: UTF8.self) } == "GET /slow ")
            #expect(second.map { String(decoding: $0.body, as: UTF8.self) } == "GET /after ")
        }
    }

    @Test("A client that leaves while its handler runs costs no descriptor once the handler returns")
    func clientLeaves() throws {
        let gate = Gate()
        try withServer({ $0.eventLoopThreads = 1 }, offload: Self.offloadSlow, handler: gate.handle) { server in
            let before = openSocketCount(port: server.port)
            do {
                let client = try LoopbackClient(port: server.port)
                #expect(client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"))
                #expect(eventually { gate.entered.load(ordering: .relaxed) == 1 })
            }  // the client's socket closes here (a FIN: the paused connection hears of it when it answers)
            gate.open()
            #expect(eventually { openSocketCount(port: server.port) == before }, "the server kept the closed connection")
            // The loop wrote or dropped the late response and serves on.
            let next = try LoopbackClient(port: server.port)
            #expect(next.send("GET /next HTTP/1.1\r\nHost: x\r\n\r\n"))
            #expect(next.readResponse()?.status == 200)
        }
    }

    @Test("Shutdown waits for an offloaded handler and sends its answer with Connection: close")
    func shutdownDrains() throws {
        let gate = Gate()
        var configuration = ServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = 0
        configuration.eventLoopThreads = 1
        let server = Server(configuration: configuration, offload: Self.offloadSlow, handler: gate.handle)
        try server.start()
        let client = try LoopbackClient(port: server.port)
        #expect(client.send("GET /slow HTTP/1.1\r\nHost: x\r\n\r\n"))
        #expect(eventually { gate.entered.load(ordering: .relaxed) == 1 })
        server.shutdown()
        gate.open()
        let answer = client.readResponse()
        #expect(answer?.status == 200)
        #expect(answer?.header("Connection") == "close")
        server.wait()
    }
}
