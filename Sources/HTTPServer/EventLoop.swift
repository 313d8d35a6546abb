import CHTTPShims
import Glibc

/// One event-loop thread: an epoll instance, the connections it accepted, and their timers.
///
/// Level-triggered epoll. The shared listening socket is registered with `EPOLLEXCLUSIVE`, so
/// one waiting loop is woken per burst of connections; an `eventfd` wakes the loop for shutdown.
/// Deadlines are plain numbers on each connection, checked every ≤ 250 ms: no timer objects.
/// With a ``TLSContext`` every accepted socket gets a ``TLSTransport``, otherwise a ``PlainTransport``.
final class EventLoop {
    private let epoll: Int32
    private let wakeFD: Int32
    private var listener: Int32
    private let shared: ServerShared
    private let maxConnections: Int
    private let drainTimeout: Int64
    private let context: LoopContext
    private let tls: TLSContext?
    private var connections: [Connection?] = []
    private var count = 0
    private var spareFD: Int32
    private var drainDeadline = Int64.max
    private var lastSweep: Int64 = 0
    /// The serial number of the last connection accepted: with the descriptor, it names a connection that
    /// an offloaded response is for (a descriptor number is reused once its connection closes).
    private var nextSerial: UInt64 = 0
    /// Whether this loop has served a connection since the heap was last trimmed.
    private var servedSinceTrim = false

    private static let sweepInterval: Int64 = 250_000_000
    private static let readable = EPOLLIN.rawValue | EPOLLRDHUP.rawValue
    private static let writable = EPOLLOUT.rawValue

    init(descriptors: LoopDescriptors, listener: Int32, shared: ServerShared, configuration: ServerConfiguration,
         tls: TLSContext?, refusal: @escaping @Sendable (Refusal) -> Response,
         headCheck: (@Sendable (Request) -> Response?)?, offload: (@Sendable (Request) -> Bool)?, pool: WorkerPool?,
         handler: @escaping @Sendable (Request) -> Response) {
        epoll = descriptors.epoll
        wakeFD = descriptors.wake
        self.listener = listener
        self.shared = shared
        maxConnections = configuration.maxConnections
        drainTimeout = configuration.drainTimeout.nanoseconds
        context = LoopContext(
            configuration: configuration, shared: shared, refusal: refusal, headCheck: headCheck, offload: offload,
            pool: pool, inbox: offload == nil ? nil : LoopInbox(wakeFD: descriptors.wake), handler: handler)
        self.tls = tls
        spareFD = descriptors.spare
    }

    /// Runs until shutdown has drained every connection (or the drain timeout passed).
    func run() {
        let capacity: Int32 = 256
        let events = UnsafeMutablePointer<epoll_event>.allocate(capacity: Int(capacity))
        defer {
            events.deallocate()
            for case let connection? in connections { close(connection) }
            if listener >= 0 { releaseListener() }
            Glibc.close(epoll)
            if spareFD >= 0 { Glibc.close(spareFD) }
        }
        lastSweep = LoopContext.monotonicNow()
        if shared.shuttingDown.load(ordering: .acquiring) { beginShutdown() }
        while !(context.shuttingDown && (count == 0 || context.now >= drainDeadline)) {
            let ready = epoll_wait(epoll, events, capacity, 250)
            context.now = LoopContext.monotonicNow()
            context.writer.refreshDate()
            if ready < 0 && errno != EINTR { return }
            for index in 0..<Int(max(ready, 0)) {
                let event = events[index]
                let fd = Int32(truncatingIfNeeded: event.data.u64)
                if fd == listener {
                    acceptConnections()
                } else if fd == wakeFD {
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                    deliverOffloadedResponses()
                    if shared.shuttingDown.load(ordering: .acquiring) && !context.shuttingDown { beginShutdown() }
                } else if let connection = connection(fd) {
                    // A connection waiting for a worker is registered for no events: only a hang-up or an
                    // error reaches it, and its answer can no longer be delivered.
                    if connection.paused {
                        close(connection)
                        continue
                    }
                    // Errors and hang-ups surface through the read or write that follows.
                    let disposition = connection.wantsWrite ? connection.onWritable(context) : connection.onReadable(context)
                    apply(disposition, to: connection)
                }
            }
            if context.now - lastSweep >= Self.sweepInterval { sweep() }
        }
    }

    /// Hands each response the worker pool finished to its connection, if that is still open and waiting.
    private func deliverOffloadedResponses() {
        guard let inbox = context.inbox else { return }
        for delivery in inbox.take() {
            guard let connection = connection(delivery.fd), connection.serial == delivery.serial else { continue }
            apply(connection.deliver(delivery.response, context), to: connection)
        }
    }

    private func connection(_ fd: Int32) -> Connection? {
        Int(fd) < connections.count ? connections[Int(fd)] : nil
    }

