// Linux only: the server is built on epoll, eventfd, accept4 and Glibc (see Package.swift).
#if !os(Linux)
#error("HTTPServer supports Linux only (epoll, Glibc)")
#endif

import CHTTPShims
import Dispatch
import Glibc
import Synchronization

/// An HTTP/1.1 server on POSIX sockets and epoll.
///
/// ## Threading model
///
/// ``start()`` creates ``ServerConfiguration/eventLoopThreads`` threads (default: the CPUs this
/// process may use), each running its own level-triggered epoll loop. The listening socket
/// is shared and registered in every loop with `EPOLLEXCLUSIVE`: the kernel wakes one waiting
/// loop per incoming burst, which accepts until `EAGAIN` and owns those connections for their
/// whole life. One socket (rather than one `SO_REUSEPORT` listener per loop) keeps port 0 and
/// shutdown simple — closing it refuses new connections at once — and an idle loop picks up new
/// connections while a busy one cannot. Connections never move between threads, so their state
/// needs no locks.
///
/// The handler is synchronous and CPU-only, so it runs **inline on the loop thread** that owns
/// the connection: no queue hop, no allocation for scheduling, responses naturally in request
/// order. A slow handler delays only the connections of its loop. The thread count is fixed:
/// 10,000 idle keep-alive connections cost a socket, a parser and a few hundred bytes each, and
/// no thread. Cross-thread state is limited to atomics (``openConnections``, the shutdown flag)
/// and a `Mutex` around start/stop bookkeeping; ``shutdown()`` wakes every loop through its
/// `eventfd`.
public final class Server: Sendable {
    private struct State {
        var started = false
        /// ``shutdown()`` was called before ``start()``: start stops at once.
        var stopRequested = false
        var stopping = false
        var stopped = false
        var port = 0
        var threads: [pthread_t] = []
        var wakeFDs: [Int32] = []
    }

    private let configuration: ServerConfiguration
    private let handler: @Sendable (Request) -> Response
    private let headCheck: (@Sendable (Request) -> Response?)?
    private let offload: (@Sendable (Request) -> Bool)?
    private let pool: WorkerPool
    private let refusal: @Sendable (Refusal) -> Response
    private let shared = ServerShared()
    private let state = Mutex(State())
    private let finished = DispatchGroup()

    /// Creates a server; nothing is bound until ``start()``.
    ///
    /// - Parameters:
    ///   - configuration: address, limits and timeouts.
    ///   - refusal: writes the answer to a request the server refuses itself (``Refusal``: malformed, too
    ///     slow, over a limit); the status is the refusal's. It must not block.
    ///   - headCheck: called on an event-loop thread for every request that announces a body, as soon as
    ///     its header section is parsed: before `100 Continue` is sent and before any body byte is read
    ///     (the request's ``Request/body`` is empty). A response it returns answers the request instead
    ///     of `handler`. When the whole body (sized by `Content-Length`) came with the head, it is skipped
    ///     and the connection stays open; otherwise the body is never read and the connection closes
    ///     after the response, discarding what the client still sends for a bounded time so that it
    ///     reads the answer instead of a reset (RFC 9112 §9.6).
    ///     `nil` (or a check returning `nil`) lets the body be read and the request reach `handler`.
    ///     Requests without a body go to `handler` directly. It must not block.
    ///   - offload: called on an event-loop thread for every complete request: `true` runs `handler` for it
    ///     on the worker pool (``ServerConfiguration/workerThreads``) instead of the loop, so that a heavy
    ///     request does not delay the loop's other connections. Its connection reads nothing more until the
    ///     response is queued (pipelined requests keep their order). `nil` runs every handler inline.
    ///   - handler: called on an event-loop thread (or a worker, see `offload`) for every complete request;
    ///     it must not block.
    public init(
        configuration: ServerConfiguration, refusal: @escaping @Sendable (Refusal) -> Response = Refusal.plainText,
        headCheck: (@Sendable (Request) -> Response?)? = nil, offload: (@Sendable (Request) -> Bool)? = nil,
        handler: @escaping @Sendable (Request) -> Response
    ) {
        self.configuration = configuration
        self.refusal = refusal
        self.headCheck = headCheck
        self.offload = offload
        pool = WorkerPool(width: configuration.workerThreads)
        self.handler = handler
    }

    /// The bound port (after ``start()``; with port 0, the one the system picked).
    public var port: Int {
        state.withLock { $0.port }
    }

    /// Connections currently open and counted towards `maxConnections`.
    public var openConnections: Int {
        shared.openConnections.load(ordering: .relaxed)
    }

    /// Bytes of request bodies currently reserved against ``ServerConfiguration/maxBodyBytesInFlight``.
    public var bodyBytesInFlight: Int {
        shared.bodyBytesInFlight.load(ordering: .relaxed)
    }

    /// Bytes of responses queued for slow or busy clients, reserved against the same budget.
    public var responseBytesInFlight: Int {
        shared.responseBytesInFlight.load(ordering: .relaxed)
    }

