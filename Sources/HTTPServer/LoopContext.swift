import Glibc
import Synchronization

/// What an event loop shares with the connections it owns (thread-confined, never crosses threads).
final class LoopContext {
    /// The application handler, run inline on the loop thread, or on the worker pool for the requests
    /// `offload` picks.
    let handler: @Sendable (Request) -> Response
    /// The application's choice of requests to run on ``pool`` instead of the loop (`nil`: none).
    let offload: (@Sendable (Request) -> Bool)?
    /// The threads that run offloaded handlers.
    let pool: WorkerPool?
    /// Where the pool hands this loop's offloaded responses back.
    let inbox: LoopInbox?
    /// The application's verdict on a head whose body has not been read (see ``Server/init(configuration:headCheck:handler:)``).
    let headCheck: (@Sendable (Request) -> Response?)?
    /// Writes the answer to a request the server refuses itself (see ``Refusal``).
    let refusal: @Sendable (Refusal) -> Response
    let limits: ParserLimits
    let headerTimeout: Int64
    let bodyTimeout: Int64
    let idleTimeout: Int64
    /// How long a connection lingers after shutting down its writing half (RFC 9112 §9.6), reading and dropping
    /// whatever the client still sends, however much: like nginx's lingering close, it is bounded by time, so a
    /// client that sends a large body after an early answer still reads that answer instead of a reset.
    let lingerTimeout: Int64
    let maxRequestsPerConnection: Int
    /// Bytes of pending output past which a connection stops reading requests (backpressure).
    let outputHighWater = 256 * 1024
    /// Least bytes a transfer must move per ``transferWindow``; 0: not judged.
    let minTransferBytes: Int
    /// The window over which transfer progress is judged, in nanoseconds.
    let transferWindow: Int64
    /// Bytes of bodies and queued responses all connections may reserve at once.
    let maxBodyBytesInFlight: Int
    /// Responses up to this size are always queued (counted, never refused): `/healthz`, a problem, a small
    /// answer; the budget then refuses only answers whose bytes matter.
    let smallResponseBytes = 16 * 1024
    var writer: ResponseWriter
    /// One read buffer per loop: idle connections hold no input memory.
    let readBuffer: UnsafeMutableRawBufferPointer
    /// Monotonic time of the current loop iteration, in nanoseconds.
    var now: Int64 = 0
    /// Set when this loop has processed the shutdown request.
    var shuttingDown = false
    private let shared: ServerShared

    /// Whether responses must announce `Connection: close`: also true when shutdown was
    /// requested while a handler was running, before the loop saw its wake-up.
    var isDraining: Bool {
        shuttingDown || shared.shuttingDown.load(ordering: .relaxed)
    }

    init(
        configuration: ServerConfiguration, shared: ServerShared,
        refusal: @escaping @Sendable (Refusal) -> Response = Refusal.plainText,
        headCheck: (@Sendable (Request) -> Response?)? = nil, offload: (@Sendable (Request) -> Bool)? = nil,
        pool: WorkerPool? = nil, inbox: LoopInbox? = nil, handler: @escaping @Sendable (Request) -> Response
    ) {
        self.handler = handler
        self.offload = offload
        self.pool = pool
        self.inbox = inbox
        self.refusal = refusal
        self.headCheck = headCheck
        self.shared = shared
        limits = ParserLimits(configuration)
        headerTimeout = configuration.headerReadTimeout.nanoseconds
        bodyTimeout = configuration.bodyReadTimeout.nanoseconds
        idleTimeout = configuration.idleTimeout.nanoseconds
        lingerTimeout = min(2_000_000_000, headerTimeout)
        maxRequestsPerConnection = max(1, configuration.maxRequestsPerConnection)
        transferWindow = max(1, configuration.transferRateWindow.nanoseconds)
        let (windowBytes, overflow) = max(0, configuration.minTransferRate)
            .multipliedReportingOverflow(by: Int(transferWindow / 1_000_000))
        minTransferBytes = overflow ? Int.max : windowBytes / 1_000
        maxBodyBytesInFlight = configuration.maxBodyBytesInFlight
        writer = ResponseWriter(serverName: configuration.serverName)
        readBuffer = .allocate(byteCount: 65_536, alignment: 16)
        now = Self.monotonicNow()
    }

    /// Whether `request` runs on the worker pool rather than inline.
    func offloads(_ request: Request) -> Bool {
        guard pool != nil, inbox != nil, let offload else { return false }
        return offload(request)
    }

    /// Runs the handler for `request` on the worker pool; its response comes back through ``inbox``,
    /// addressed to the connection on `fd` with `serial`.
    func submit(_ request: Request, fd: Int32, serial: UInt64) {
        guard let pool, let inbox else { return }
        let handler = handler
        pool.submit {
            inbox.post(.init(fd: fd, serial: serial, response: handler(request)))
        }
    }

    /// Reserves `bytes` of the process-wide body budget; `false`, with nothing reserved, when it would
    /// pass `maxBodyBytesInFlight`.
    func reserveBodyBytes(_ bytes: Int) -> Bool {
        reserve(bytes, in: shared.bodyBytesInFlight, besides: shared.responseBytesInFlight, force: false, admitAlone: false)
    }

    /// Reserves `bytes` of the same budget for a queued response; `false`, with nothing reserved, when it
    /// would pass `maxBodyBytesInFlight`, unless `force` (a small response is always counted and queued) or
    /// nothing else is in flight (an answer larger than the whole budget still goes out alone).
    func reserveResponseBytes(_ bytes: Int, force: Bool) -> Bool {
        reserve(bytes, in: shared.responseBytesInFlight, besides: shared.bodyBytesInFlight, force: force, admitAlone: true)
    }

    /// Returns bytes reserved with ``reserveResponseBytes(_:force:)``.
    func releaseResponseBytes(_ bytes: Int) {
        shared.responseBytesInFlight.wrappingSubtract(bytes, ordering: .relaxed)
    }

    private func reserve(
        _ bytes: Int, in counter: borrowing Atomic<Int>, besides other: borrowing Atomic<Int>, force: Bool, admitAlone: Bool
    ) -> Bool {
        let total = counter.wrappingAdd(bytes, ordering: .relaxed).newValue + other.load(ordering: .relaxed)
        guard !force, total > maxBodyBytesInFlight, !(admitAlone && total == bytes) else { return true }
        counter.wrappingSubtract(bytes, ordering: .relaxed)
        return false
    }

    /// Returns bytes reserved with ``reserveBodyBytes(_:)``.
    func releaseBodyBytes(_ bytes: Int) {
        shared.bodyBytesInFlight.wrappingSubtract(bytes, ordering: .relaxed)
    }

    deinit {
        readBuffer.deallocate()
    }

    /// `CLOCK_MONOTONIC` in nanoseconds.
    static func monotonicNow() -> Int64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return Int64(spec.tv_sec) * 1_000_000_000 + Int64(spec.tv_nsec)
    }

    /// The answer to a request the server refuses itself, written by the application's hook with the
    /// refusal's status.
    func refuse(_ reason: Refusal.Reason) -> Response {
        let limit: Int? = switch reason {
        case .malformed(.contentTooLarge): limits.maxBodyBytes
        case .malformed(.headerFieldsTooLarge): limits.maxHeaderBytes
        default: nil
        }
        let refusal = Refusal(reason: reason, limit: limit)
        var response = self.refusal(refusal)
        response.status = refusal.status
        return response
    }
}
