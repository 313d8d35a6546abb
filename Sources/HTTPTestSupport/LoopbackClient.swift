import COpenSSL
import Glibc
import HTTPServer

/// A blocking HTTP/1.1 client on one connection to a local server, for the tests that talk to a server over
/// a socket (and for nothing in production: `kpi-server healthcheck` uses ``ClientConnection`` alone).
///
/// It sends whatever bytes it is given (nothing is checked: malformed requests are what some tests send)
/// and reads responses framed by `Content-Length`, the only framing the server uses. Every read and write
/// is bounded by the socket's timeouts, so a silent server cannot hang the caller. ``startTLS(hostName:configure:)``
/// switches the connection to TLS.
public final class LoopbackClient {
    /// The connection the requests go over.
    public let connection: ClientConnection
    /// Bytes received and not yet returned.
    private var buffer: [UInt8] = []

    /// Why connecting or the TLS handshake failed.
    public typealias Failure = ClientConnection.Failure

    /// Connects to `host` (a name or a numeric IPv4 or IPv6 address; the first address it resolves to) on `port`.
    /// - Parameters:
    ///   - timeoutSeconds: the socket's receive and send timeouts.
    ///   - receiveBuffer: a fixed `SO_RCVBUF`, set before connecting (no autotuning), if given.
    public init(host: String = "127.0.0.1", port: Int, timeoutSeconds: Int = 5, receiveBuffer: Int32? = nil) throws(Failure) {
        connection = try ClientConnection(host: host, port: port, timeoutSeconds: timeoutSeconds, receiveBuffer: receiveBuffer)
    }

    /// The connected socket.
    public var fd: Int32 { connection.fd }

    /// The OpenSSL session (`SSL *`) once ``startTLS(hostName:configure:)`` has succeeded.
    public var tlsSession: OpaquePointer? { connection.tlsSession }

    /// Runs a TLS handshake (RFC 8446) on the connection; afterwards every send and read goes through it.
    /// - Parameters:
    ///   - hostName: the name the server's certificate must hold, when the context verifies it.
    ///   - configure: sets up the client context (`SSL_CTX *`) before the handshake: certificates to trust,
    ///     versions, cipher suites; `false` fails. As it comes, the context does not verify the server.
    public func startTLS(hostName: String? = nil, configure: (OpaquePointer) -> Bool = { _ in true }) throws(Failure) {
        try connection.startTLS { context in
            if let hostName, X509_VERIFY_PARAM_set1_host(SSL_CTX_get0_param(context), hostName, 0) != 1 { return false }
            return configure(context)
        }
    }

    /// Sends all of `text`; false if the connection failed first.
    @discardableResult
    public func send(_ text: String) -> Bool {
        connection.send(Array(text.utf8))
    }

    /// Sends all of `bytes`; false if the connection failed first.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        connection.send(bytes)
    }

    /// Reads one response: its head, then `Content-Length` bytes of body (none for a 1xx or, when `isHead`,
    /// the answer to a HEAD request). `nil` when the connection ends, fails or times out first.
    public func readResponse(isHead: Bool = false) -> Response? {
        let separator: [UInt8] = [13, 10, 13, 10]
        var headEnd = buffer.firstRange(of: separator)
        while headEnd == nil {
            guard fill() else { return nil }
            headEnd = buffer.firstRange(of: separator)
        }
        let head = String(decoding: buffer[..<headEnd!.lowerBound], as: UTF8.self)
        buffer.removeFirst(headEnd!.upperBound)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
        let statusLine = lines.removeFirst()
        guard let status = ClientConnection.status(ofStatusLine: statusLine) else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            return (String(line[..<colon]), String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        }
        var response = Response(statusLine: String(statusLine), status: status, headers: headers, body: [])
        let length = isHead || status < 200 ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    /// True when the server closed the connection (EOF, or a reset) with nothing more to read.
    public func isClosedByPeer() -> Bool {
        while buffer.isEmpty {
            switch connection.receive() {
            case .bytes: return false
            case .end: return true
            case .failed(let code): return code == ECONNRESET
            }
        }
        return false
    }

    /// Whether the server has sent something (or closed) within `milliseconds`.
    public func isReadable(milliseconds: Int32) -> Bool {
        if !buffer.isEmpty { return true }
        if let tlsSession, SSL_pending(tlsSession) > 0 { return true }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, milliseconds) > 0
    }

    /// Reads until the connection ends, fails or times out; returns how many bytes came.
    public func readToEnd() -> Int {
        var total = buffer.count
        buffer = []
        while fill() {
            total += buffer.count
            buffer = []
        }
        return total
    }

    /// Half-closes the sending side (TCP FIN).
    public func shutdownWrite() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Appends what arrives next to the buffer; false at EOF, on an error or at the timeout.
    private func fill() -> Bool {
        guard case .bytes(let bytes) = connection.receive() else { return false }
        buffer += bytes
        return true
    }

    /// A response as it came over the connection.
    public struct Response: Sendable {
        /// The status line, e.g. `HTTP/1.1 200 OK`.
        public var statusLine: String
        public var status: Int
        /// The header fields in order, as sent (values without surrounding whitespace).
        public var headers: [(name: String, value: String)]
        public var body: [UInt8]

        /// The first value of the field `name` (case-insensitive).
        public func header(_ name: String) -> String? {
            headers.first { $0.name.lowercased() == name.lowercased() }?.value
        }

        /// The body as UTF-8 text.
        public var text: String { String(decoding: body, as: UTF8.self) }
    }
}
