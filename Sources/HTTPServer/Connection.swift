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
    /// The readiness currently registered with epoll.
    var wantsWrite = false

    private var transport: any Transport
    private var parser: RequestParser
    private var output: [UInt8] = []
    private var outputIndex = 0
    private var pendingInput: [UInt8] = []
    private var phase = Phase.open
    private var lingerAfterWrite = false
    private var requestsServed = 0
    private var discarded = 0
    /// Deadline of the request being parsed: fixed at its first byte for the head, moved by body progress.
    private var requestDeadline: Int64 = 0
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

    /// The deadline passed.
    func onTimeout(_ context: LoopContext) -> Disposition {
        guard case .open = phase, outputIndex == output.count, parser.phase != .idle else { return .close }
        // Slowloris or stalled body: answer 408 (RFC 9110 §15.5.9) and close.
        respond(Problem.response(.requestTimeout, detail: "The request was not received in time."), isHead: false, http10: false, close: true, context)
        lingerAfterWrite = true
        return flush(context)
    }

    /// The server started draining: an idle connection closes now, a busy one after its response.
    func onShutdown(_ context: LoopContext) -> Disposition {
        if case .open = phase, parser.phase == .idle, outputIndex == output.count, pendingInput.isEmpty { return .close }
        return .open(wantsWrite: wantsWrite)
    }

    /// The connection exceeds `maxConnections`: answer 503 and close (RFC 9110 §15.6.4).
    func refuse(_ context: LoopContext) -> Disposition {
        respond(Problem.response(.serviceUnavailable, detail: "Too many open connections."), isHead: false, http10: false, close: true, context)
        lingerAfterWrite = true
        return flush(context)
    }

    /// Closes the transport (the loop forgets the connection).
    func close() {
        transport.close()
    }

    /// Feeds bytes to the parser and answers every complete request, in order.
    private func consume(_ bytes: UnsafeRawBufferPointer, _ context: LoopContext) {
        var offset = 0
        while offset < bytes.count, case .open = phase {
            // Backpressure: stop parsing while too much output waits for the client.
            if output.count - outputIndex > context.outputHighWater {
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
                if parser.phase == .body { requestDeadline = context.now + context.bodyTimeout }
            case .continueExpected:
                output.append(contentsOf: ResponseWriter.continueResponse)
                requestDeadline = context.now + context.bodyTimeout
            case .request(let parsed):
                answer(parsed, leftover: offset < bytes.count, context)
            case .error(let error):
                fail(error, context, linger: true)
            }
        }
    }

    /// Runs the handler inline and queues its response.
    private func answer(_ parsed: ParsedRequest, leftover: Bool, _ context: LoopContext) {
        requestsServed += 1
        let request = parsed.request
        let response = context.handler(request)
        let serverCloses = requestsServed >= context.maxRequestsPerConnection || context.isDraining
        let isHTTP10 = request.version == .http1_0
        let closes = respond(response, isHead: request.method == .head, http10: isHTTP10, close: serverCloses || !parsed.keepAlive, context)
        if closes {
            // Linger unless the client itself asked to close and sent nothing more (RFC 9112 §9.6).
            lingerAfterWrite = parsed.keepAlive || leftover || !pendingInput.isEmpty
        }
    }

    /// Queues a refusal for a parse error; the connection closes after it (RFC 9112 §9.6).
    private func fail(_ error: HTTPParseError, _ context: LoopContext, linger: Bool) {
        respond(Problem.response(error.status, detail: error.detail), isHead: false, http10: false, close: true, context)
        lingerAfterWrite = linger
    }

    @discardableResult
    private func respond(_ response: Response, isHead: Bool, http10: Bool, close: Bool, _ context: LoopContext) -> Bool {
        let closes = context.writer.append(response, to: &output, isHead: isHead, close: close, http10: http10)
        if closes {
            phase = .closing
            pendingInput = []
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
                    deadline = context.now + context.idleTimeout
                case .wouldBlock:
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
            switch phase {
            case .lingering:
                return .open(wantsWrite: false)
            case .closing:
                guard lingerAfterWrite else { return .close }
                transport.shutdownWrite()
                phase = .lingering
                deadline = context.now + context.lingerTimeout
                return .open(wantsWrite: false)
            case .open:
                guard !pendingInput.isEmpty else {
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

    /// Reads and drops input after the write side was shut down, within byte and time bounds.
    private func discardInput(_ context: LoopContext) -> Disposition {
        switch transport.read(into: context.readBuffer) {
        case .bytes(let count):
            discarded += count
            return discarded > context.lingerByteLimit ? .close : .open(wantsWrite: false)
        case .wouldBlock:
            return .open(wantsWrite: false)
        case .closed, .failed:
            return .close
        }
    }
}
