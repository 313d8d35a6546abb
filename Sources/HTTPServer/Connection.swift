import HTTPTypes

/// One client connection: parser, pipelined requests answered in order, output buffer.
///
/// Owned by exactly one event loop and only touched on its thread. Each method returns a
/// ``Disposition`` telling the loop which readiness to wait for, or to close the socket.
final class Connection {
    /// What the loop should do with the connection next.
    enum Disposition: Equatable {
        /// Keep it; wait for writability (output pending) or readability.
        case open(wantsWrite: Bool)
        /// Close the socket now.
        case close
        /// Wait for no readiness: the connection's handler runs on the worker pool, and its response
        /// comes back through the loop's inbox (``deliver(_:_:)``).
        case awaitingHandler
    }

    /// How to answer a request whose handler runs on the worker pool, once its response is back.
    private struct PendingAnswer {
        let isHead: Bool
        let http10: Bool
        let keepAlive: Bool
        let leftover: Bool
    }

    private enum Phase {
        /// Reading and answering requests.
        case open
        /// The last response is queued; close (or linger) once it is written.
        case closing
        /// Write side shut down; discarding input until EOF or the deadline (RFC 9112 §9.6).
        case lingering
    }

    let fd: Int32
    /// Whether this connection counts towards `maxConnections` (a 503-refused one does not).
    let counted: Bool
    /// Monotonic deadline (ns) of the current phase: header, body, idle, write or linger.
    var deadline: Int64
    /// Monotonic time (ns) at which the transfer under way (a body arriving, a response waiting for the
    /// client) is judged against the minimum transfer rate; `.max` when none is.
    var progressCheckAt = Int64.max
    /// The readiness currently registered with epoll.
    var wantsWrite = false
    /// Registered for no readiness while its handler runs on the worker pool.
    var paused = false
    /// Set by the loop at accept: with `fd`, it names this connection to the worker pool.
    var serial: UInt64 = 0

    private var transport: any Transport
    private var parser: RequestParser
    private var output: [UInt8] = []
    private var outputIndex = 0
    private var pendingInput: [UInt8] = []
    private var phase = Phase.open
    private var lingerAfterWrite = false
    private var requestsServed = 0
    /// Bytes read or written since the current transfer window opened.
    private var progressBytes = 0
    /// Bytes of the body being read that are reserved against the process-wide budget.
    private var reservedBodyBytes = 0
    /// Bytes of queued responses reserved against the same budget, until the output is written.
    private var reservedResponseBytes = 0
    /// The head check's answer to a request whose whole body had already arrived: sent in its turn
    /// instead of the handler's, on a connection that stays open.
    private var headRefusal: Response?
    /// Deadline of the request being parsed: fixed at its first byte for the head, moved by body progress.
    private var requestDeadline: Int64 = 0
    /// The request whose handler runs on the worker pool; nothing more is parsed until it is answered.
    private var awaiting: PendingAnswer?
    /// The transport negotiates before it yields plaintext (TLS); see ``init(transport:counted:context:handshakes:)``.
    private let handshakes: Bool

    /// - Parameter handshakes: the transport negotiates first (TLS). The header deadline then
    ///   starts at accept instead of the idle one, and a read that yields no plaintext (handshake,
    ///   partial record) moves no deadline: a client stalling or trickling its handshake, or
    ///   waiting to send its first request, is cut off at the header timeout like a slowloris.
    init(transport: any Transport, counted: Bool, context: LoopContext, handshakes: Bool = false) {
        self.fd = transport.fd
        self.transport = transport
        self.counted = counted
        self.handshakes = handshakes
        parser = RequestParser(limits: context.limits)
        deadline = context.now + (handshakes ? context.headerTimeout : context.idleTimeout)
    }

