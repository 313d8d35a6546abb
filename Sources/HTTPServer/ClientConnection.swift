import COpenSSL
import Glibc

/// A blocking client connection to a server: connect, an optional TLS handshake, send, receive.
///
/// `kpi-server healthcheck` asks `/healthz` through it; the tests' `LoopbackClient` (module HTTPTestSupport)
/// builds its response reading on it. Every read and write is bounded by the socket's timeouts, so a silent
/// server cannot hang the caller.
public final class ClientConnection {
    /// The connected socket.
    public let fd: Int32
    /// The OpenSSL session (`SSL *`) once ``startTLS(configure:)`` has succeeded.
    public private(set) var tlsSession: OpaquePointer?
    private var tlsContext: OpaquePointer?

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

    /// Runs a TLS handshake (RFC 8446) on the connection; afterwards every send and receive goes through it.
    /// - Parameter configure: sets up the client context (`SSL_CTX *`) before the handshake: certificates to
    ///   trust, the host name to verify, versions, cipher suites; `false` fails. As it comes, the context does
    ///   not verify the server.
    public func startTLS(configure: (OpaquePointer) -> Bool = { _ in true }) throws(Failure) {
        guard let context = SSL_CTX_new(TLS_client_method()) else { throw .tls("SSL_CTX_new") }
        tlsContext = context
        guard configure(context), let session = SSL_new(context) else { throw .tls("client setup") }
        tlsSession = session
        guard SSL_set_fd(session, fd) == 1 else { throw .tls("SSL_set_fd") }
        ERR_clear_error()
        guard SSL_connect(session) == 1 else {
            var text = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(ERR_get_error(), &text, text.count)
            ERR_clear_error()
            throw .tls(text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
        }
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

    /// What one ``receive()`` got.
    public enum Received {
        /// Up to 64 KiB that arrived.
        case bytes([UInt8])
        /// The server closed the connection.
        case end
        /// The read failed (or timed out) with this errno; a failed TLS read counts as `ECONNRESET`.
        case failed(Int32)
    }

    /// Waits (up to the receive timeout) for what arrives next.
    public func receive() -> Received {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { chunk in
            if let tlsSession { return Int(SSL_read(tlsSession, chunk.baseAddress, Int32(chunk.count))) }
            return recv(fd, chunk.baseAddress, chunk.count, 0)
        }
        if count > 0 { return .bytes(Array(chunk[..<count])) }
        if count == 0 { return .end }
        return .failed(tlsSession == nil ? errno : ECONNRESET)
    }

    /// The status code of a status line, e.g. 200 for `HTTP/1.1 200 OK`; nil when it is not one.
    public static func status(ofStatusLine line: Substring) -> Int? {
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        let parts = line.split(separator: " ", maxSplits: 2)
        guard parts.count >= 2, parts[0].hasPrefix("HTTP/") else { return nil }
        return Int(parts[1])
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
