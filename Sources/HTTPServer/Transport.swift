import Glibc

/// Outcome of a transport read or write.
enum TransportResult {
    /// This many bytes were transferred (always > 0).
    case bytes(Int)
    /// Nothing can be transferred until the socket is ready again.
    case wouldBlock
    /// The peer ended the stream (read) or the transport is unusable.
    case closed
    /// A system error (errno).
    case failed(Int32)
}

/// The seam through which a connection reads and writes.
///
/// ``Connection`` only sees plaintext bytes through this protocol: ``PlainTransport`` for TCP and
/// ``TLSTransport`` (OpenSSL on the non-blocking socket, the handshake driven by its reads, `.wouldBlock`
/// until plaintext is available), with no TLS knowledge in the parser or the connection state machine.
protocol Transport {
    /// The socket the event loop watches for readiness.
    var fd: Int32 { get }
    /// Reads up to `buffer.count` bytes of plaintext.
    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult
    /// Writes up to `bytes.count` bytes of plaintext.
    mutating func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult
    /// Ends the write side (TCP FIN; a TLS transport sends close_notify first).
    mutating func shutdownWrite()
    /// Releases the socket.
    mutating func close()
}

/// Plain TCP: reads and writes go straight to the non-blocking socket.
struct PlainTransport: Transport {
    let fd: Int32

    mutating func read(into buffer: UnsafeMutableRawBufferPointer) -> TransportResult {
        while true {
            let count = recv(fd, buffer.baseAddress, buffer.count, 0)
            if count > 0 { return .bytes(count) }
            if count == 0 { return .closed }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    mutating func write(_ bytes: UnsafeRawBufferPointer) -> TransportResult {
        while true {
            // MSG_NOSIGNAL: a closed peer yields EPIPE instead of SIGPIPE.
            let count = send(fd, bytes.baseAddress, bytes.count, Int32(MSG_NOSIGNAL))
            if count >= 0 { return count > 0 ? .bytes(count) : .wouldBlock }
            switch errno {
            case EINTR: continue
            case EAGAIN, EWOULDBLOCK: return .wouldBlock
            default: return .failed(errno)
            }
        }
    }

    mutating func shutdownWrite() {
        _ = Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    mutating func close() {
        _ = Glibc.close(fd)
    }
}
