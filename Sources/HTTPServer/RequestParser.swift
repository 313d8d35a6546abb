import Glibc
import HTTPTypes

/// What the parser has to say after consuming some bytes.
enum ParseEvent {
    /// Every byte was consumed; the request is not complete yet.
    case needMore
    /// The head is complete and a body follows: `length` bytes, or chunked when `nil`. The connection may
    /// refuse the request from its head (``RequestParser/pendingRequest``) before reading the body, or
    /// send `100 Continue` when `expectsContinue` (RFC 9110 §10.1.1).
    case bodyFollows(length: Int?, expectsContinue: Bool)
    /// A complete request; bytes after it belong to the next request.
    case request(ParsedRequest)
    /// The request is refused; the connection must be closed after answering.
    case error(HTTPParseError)
}

/// A complete request and what the connection needs to answer it.
struct ParsedRequest {
    /// The request for the handler.
    var request: Request
    /// Whether the connection stays open after the response (RFC 9112 §9.3).
    var keepAlive: Bool
}

/// Limits enforced while parsing (from ``ServerConfiguration``).
struct ParserLimits {
    var maxHeaderBytes = 16_384
    var maxHeaderFields = 100
    var maxTargetBytes = 8_192
    var maxBodyBytes = 8 * 1024 * 1024
    var maxChunkExtensionBytes = 1_024

    init() {}

    init(_ configuration: ServerConfiguration) {
        maxHeaderBytes = configuration.maxHeaderBytes
        maxHeaderFields = configuration.maxHeaderFields
        maxTargetBytes = configuration.maxTargetBytes
        maxBodyBytes = configuration.maxBodyBytes
    }
}

/// Incremental HTTP/1.1 request parser (RFC 9112).
///
/// Bytes may arrive one at a time or many requests at once: ``parse(_:)`` consumes at most one
/// request and reports how many bytes it used. Head bytes are copied into a reused buffer and
/// checked line by line as each CRLF arrives, so limits and malformed lines are caught early.
struct RequestParser {
    /// Where the parser is within the current request.
    enum Phase {
        /// No byte of the next request has arrived.
        case idle
        /// Reading the request line and header section.
        case head
        /// Reading the body.
        case body
    }

    private enum State {
        case idle
        case requestLine
        case fields
        case body(remaining: Int)
        case chunked
        case failed(HTTPParseError)
    }

    let limits: ParserLimits
    private var state = State.idle
    var head: [UInt8] = []
    var lineStart = 0
    var fieldsStart = 0
    var fields: [FieldLine.Parts] = []
    var skippedEmptyLine = false
    var requestLine = RequestLine()
    private var body: [UInt8] = []
    private var chunked: ChunkedBodyDecoder
    private var pending: ParsedRequest?

    /// Creates a parser enforcing `limits`.
    init(limits: ParserLimits) {
        self.limits = limits
        chunked = Self.makeChunkedDecoder(limits)
    }

    /// Where the parser is within the current request.
    var phase: Phase {
        switch state {
        case .idle: return .idle
        case .requestLine, .fields, .failed: return .head
        case .body, .chunked: return .body
        }
    }

    /// The request whose body is being read, without its body.
    var pendingRequest: Request? { pending?.request }

    /// Body bytes buffered so far for the request being read.
    var bufferedBodyBytes: Int { body.count }

