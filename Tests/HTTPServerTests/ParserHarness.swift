@testable import HTTPServer

/// What the parser reported, in a form tests can compare.
enum Outcome: Equatable, Sendable, CustomStringConvertible {
    case request(method: String, path: String, body: String, keepAlive: Bool)
    case continueExpected
    case error(HTTPParseError)

    var description: String {
        switch self {
        case .request(let method, let path, let body, let keepAlive):
            return "\(method) \(path) body=\(body.debugDescription) keepAlive=\(keepAlive)"
        case .continueExpected: return "100-continue"
        case .error(let error): return "error \(error)"
        }
    }

    static func get(_ path: String = "/", keepAlive: Bool = true) -> Outcome {
        .request(method: "GET", path: path, body: "", keepAlive: keepAlive)
    }

    static func post(_ body: String, path: String = "/", keepAlive: Bool = true) -> Outcome {
        .request(method: "POST", path: path, body: body, keepAlive: keepAlive)
    }
}

/// Small limits so the limit rules are cheap to exercise.
extension ParserLimits {
    static func make(
        maxHeaderBytes: Int = 512, maxHeaderFields: Int = 8, maxTargetBytes: Int = 64,
        maxBodyBytes: Int = 32, maxChunkExtensionBytes: Int = 32
    ) -> ParserLimits {
        var limits = ParserLimits()
        limits.maxHeaderBytes = maxHeaderBytes
        limits.maxHeaderFields = maxHeaderFields
        limits.maxTargetBytes = maxTargetBytes
        limits.maxBodyBytes = maxBodyBytes
        limits.maxChunkExtensionBytes = maxChunkExtensionBytes
        return limits
    }
}

/// Feeds `input` to a fresh parser in the given pieces and collects what it reports.
///
/// Stops at the first error, as the connection does. `atEnd` also reports the end-of-input verdict.
func parse(_ pieces: [[UInt8]], limits: ParserLimits = .make(), atEnd: Bool = false) -> [Outcome] {
    var parser = RequestParser(limits: limits)
    var outcomes: [Outcome] = []
    for piece in pieces {
        var offset = 0
        var failed = false
        piece.withUnsafeBytes { buffer in
            while offset < buffer.count {
                let (used, event) = parser.parse(UnsafeRawBufferPointer(rebasing: buffer[offset...]))
                offset += used
                switch event {
                case .needMore:
                    return
                case .bodyFollows(_, let expectsContinue):
                    if expectsContinue { outcomes.append(.continueExpected) }
                case .request(let parsed):
                    let request = parsed.request
                    outcomes.append(.request(
                        method: request.head.method.rawValue, path: request.head.path ?? "",
                        body: String(decoding: request.body, as: UTF8.self), keepAlive: parsed.keepAlive
                    ))
                case .error(let error):
                    outcomes.append(.error(error))
                    failed = true
                    return
                }
            }
        }
        if failed { return outcomes }
    }
    if atEnd, let error = parser.errorAtEndOfInput() { outcomes.append(.error(error)) }
    return outcomes
}

func parse(_ text: String, limits: ParserLimits = .make(), atEnd: Bool = false) -> [Outcome] {
    parse([Array(text.utf8)], limits: limits, atEnd: atEnd)
}

func parseByteByByte(_ text: String, limits: ParserLimits = .make()) -> [Outcome] {
    parse(Array(text.utf8).map { [$0] }, limits: limits)
}

/// The first parsed request, for tests that look at its head.
func firstRequest(_ text: String) -> Request? {
    var parser = RequestParser(limits: .make())
    let bytes = Array(text.utf8)
    return bytes.withUnsafeBytes { buffer in
        if case .request(let parsed) = parser.parse(buffer).event { return parsed.request }
        return nil
    }
}
