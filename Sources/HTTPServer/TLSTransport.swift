import COpenSSL
import Glibc

/// TLS (RFC 8446, and RFC 5246 for TLS 1.2 clients) over a non-blocking socket, through OpenSSL.
///
/// OpenSSL reads and writes the socket itself (`SSL_set_fd`). There is no separate handshake
/// step: the server session is in accept state, so the first `SSL_read` calls drive the
/// handshake, and until it completes the connection simply sees no plaintext (`.wouldBlock`,
/// SSL_get_error(3)). Every failure, including a client speaking plain HTTP to this port, ends
/// the connection (`.closed`) without an HTTP response, since no TLS channel exists to send one.
///
/// - Important: ``Connection`` waits for writability only when a *write* would block. When
///   OpenSSL must write during the handshake and the socket's send buffer is full
///   (`SSL_ERROR_WANT_WRITE` from `SSL_read`), the session is retried on the next readable
///   event instead. A fresh socket's send buffer holds a whole server flight, so this does not
///   happen in practice; a handshake that stalls for any reason is closed at the header
///   deadline, which for TLS starts at accept.
struct TLSTransport: Transport {
    let fd: Int32
    private let session: OpaquePointer

    /// A server session on an accepted non-blocking socket; `nil` if OpenSSL cannot allocate one.
    init?(fd: Int32, context: TLSContext) {
        guard let session = SSL_new(context.pointer) else { return nil }
        guard SSL_set_fd(session, fd) == 1 else {
            SSL_free(session)
            return nil
        }
        SSL_set_accept_state(session)
        self.fd = fd
        self.session = session
    }

    /// Reads the plaintext of at most one TLS record (≤ 16 KiB, RFC 8446 §5.1); `buffer` must
    /// hold a whole one, since a remainder kept inside OpenSSL raises no readiness event.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        ERR_clear_error()
        let count = SSL_read(session, buffer.baseAddress, Int32(clamping: buffer.count))
        return count > 0 ? .bytes(Int(count)) : outcome(of: count)
    }

    /// Writes plaintext; with `SSL_MODE_ENABLE_PARTIAL_WRITE` a short count is normal, and with
    /// `SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER` the retry may pass the same bytes from a new address.
    mutating func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult {
        ERR_clear_error()
        let count = SSL_write(session, bytes.baseAddress, Int32(clamping: bytes.count))
        return count > 0 ? .bytes(Int(count)) : outcome(of: count)
    }

    /// Sends close_notify once (RFC 8446 §6.1), without waiting for the peer's, then the TCP FIN.
    mutating func shutdownWrite() {
        ERR_clear_error()
        _ = SSL_shutdown(session)
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    /// Sends close_notify if the session is established and has not sent it yet (RFC 8446 §6.1;
    /// a failed session is no longer established), frees the session (its socket BIO does not
    /// own the descriptor), then closes the socket.
    mutating func close() {
        if SSL_is_init_finished(session) == 1 && SSL_get_shutdown(session) & SSL_SENT_SHUTDOWN == 0 {
            ERR_clear_error()
            _ = SSL_shutdown(session)
        }
        SSL_free(session)
        _ = Glibc.close(fd)
    }

    /// A failed `SSL_read` or `SSL_write`: retry on readiness when OpenSSL waits for the socket
    /// in either direction; anything else (close_notify, EOF, protocol or system error) ends it.
    private func outcome(of result: Int32) -> TransportResult {
        switch SSL_get_error(session, result) {
        case SSL_ERROR_WANT_READ, SSL_ERROR_WANT_WRITE: .wouldBlock
        default: .closed
        }
    }
}