    /// Consumes bytes of `input` up to the end of one request, an error or the end of `input`.
    mutating func parse(_ input: UnsafeRawBufferPointer) -> (consumed: Int, event: ParseEvent) {
        var index = 0
        while index < input.count {
            switch state {
            case .failed(let error):
                return (index, .error(error))
            case .idle, .requestLine, .fields:
                if case .idle = state { state = .requestLine }
                let start = input.baseAddress! + index
                let available = input.count - index
                guard let found = memchr(start, 0x0A, available) else {
                    head.append(contentsOf: UnsafeRawBufferPointer(start: start, count: available))
                    index = input.count
                    if let error = checkPartialLine() { return (index, fail(error)) }
                    return (index, .needMore)
                }
                let count = UnsafeRawPointer(found) - UnsafeRawPointer(start) + 1
                head.append(contentsOf: UnsafeRawBufferPointer(start: start, count: count))
                index += count
                if let event = endLine() { return (index, event) }
            case .body(let remaining):
                let count = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<index + count]))
                index += count
                guard remaining > count else { return (index, complete()) }
                state = .body(remaining: remaining - count)
            case .chunked:
                let rest = UnsafeRawBufferPointer(rebasing: input[index...])
                let (used, result) = chunked.decode(rest, into: &body)
                index += used
                switch result {
                case .needMore: break
                case .done: return (index, complete())
                case .failed(let error): return (index, fail(error))
                }
            }
        }
        return (index, .needMore)
    }

    /// The error to answer with when the peer ends its side mid-request, if any (RFC 9112 §8).
    func errorAtEndOfInput() -> HTTPParseError? {
        switch state {
        case .idle: return nil
        case .failed(let error): return error
        default: return .incompleteRequest
        }
    }

    /// Enters the failed state; every later call reports the same error.
    mutating func fail(_ error: HTTPParseError) -> ParseEvent {
        state = .failed(error)
        return .error(error)
    }

    /// Limits that can be judged before the line is complete.
    private func checkPartialLine() -> HTTPParseError? {
        switch state {
        case .requestLine:
            // RFC 9112 §3: a method and version take a few bytes; the rest is the target.
            guard head.count > limits.maxTargetBytes + 64 else { return nil }
            return head.contains(0x20) ? .targetTooLong : .invalidRequestLine
        case .fields:
            // A lone CR may begin the empty line that ends the head, which `endLine` does not count against
            // the limit: judging it here would refuse a head that arrives in one read is accepted.
            if head.count - lineStart == 1 && head[lineStart] == 0x0D { return nil }
            return head.count - fieldsStart > limits.maxHeaderBytes ? .headerFieldsTooLarge : nil
        default:
            return nil
        }
    }

    /// Handles the line that ends at the last byte of `head` (a LF).
    private mutating func endLine() -> ParseEvent? {
        let lineFeed = head.count - 1
        // RFC 9112 §2.2: a bare LF is rejected, CRLF is the only line ending.
        guard lineFeed > lineStart, head[lineFeed - 1] == 0x0D else { return fail(.invalidLineEnding) }
        let line = lineStart..<lineFeed - 1
        // RFC 9112 §2.2: a bare CR anywhere in a line is rejected.
        for index in line where head[index] == 0x0D { return fail(.invalidLineEnding) }
        lineStart = head.count
        if case .requestLine = state {
            if line.isEmpty {
                // RFC 9112 §2.2: one empty line before a request is ignored.
                guard !skippedEmptyLine else { return fail(.invalidRequestLine) }
                skippedEmptyLine = true
                head.removeAll(keepingCapacity: true)
                lineStart = 0
                state = .idle
                return nil
            }
            if let error = parseRequestLine(line) { return fail(error) }
            state = .fields
            fieldsStart = head.count
            return nil
        }
        if line.isEmpty { return finishHead() }
        // RFC 6585 §5: too large a header section → 431.
        guard head.count - fieldsStart <= limits.maxHeaderBytes, fields.count < limits.maxHeaderFields else {
            return fail(.headerFieldsTooLarge)
        }
        switch FieldLine.split(head, line) {
        case .success(let parts): fields.append(parts)
        case .failure(let error): return fail(error)
        }
        return nil
    }

    /// Moves to the body, or completes a request that has none.
    mutating func startBody(_ request: ParsedRequest, framing: BodyFraming, expectContinue: Bool) -> ParseEvent {
        pending = request
        let length: Int?
        switch framing {
        case .none:
            return complete()
        case .length(let count):
            // The whole length at once (it is within maxBodyBytes and reserved against the in-flight budget):
            // the body is never copied as it grows, and pages not yet received are not resident.
            body.reserveCapacity(count)
            state = .body(remaining: count)
            length = count
        case .chunked:
            state = .chunked
            length = nil
        }
        // RFC 9110 §10.1.1: 100 Continue only when the body will be read, never to HTTP/1.0.
        return .bodyFollows(length: length, expectsContinue: expectContinue && request.request.version == .http1_1)
    }

    private mutating func complete() -> ParseEvent {
        guard var finished = pending else { return fail(.incompleteRequest) }
        finished.request.body = body
        body = []
        pending = nil
        head.removeAll(keepingCapacity: true)
        fields.removeAll(keepingCapacity: true)
        lineStart = 0
        skippedEmptyLine = false
        chunked = Self.makeChunkedDecoder(limits)
        state = .idle
        return .request(finished)
    }

    private static func makeChunkedDecoder(_ limits: ParserLimits) -> ChunkedBodyDecoder {
        ChunkedBodyDecoder(
            maxBodyBytes: limits.maxBodyBytes,
            maxExtensionBytes: limits.maxChunkExtensionBytes,
            maxTrailerBytes: limits.maxHeaderBytes
        )
    }
}
