import Glibc
import HTTPTypes
import Testing
@testable import HTTPServer

/// A connection driven by hand over a socket pair: no event loop, no listener.
private final class SocketPair {
    let server: Int32
    let client: Int32

    init() throws {
        var fds: [Int32] = [-1, -1]
        guard socketpair(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0, &fds) == 0 else { throw ClientConnection.Failure.system("socketpair", errno) }
        server = fds[0]
        client = fds[1]
        _ = fcntl(server, F_SETFL, fcntl(server, F_GETFL) | O_NONBLOCK)
        _ = fcntl(client, F_SETFL, fcntl(client, F_GETFL) | O_NONBLOCK)
    }

    deinit {
        close(client)
    }

    func write(_ text: String) {
        _ = Array(text.utf8).withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) }
    }

    /// Writes what fits of `bytes` without blocking; returns how many bytes went.
    func writeSome(_ bytes: [UInt8]) -> Int {
        max(0, bytes.withUnsafeBytes { send(client, $0.baseAddress, $0.count, 0) })
    }

    /// Everything the server side has written so far.
    func readAvailable() -> String {
        var result: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = chunk.withUnsafeMutableBytes { recv(client, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { break }
            result += chunk[..<count]
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// True when the server side shut down its writing half.
    func serverFinishedWriting() -> Bool {
        var byte: UInt8 = 0
        return recv(client, &byte, 1, 0) == 0
    }
}

private func makeConnection(
    _ pair: SocketPair, shared: ServerShared = ServerShared(), handler: @escaping @Sendable (Request) -> Response = echoHandler
) -> (Connection, LoopContext) {
    let context = LoopContext(configuration: ServerConfiguration(), shared: shared, handler: handler)
    return (Connection(transport: PlainTransport(fd: pair.server), counted: false, context: context), context)
}

@Suite("Connection over a socket pair")
struct ConnectionTests {
    @Test("answers pipelined requests in order and keeps reading")
    func answers() throws {
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair)
        defer { connection.close(context) }
        pair.write("GET /a HTTP/1.1\r\nHost: x\r\n\r\nGET /b HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        let bodies = pair.readAvailable().split(separator: "\r\n\r\n").filter { $0.hasPrefix("GET") }
        #expect(bodies.map { $0.prefix(7) } == ["GET /a ", "GET /b "])
    }

    @Test("stops reading while the client does not read its responses, then resumes")
    func backpressure() throws {
        let pair = try SocketPair()
        let big = [UInt8](repeating: 0x61, count: 200_000)
        let (connection, context) = makeConnection(pair) { _ in Response(status: .ok, body: big) }
        defer { connection.close(context) }
        pair.write(String(repeating: "GET / HTTP/1.1\r\nHost: x\r\n\r\n", count: 8))
        #expect(connection.onReadable(context) == .open(wantsWrite: true))
        var received = 0
        var disposition = Connection.Disposition.open(wantsWrite: true)
        for _ in 0..<10_000 where disposition == .open(wantsWrite: true) {
            received += pair.readAvailable().utf8.count
            disposition = connection.onWritable(context)
        }
        received += pair.readAvailable().utf8.count
        #expect(disposition == .open(wantsWrite: false))
        #expect(received > 8 * big.count)
    }

    @Test("shuts down its writing half after a refusal and lingers for the client's bytes")
    func lingers() throws {
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair)
        defer { connection.close(context) }
        pair.write("GET / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        #expect(pair.readAvailable().hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(pair.serverFinishedWriting())
        pair.write("more body bytes")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        #expect(connection.onTimeout(context) == .close)
    }

    @Test("lingers by time, not bytes: keeps discarding past 4 MiB until its deadline")
    func lingerIsBoundedByTimeNotBytes() throws {
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair)
        defer { connection.close(context) }
        pair.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        #expect(pair.readAvailable().hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(pair.serverFinishedWriting())
        let chunk = [UInt8](repeating: 0x7A, count: 65_536)
        var written = 0
        var disposition = Connection.Disposition.open(wantsWrite: false)
        // 16 MiB: four times the byte bound the linger used to stop at.
        while written < 16 << 20, disposition != .close {
            written += pair.writeSome(chunk)
            disposition = connection.onReadable(context)
        }
        #expect(disposition == .open(wantsWrite: false))
        #expect(written >= 16 << 20)
        #expect(connection.onTimeout(context) == .close)
    }

    @Test("on shutdown, answers a request that was sent but not yet read, with Connection: close")
    func shutdownAnswersUnreadRequest() throws {
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair)
        defer { connection.close(context) }
        pair.write("GET /late HTTP/1.1\r\nHost: x\r\n\r\n")
        context.shuttingDown = true
        _ = connection.onShutdown(context)
        let answer = pair.readAvailable()
        #expect(answer.hasPrefix("HTTP/1.1 200 OK\r\n"))
        #expect(answer.contains("Connection: close\r\n"))
        #expect(answer.hasSuffix("GET /late "))
    }

    @Test("on shutdown, closes a connection with no request at once")
    func shutdownClosesIdle() throws {
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair)
        defer { connection.close(context) }
        context.shuttingDown = true
        #expect(connection.onShutdown(context) == .close)
    }

    @Test("returns a body's budget reservation when the request is answered or the connection dies")
    func releasesBodyReservation() throws {
        let shared = ServerShared()
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair, shared: shared)
        pair.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        #expect(shared.bodyBytesInFlight.load(ordering: .relaxed) == 10)
        pair.write("defghij")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        #expect(shared.bodyBytesInFlight.load(ordering: .relaxed) == 0)
        pair.write("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        #expect(connection.onReadable(context) == .open(wantsWrite: false))
        #expect(shared.bodyBytesInFlight.load(ordering: .relaxed) == 10)
        connection.close(context)
        #expect(shared.bodyBytesInFlight.load(ordering: .relaxed) == 0)
    }

    @Test("closes once the peer is gone between requests")
    func peerGone() throws {
        let pair = try SocketPair()
        let (connection, context) = makeConnection(pair)
        defer { connection.close(context) }
        shutdown(pair.client, Int32(SHUT_WR))
        #expect(connection.onReadable(context) == .close)
    }
}
