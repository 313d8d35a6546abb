import COpenSSL
import Glibc

/// A blocking HTTP/1.1 client on one connection to a local server, for `kpi-server healthcheck` and for
/// the tests that talk to a server over a socket.
///
/// It sends whatever bytes it is given (nothing is checked: malformed requests are what some tests send)
/// and reads responses framed by `Content-Length`, the only framing the server uses. Every read and write
/// is bounded by the socket's timeouts, so a silent server cannot hang the caller. ``startTLS(hostName:configure:)``
/// switches the connection to TLS.
public final class LoopbackClient {
    /// The connected socket.
    public let fd: Int32
    /// The OpenSSL session (`SSL *`) once ``startTLS(hostName:configure:)`` has succeeded.
    public private(set) var tlsSession: OpaquePointer?
    private var tlsContext: OpaquePointer?
    /// Bytes received and not yet returned.
    private var buffer: [UInt8] = []

    /// Connects to `host` (a name or a numeric IPv4 or IPv6 address; the first address it resolves to) on `port`.
    /// - Parameters:
    ///   - timeoutSeconds: the socket's receive and send timeouts.
    ///   - receiveBuffer: a fixed `SO_RCVBUF`, set before connecting (no autotuning), if given.
    public init(host: String = "127.0.0.1", port: Int, timeoutSeconds: Int = 5, receiveBuffer: Int32? = nil) throws(Failure) {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &addresses) == 0, let address = addresses else {
            throw .resolve(host)
        }
        defer { freeaddrinfo(addresses) }
        fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw .system("socket", errno) }
        if var receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else {
            let code = errno
            Glibc.close(fd)
            throw .system("connect", code)
        }
    }

    deinit {
        // No close_notify: abandoning a TLS connection is what some tests are about.
        if let tlsSession { SSL_free(tlsSession) }
        if let tlsContext { SSL_CTX_free(tlsContext) }
        Glibc.close(fd)
    }

    /// Runs a TLS handshake (RFC 8446) on the connection; afterwards every send and read goes through it.
    /// - Parameters:
    ///   - hostName: the name the server's certificate must hold, when the context verifies it.
    ///   - configure: sets up the client context (`SSL_CTX *`) before the handshake: certificates to trust,
    ///     versions, cipher suites; `false` fails. As it comes, the context does not verify the server.
    public func startTLS(hostName: String? = nil, configure: (OpaquePointer) -> Bool = { _ in true }) throws(Failure) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .tls("SSL_CTX_new") }
        tlsContext = context
        guard configure(context), let session = SSL_new(context) else { throw .tls("client setup") }
        tlsSession = session
        if let hostName {
            guard SSL_set1_host(session, hostName) == 1 else { throw .tls("SSL_set1_host") }
        }
        guard SSL_set_fd(session, fd) == 1 else { throw .tls("SSL_set_fd") }
        ERR_clear_error()
        guard SSL_connect(session) == 1 else {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(ERR_get_error(), &text, text.count)
            ERR_clear_error()
            throw .tls(text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
    }

    /// Sends all of `text`; false if the connection failed first.
    @discardableResult
    public func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    /// Sends all of `bytes`; false if the connection failed first.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { chunk in
                if let tlsSession { return Int(SSL_write(tlsSession, chunk.baseAddress, Int32(clamping: chunk.count))) }
                return Glibc.send(fd, chunk.baseAddress, chunk.count, Int32(MSG_NOSIGNAL))
            }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
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
        let statusLine = String(lines.removeFirst())
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        let parts = statusLine.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/"), let status = Int(parts[1]) else { return nil }
        let headers = lines.compactMap { line -> (name: String, value: String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            let value = line[line.index(after: colon)...].drop { $0 == " " || $0 == "\t" }
            return (String(line[..<colon]), String(value.reversed().drop { $0 == " " || $0 == "\t" }.reversed()))
        }
        var response = Response(statusLine: statusLine, status: status, headers: headers, body: [])
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
            switch receive() {
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
        guard case .bytes(let bytes) = receive() else { return false }
        buffer += bytes
        return true
    }

    private enum Received {
        case bytes([UInt8])
        case end
        case failed(Int32)
    }

    private func receive() -> Received {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { chunk in
            if let tlsSession { return Int(SSL_read(tlsSession, chunk.baseAddress, Int32(chunk.count))) }
            return recv(fd, chunk.baseAddress, chunk.count, 0)
        }
        if count > 0 { return .bytes(Array(chunk[..<count])) }
        if count == 0 { return .end }
        return .failed(tlsSession == nil ? errno : ECONNRESET)
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

    /// Why connecting or the TLS handshake failed.
    public enum Failure: Error, Equatable {
        /// The host name did not resolve.
        case resolve(String)
        /// A system call failed with this errno.
        case system(String, Int32)
        /// TLS setup or the handshake failed; OpenSSL's error string, e.g. `…:sslv3 alert handshake failure`.
        case tls(String)
    }
}