    /// Binds, listens and starts the event-loop threads; returns immediately.
    ///
    /// A server starts once: later calls do nothing. It also ignores `SIGPIPE` process-wide and
    /// raises the soft open-file limit to fit `maxConnections`.
    ///
    /// With ``ServerConfiguration/tls`` set, it first loads the certificate chain and key into
    /// one OpenSSL context that every loop shares.
    ///
    /// - Throws: ``TLSError`` when the certificate chain or key cannot be used; ``SocketError``
    ///   when the address cannot be bound or a loop cannot be created.
    public func start() throws {
        try state.withLock { state in
            guard !state.started else { return }
            let tls = try configuration.tls.map(TLSContext.init)
            // A peer that resets must not kill the process (MSG_NOSIGNAL covers send; this covers the rest).
            signal(SIGPIPE, SIG_IGN)
            Socket.raiseOpenFileLimit(to: configuration.maxConnections + 1_024)
            let listener = try Socket.listen(host: configuration.host, port: configuration.port, backlog: 4_096)
            let loops = max(1, configuration.eventLoopThreads)
            var loopFDs: [LoopDescriptors] = []
            do {
                for _ in 0..<loops {
                    loopFDs.append(try Self.makeLoopFDs(listener: listener))
                }
            } catch {
                for fds in loopFDs {
                    fds.close()
                }
                close(listener)
                throw error
            }
            state.started = true
            state.port = Socket.boundPort(listener)
            state.wakeFDs = loopFDs.map(\.wake)
            shared.listenerUsers.store(loops, ordering: .releasing)
            for (index, fds) in loopFDs.enumerated() {
                finished.enter()
                let (configuration, refusal, headCheck, offload, pool, handler, shared, finished) =
                    (configuration, refusal, headCheck, offload, pool, handler, shared, finished)
                let spawned = spawnThread {
                    let loop = EventLoop(
                        descriptors: fds, listener: listener, shared: shared, configuration: configuration, tls: tls,
                        refusal: refusal, headCheck: headCheck, offload: offload, pool: pool, handler: handler
                    )
                    loop.run()
                    finished.leave()
                }
                switch spawned {
                case .success(let thread):
                    state.threads.append(thread)
                case .failure(let error):
                    finished.leave()
                    abandonStart(&state, loopFDs: loopFDs, started: index, listener: listener)
                    throw error
                }
            }
            if state.stopRequested {
                beginStopping(&state)
            }
        }
    }

    /// A loop thread could not be created: stop the loops already running (``wait()`` joins them)
    /// and release what the others would have owned.
    private func abandonStart(_ state: inout State, loopFDs: [LoopDescriptors], started: Int, listener: Int32) {
        for fds in loopFDs[started...] {
            fds.close()
        }
        if shared.listenerUsers.wrappingSubtract(loopFDs.count - started, ordering: .acquiringAndReleasing).newValue == 0 {
            close(listener)
        }
        state.wakeFDs = loopFDs[..<started].map(\.wake)
        beginStopping(&state)
    }

    /// Tells every loop to drain and stop.
    private func beginStopping(_ state: inout State) {
        state.stopping = true
        shared.shuttingDown.store(true, ordering: .releasing)
        var one: UInt64 = 1
        for fd in state.wakeFDs {
            _ = write(fd, &one, 8)
        }
    }

    /// Graceful shutdown: stop accepting (the listening socket closes), answer in-flight requests
    /// with `Connection: close`, close idle keep-alive connections; bounded by `drainTimeout`.
    ///
    /// Idempotent, non-blocking and callable from any thread; use ``wait()`` to block until done.
    /// Called before ``start()`` (a signal during start-up), it makes `start()` stop straight away.
    public func shutdown() {
        state.withLock { state in
            guard state.started else {
                state.stopRequested = true
                return
            }
            guard !state.stopping, !state.stopped else { return }
            beginStopping(&state)
        }
    }

    /// Blocks until every loop thread has exited and every socket is closed.
    public func wait() {
        guard state.withLock({ $0.started }) else { return }
        finished.wait()
        state.withLock { state in
            guard !state.stopped else { return }
            for thread in state.threads {
                pthread_join(thread, nil)
            }
            // A handler still running past the drain timeout posts to its loop's wake descriptor: close
            // none before the pool is idle.
            pool.waitUntilIdle()
            for fd in state.wakeFDs {
                close(fd)
            }
            state.threads = []
            state.wakeFDs = []
            state.stopped = true
        }
    }

    private static func makeLoopFDs(listener: Int32) throws(SocketError) -> LoopDescriptors {
        let epoll = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epoll >= 0 else { throw SocketError(operation: "epoll_create1", code: errno) }
        let wake = eventfd(0, Int32(EFD_NONBLOCK | EFD_CLOEXEC))
        let spare = open("/dev/null", O_RDONLY | O_CLOEXEC)
        let fds = LoopDescriptors(epoll: epoll, wake: wake, spare: spare)
        guard wake >= 0, spare >= 0 else {
            let code = errno
            fds.close()
            throw SocketError(operation: "eventfd", code: code)
        }
        var event = epoll_event()
        event.events = EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue
        event.data.u64 = UInt64(UInt32(bitPattern: listener))
        var wakeEvent = epoll_event()
        wakeEvent.events = EPOLLIN.rawValue
        wakeEvent.data.u64 = UInt64(UInt32(bitPattern: wake))
        guard epoll_ctl(epoll, EPOLL_CTL_ADD, listener, &event) == 0,
            epoll_ctl(epoll, EPOLL_CTL_ADD, wake, &wakeEvent) == 0
        else {
            let code = errno
            fds.close()
            throw SocketError(operation: "epoll_ctl", code: code)
        }
        return fds
    }
}

/// Descriptors created for one event loop in ``Server/start()``, so that every descriptor exists
/// before `start()` returns. The loop closes `epoll` and `spare`; the server closes `wake` after
/// joining the loop, so ``Server/shutdown()`` never writes to a reused descriptor number.
struct LoopDescriptors: Sendable {
    let epoll: Int32
    let wake: Int32
    let spare: Int32

    func close() {
        for fd in [epoll, wake, spare] where fd >= 0 {
            Glibc.close(fd)
        }
    }
}