    /// The socket is readable.
    func onReadable(_ context: LoopContext) -> Disposition {
        if case .lingering = phase { return discardInput(context) }
        switch transport.read(into: context.readBuffer) {
        case .bytes(let count):
            progressBytes &+= count
            consume(UnsafeRawBufferPointer(rebasing: context.readBuffer[0..<count]), context)
        case .wouldBlock:
            // TLS: no plaintext is no progress, so no deadline moves. Nothing needs flushing either:
            // output is only ever pending while the loop waits for writability, not readability.
            if handshakes { return .open(wantsWrite: false) }
        case .closed:
            // RFC 9112 §8: a request cut short by the peer is incomplete → 400, then close.
            guard case .open = phase, let error = parser.errorAtEndOfInput() else {
                return outputIndex < output.count ? flush(context) : .close
            }
            fail(error, context, linger: false)
        case .failed:
            return .close
        }
        return flush(context)
    }

    /// The socket is writable again.
    func onWritable(_ context: LoopContext) -> Disposition {
        flush(context)
    }

    /// The deadline or the transfer window passed.
    func onTimeout(_ context: LoopContext) -> Disposition {
        if deadline > context.now { return judgeProgress(context) }
        guard case .open = phase, outputIndex == output.count, parser.phase != .idle else { return .close }
        // Slowloris or stalled body: answer 408 (RFC 9110 §15.5.9) and close.
        respond(context.refuse(.headerTimeout), isHead: false, http10: false, close: true, context)
        lingerAfterWrite = true
        return flush(context)
    }

    /// The server started draining: an idle connection closes now, a busy one after its response.
    ///
    /// A request the client already sent but the loop has not read yet is in flight, not idle: it is
    /// read and answered (with `Connection: close`) before the connection closes.
    func onShutdown(_ context: LoopContext) -> Disposition {
        guard isIdle else { return paused ? .awaitingHandler : .open(wantsWrite: wantsWrite) }
        let disposition = onReadable(context)
        return isIdle ? .close : disposition
    }

    /// The connection exceeds `maxConnections`: answer 503 and close (RFC 9110 §15.6.4).
    func refuse(_ context: LoopContext) -> Disposition {
        respond(context.refuse(.tooManyConnections), isHead: false, http10: false, close: true, context)
        lingerAfterWrite = true
        return flush(context)
    }

    /// Closes the transport (the loop forgets the connection) and returns its body and response reservations.
    func close(_ context: LoopContext) {
        releaseBody(context)
        releaseResponses(context)
        transport.close()
    }

    /// Open, between requests, with nothing to write or to parse.
    private var isIdle: Bool {
        guard case .open = phase, awaiting == nil else { return false }
        return parser.phase == .idle && outputIndex == output.count && pendingInput.isEmpty
    }

