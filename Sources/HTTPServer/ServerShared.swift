import Synchronization

/// State the event loops and the ``Server`` share across threads; atomics only.
final class ServerShared: Sendable {
    /// Connections currently counted towards `maxConnections`.
    let openConnections = Atomic<Int>(0)
    /// Set once by ``Server/shutdown()``.
    let shuttingDown = Atomic<Bool>(false)
    /// Loops that still have the listening socket registered; the last one closes it.
    let listenerUsers = Atomic<Int>(0)
    /// Bytes of request bodies reserved against `maxBodyBytesInFlight`.
    let bodyBytesInFlight = Atomic<Int>(0)
    /// Bytes of responses queued for writing, reserved against the same `maxBodyBytesInFlight`.
    let responseBytesInFlight = Atomic<Int>(0)

    init() {}
}