    /// Accepts until EAGAIN (or a fairness cap); past `maxConnections` the connection gets 503
    /// (a TLS one is closed unanswered: a 503 would first cost the full handshake the limit bounds).
    private func acceptConnections() {
        for _ in 0..<256 {
            let fd = chttp_accept(listener)
            if fd < 0 {
                switch errno {
                case EINTR, ECONNABORTED: continue
                case EMFILE, ENFILE: shedOneConnection()
                default: break
                }
                return
            }
            Socket.setNoDelay(fd)
            let counted = shared.openConnections.wrappingAdd(1, ordering: .relaxed).newValue <= maxConnections
            if !counted { shared.openConnections.wrappingSubtract(1, ordering: .relaxed) }
            let connection: Connection
            if let tls {
                guard counted, !context.shuttingDown, let transport = TLSTransport(fd: fd, context: tls) else {
                    if counted { shared.openConnections.wrappingSubtract(1, ordering: .relaxed) }
                    Glibc.close(fd)
                    continue
                }
                connection = Connection(transport: transport, counted: counted, context: context, handshakes: true)
            } else {
                connection = Connection(transport: PlainTransport(fd: fd), counted: counted, context: context)
            }
            var event = epoll_event()
            event.events = Self.readable
            event.data.u64 = UInt64(UInt32(bitPattern: fd))
            guard epoll_ctl(epoll, EPOLL_CTL_ADD, fd, &event) == 0 else {
                if counted { shared.openConnections.wrappingSubtract(1, ordering: .relaxed) }
                connection.close(context)
                continue
            }
            if Int(fd) >= connections.count {
                connections.append(contentsOf: repeatElement(nil, count: Int(fd) + 1 - connections.count + 64))
            }
            nextSerial &+= 1
            connection.serial = nextSerial
            connections[Int(fd)] = connection
            count += 1
            servedSinceTrim = true
            if !counted || context.shuttingDown {
                apply(connection.refuse(context), to: connection)
            }
        }
    }

    /// Out of file descriptors: free the spare one to accept and drop a connection, so the
    /// level-triggered listener does not spin.
    private func shedOneConnection() {
        guard spareFD >= 0 else { return }
        Glibc.close(spareFD)
        let fd = chttp_accept(listener)
        if fd >= 0 { Glibc.close(fd) }
        spareFD = open("/dev/null", O_RDONLY | O_CLOEXEC)
    }

    private func apply(_ disposition: Connection.Disposition, to connection: Connection) {
        switch disposition {
        case .close:
            close(connection)
        case .open(let wantsWrite):
            guard wantsWrite != connection.wantsWrite || connection.paused else { return }
            register(connection, events: wantsWrite ? Self.writable : Self.readable)
            connection.wantsWrite = wantsWrite
            connection.paused = false
        case .awaitingHandler:
            guard !connection.paused else { return }
            // No readiness at all: level-triggered input would otherwise wake the loop on every turn.
            register(connection, events: 0)
            connection.wantsWrite = false
            connection.paused = true
        }
    }

    private func register(_ connection: Connection, events: UInt32) {
        var event = epoll_event()
        event.events = events
        event.data.u64 = UInt64(UInt32(bitPattern: connection.fd))
        if epoll_ctl(epoll, EPOLL_CTL_MOD, connection.fd, &event) != 0 { close(connection) }
    }

    private func close(_ connection: Connection) {
        guard connections[Int(connection.fd)] === connection else { return }
        connections[Int(connection.fd)] = nil
        count -= 1
        connection.close(context)
        if connection.counted { shared.openConnections.wrappingSubtract(1, ordering: .relaxed) }
    }

    /// Applies every deadline and transfer window that passed.
    private func sweep() {
        lastSweep = context.now
        for case let connection? in connections where connection.deadline <= context.now || connection.progressCheckAt <= context.now {
            apply(connection.onTimeout(context), to: connection)
        }
        // Once the whole server is idle, give the memory that serving freed back to the system: after 1,024
        // connections glibc kept 2 MiB (+11 %) of freed heap (Benchmarks/soak.sh, "idle after"). Once per
        // busy spell, at most every sweep, and never while a connection is open.
        if servedSinceTrim, shared.openConnections.load(ordering: .relaxed) == 0 {
            servedSinceTrim = false
            chttp_trim_heap()
        }
    }

    /// Stops accepting, closes idle connections, and bounds the rest by the drain timeout.
    private func beginShutdown() {
        context.shuttingDown = true
        drainDeadline = context.now + drainTimeout
        releaseListener()
        for case let connection? in connections {
            apply(connection.onShutdown(context), to: connection)
        }
    }

    private func releaseListener() {
        guard listener >= 0 else { return }
        _ = epoll_ctl(epoll, EPOLL_CTL_DEL, listener, nil)
        // The last loop to let go closes the socket, so no loop accepts on a reused fd number.
        if shared.listenerUsers.wrappingSubtract(1, ordering: .acquiringAndReleasing).newValue == 0 {
            Glibc.close(listener)
        }
        listener = -1
    }
}