    /// Feeds bytes to the parser and answers every complete request, in order.
    private func consume(_ bytes: UnsafeRawBufferPointer, _ context: LoopContext) {
        var offset = 0
        while offset < bytes.count, case .open = phase {
            // Backpressure: stop parsing while too much output waits for the client, or while a worker
            // runs the handler of the request before (answers keep their order, RFC 9112 §9.3.2).
            if awaiting != nil || output.count - outputIndex > context.outputHighWater {
                pendingInput.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[offset...]))
                return
            }
            let wasIdle = parser.phase == .idle
            let (used, event) = parser.parse(UnsafeRawBufferPointer(rebasing: bytes[offset...]))
            offset += used
            if wasIdle && parser.phase != .idle {
                // The header deadline is fixed at the request's first byte (slowloris).
                requestDeadline = context.now + context.headerTimeout
            }
            switch event {
            case .needMore:
                if parser.phase == .body {
                    requestDeadline = context.now + context.bodyTimeout
                    // A chunked body reserves its budget as it grows (a sized one reserved it all up front).
                    if parser.bufferedBodyBytes > reservedBodyBytes {
                        reserveBody(parser.bufferedBodyBytes - reservedBodyBytes, context)
                    }
                }
            case .bodyFollows(let length, let expectsContinue):
                beginBody(length: length, expectsContinue: expectsContinue, arrived: bytes.count - offset, context)
            case .request(let parsed):
                answer(parsed, leftover: offset < bytes.count, context)
            case .error(let error):
                fail(error, context, linger: true)
            }
        }
    }

    /// Judges a request from its head before any of its body is read: the application's head check,
    /// then the process-wide body budget; then `100 Continue` when the client waits for it.
    ///
    /// A refused request whose whole sized body already arrived (`arrived` bytes follow the head) is
    /// answered in its turn once parsed past, keeping the connection; otherwise its body is never read:
    /// the refusal goes out at once, instead of 100 Continue (RFC 9110 §10.1.1), and the connection closes.
    private func beginBody(length: Int?, expectsContinue: Bool, arrived: Int, _ context: LoopContext) {
        if let check = context.headCheck, let request = parser.pendingRequest, let refusal = check(request) {
            if let length, length <= arrived {
                headRefusal = refusal
            } else {
                refuseBody(refusal, isHead: request.method == .head, context)
            }
            return
        }
        if let length, !reserveBody(length, context) { return }
        if expectsContinue { output.append(contentsOf: ResponseWriter.continueResponse) }
        requestDeadline = context.now + context.bodyTimeout
        startTransferWindow(context)
    }

    /// Reserves `bytes` more of the body budget, or refuses the request with 503 and `Retry-After`
    /// (RFC 9110 §15.6.4, §10.2.3) when the process already receives too many bodies.
    @discardableResult
    private func reserveBody(_ bytes: Int, _ context: LoopContext) -> Bool {
        guard context.reserveBodyBytes(bytes) else {
            var response = context.refuse(.tooManyBodiesInFlight)
            response.headerFields[.retryAfter] = "1"
            refuseBody(response, isHead: false, context)
            return false
        }
        reservedBodyBytes += bytes
        return true
    }

    /// Returns the reservation of the queued responses, once they are written (or the connection closes).
    private func releaseResponses(_ context: LoopContext) {
        guard reservedResponseBytes > 0 else { return }
        context.releaseResponseBytes(reservedResponseBytes)
        reservedResponseBytes = 0
    }

    /// Returns the body reservation, if any.
    private func releaseBody(_ context: LoopContext) {
        guard reservedBodyBytes > 0 else { return }
        context.releaseBodyBytes(reservedBodyBytes)
        reservedBodyBytes = 0
    }

    /// Answers a request whose body is not read, then closes, discarding what still arrives (RFC 9112 §9.6).
    private func refuseBody(_ response: Response, isHead: Bool, _ context: LoopContext) {
        respond(response, isHead: isHead, http10: false, close: true, context)
        lingerAfterWrite = true
    }

    /// Opens a transfer window unless one is open (or the rate is not judged).
    private func startTransferWindow(_ context: LoopContext) {
        guard progressCheckAt == .max, context.minTransferBytes > 0 else { return }
        progressCheckAt = context.now + context.transferWindow
        progressBytes = 0
    }

    /// The transfer window ended: enough progress opens the next one; too little closes the connection,
    /// with a 408 (RFC 9110 §15.5.9) when it was a body arriving too slowly.
    private func judgeProgress(_ context: LoopContext) -> Disposition {
        guard progressBytes < context.minTransferBytes else {
            progressCheckAt = context.now + context.transferWindow
            progressBytes = 0
            return .open(wantsWrite: wantsWrite)
        }
        progressCheckAt = .max
        guard case .open = phase, outputIndex == output.count, parser.phase == .body else { return .close }
        refuseBody(context.refuse(.bodyTooSlow), isHead: false, context)
        return flush(context)
    }

    /// Runs the handler inline and queues its response, or hands it to the worker pool when the
    /// application offloads the request.
    private func answer(_ parsed: ParsedRequest, leftover: Bool, _ context: LoopContext) {
        requestsServed += 1
        let request = parsed.request
        let pending = PendingAnswer(
            isHead: request.method == .head, http10: request.version == .http1_0, keepAlive: parsed.keepAlive, leftover: leftover)
        if let refusal = headRefusal {
            headRefusal = nil
            queue(refusal, pending, context)
        } else if context.offloads(request) {
            awaiting = pending
            context.submit(request, fd: fd, serial: serial)
        } else {
            queue(context.handler(request), pending, context)
        }
    }

    /// The worker pool's response to the request this connection waits for: queued, then written.
    func deliver(_ response: Response, _ context: LoopContext) -> Disposition {
        guard let pending = awaiting else { return .open(wantsWrite: wantsWrite) }
        awaiting = nil
        queue(response, pending, context)
        return flush(context)
    }

    /// Queues the response to a request, closing after it when either side asks to.
    private func queue(_ response: Response, _ pending: PendingAnswer, _ context: LoopContext) {
        releaseBody(context)
        let serverCloses = requestsServed >= context.maxRequestsPerConnection || context.isDraining
        let closes = respond(response, isHead: pending.isHead, http10: pending.http10, close: serverCloses || !pending.keepAlive, context)
        if closes {
            // Linger unless the client itself asked to close and sent nothing more (RFC 9112 §9.6).
            lingerAfterWrite = pending.keepAlive || pending.leftover || !pendingInput.isEmpty
        }
    }

    /// Queues a refusal for a parse error; the connection closes after it (RFC 9112 §9.6).
    private func fail(_ error: HTTPParseError, _ context: LoopContext, linger: Bool) {
        respond(context.refuse(.malformed(error)), isHead: false, http10: false, close: true, context)
        lingerAfterWrite = linger
    }

    /// Queues `response`, its body reserved against the in-flight budget until written; past the budget a large
    /// answer is replaced by a 503 with `Retry-After` (slow readers of large answers would otherwise hold them
    /// all in memory).
    @discardableResult
    private func respond(_ response: Response, isHead: Bool, http10: Bool, close: Bool, _ context: LoopContext) -> Bool {
        var response = response
        if !context.reserveResponseBytes(response.body.count, force: response.body.count <= context.smallResponseBytes) {
            response = context.refuse(.tooManyResponsesInFlight)
            response.headerFields[.retryAfter] = "1"
            _ = context.reserveResponseBytes(response.body.count, force: true)
        }
        reservedResponseBytes += response.body.count
        let closes = context.writer.append(response, to: &output, isHead: isHead, close: close, http10: http10)
        if closes {
            phase = .closing
            pendingInput = []
            releaseBody(context)
        }
        return closes
    }

    /// Writes pending output; resumes parsed-but-unanswered input once it drains.
    private func flush(_ context: LoopContext) -> Disposition {
        while true {
            while outputIndex < output.count {
                let result = output.withUnsafeBytes { transport.write(UnsafeRawBufferPointer(rebasing: $0[outputIndex...])) }
                switch result {
                case .bytes(let count):
                    outputIndex += count
                    progressBytes &+= count
                    deadline = context.now + context.idleTimeout
                case .wouldBlock:
                    startTransferWindow(context)
                    return .open(wantsWrite: true)
                case .closed, .failed:
                    return .close
                }
            }
            if output.capacity > 1 << 20 {
                output = []
            } else {
                output.removeAll(keepingCapacity: true)
            }
            outputIndex = 0
            releaseResponses(context)
            switch phase {
            case .lingering:
                return .open(wantsWrite: false)
            case .closing:
                guard lingerAfterWrite else { return .close }
                transport.shutdownWrite()
                phase = .lingering
                progressCheckAt = .max
                deadline = context.now + context.lingerTimeout
                return .open(wantsWrite: false)
            case .open:
                if awaiting != nil {
                    // No deadline runs while the worker pool has the request; the next starts at its answer.
                    deadline = .max
                    progressCheckAt = .max
                    return .awaitingHandler
                }
                guard !pendingInput.isEmpty else {
                    if parser.phase != .body { progressCheckAt = .max }
                    if parser.phase == .idle {
                        if context.shuttingDown { return .close }
                        deadline = context.now + context.idleTimeout
                    } else {
                        deadline = requestDeadline
                    }
                    return .open(wantsWrite: false)
                }
                let input = pendingInput
                pendingInput = []
                input.withUnsafeBytes { consume($0, context) }
            }
        }
    }

    /// Reads and drops input after the write side was shut down, until the linger deadline (set once, when
    /// lingering starts) or the client closes.
    private func discardInput(_ context: LoopContext) -> Disposition {
        switch transport.read(into: context.readBuffer) {
        case .bytes, .wouldBlock:
            return .open(wantsWrite: false)
        case .closed, .failed:
            return .close
        }
    }
}
