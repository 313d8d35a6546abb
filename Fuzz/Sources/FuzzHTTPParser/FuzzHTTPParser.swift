// libFuzzer target: the incremental HTTP/1.1 request parser, fed as the event loop feeds it.
//
// Input layout: byte 0 is a control byte, then up to 7 split bytes, then the stream.
//   bits 0-2: how many split bytes follow (each is the length - 1 of the next piece; the rest is one piece)
//   bit 3:    feed the stream one byte at a time instead
//   bit 4:    small limits (so the 413/414/431 and chunk-extension rules are reachable with short inputs)
// Invariants: no trap or ASan report; the outcome (requests, 100-continue, error, end-of-input verdict)
// is the same as when the whole stream arrives in one read (an error judged on an incomplete line may
// differ in kind, see `partialLineErrors`); consumption is accounted exactly; an error is
// sticky; limits hold on every parsed request; every error maps to 400/413/414/431/501/505.
import FuzzSupport
import HTTPTypes
@testable import HTTPServer

private enum Outcome: Equatable {
    case request(head: HTTPRequest, version: HTTPVersion, body: [UInt8], keepAlive: Bool)
    case bodyFollows(length: Int?, expectsContinue: Bool)
    case error(HTTPParseError)
    case endOfInput(HTTPParseError?)
}

private let defaultLimits = ParserLimits()
private let smallLimits: ParserLimits = {
    var limits = ParserLimits()
    limits.maxHeaderBytes = 256
    limits.maxHeaderFields = 4
    limits.maxTargetBytes = 48
    limits.maxBodyBytes = 64
    limits.maxChunkExtensionBytes = 16
    return limits
}()
private let errorStatuses: Set<Int> = [400, 413, 414, 431, 501, 505]

/// Feeds `stream` in `pieces` (lengths; the last piece takes the rest) and collects the outcomes,
/// stopping at the first error as the connection does.
private func run(_ stream: UnsafeRawBufferPointer, pieces: [Int], limits: ParserLimits) -> [Outcome] {
    var parser = RequestParser(limits: limits)
    var outcomes: [Outcome] = []
    var start = 0
    var pieceIndex = 0
    while start < stream.count {
        let length = pieceIndex < pieces.count ? min(pieces[pieceIndex], stream.count - start) : stream.count - start
        pieceIndex += 1
        let piece = UnsafeRawBufferPointer(rebasing: stream[start..<start + length])
        start += length
        var offset = 0
        while offset < piece.count {
            let rest = UnsafeRawBufferPointer(rebasing: piece[offset...])
            let (used, event) = parser.parse(rest)
            check(used >= 0 && used <= rest.count, "consumed \(used) of \(rest.count)")
            offset += used
            switch event {
            case .needMore:
                check(used == rest.count, "needMore after consuming \(used) of \(rest.count)")
            case .bodyFollows(let length, let expectsContinue):
                check(parser.phase == .body, "a body announced outside the body phase")
                check(length.map { $0 >= 0 && $0 <= limits.maxBodyBytes } ?? true, "announced length \(String(describing: length))")
                outcomes.append(.bodyFollows(length: length, expectsContinue: expectsContinue))
            case .request(let parsed):
                let request = parsed.request
                check(used > 0, "a request from no bytes")
                check(request.body.count <= limits.maxBodyBytes, "body of \(request.body.count) bytes")
                check(request.headerFields.count <= limits.maxHeaderFields, "\(request.headerFields.count) fields")
                check(!request.path.isEmpty, "empty path")
                check(request.version.major == 1, "version \(request.version)")
                check(parser.phase == .idle, "parser not idle after a request")
                outcomes.append(.request(head: request.head, version: request.version, body: request.body, keepAlive: parsed.keepAlive))
            case .error(let error):
                check(errorStatuses.contains(error.status.code), "\(error) answers \(error.status.code)")
                // Sticky: the failed parser reports the same error without consuming anything.
                let again = parser.parse(rest)
                check(again.consumed == 0, "a failed parser consumed \(again.consumed) bytes")
                if case .error(let repeated) = again.event { check(repeated == error, "error changed: \(error) → \(repeated)") }
                else { check(false, "a failed parser reported \(again.event)") }
                check(parser.errorAtEndOfInput() == error, "end-of-input verdict differs from \(error)")
                outcomes.append(.error(error))
                return outcomes
            }
        }
    }
    outcomes.append(.endOfInput(parser.errorAtEndOfInput()))
    return outcomes
}

/// Errors judged on an incomplete line (`checkPartialLine`): a limit passed before the line ends. The whole
/// line might have been refused for another reason first (a bare CR, a bad version), so only the error's
/// kind may differ from the one read, never whether the request is refused.
private let partialLineErrors: Set<HTTPParseError> = [.targetTooLong, .invalidRequestLine, .headerFieldsTooLarge]

private func sameOutcome(split: [Outcome], whole: [Outcome]) -> Bool {
    guard split.count == whole.count else { return false }
    for (s, w) in zip(split, whole) where s != w {
        guard case .error(let splitError) = s, case .error = w, partialLineErrors.contains(splitError) else { return false }
    }
    return true
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size > 0 else { return 0 }
    let control = data[0]
    let splitCount = min(Int(control & 7), size - 1)
    let headerCount = 1 + splitCount
    let limits = control & 0x10 != 0 ? smallLimits : defaultLimits
    let stream = UnsafeRawBufferPointer(start: data + headerCount, count: size - headerCount)
    var pieces: [Int]
    if control & 0x08 != 0 {
        pieces = Array(repeating: 1, count: stream.count)
    } else {
        pieces = (0..<splitCount).map { Int(data[1 + $0]) + 1 }
    }
    let whole = run(stream, pieces: [], limits: limits)
    if !pieces.isEmpty && pieces.first! < stream.count {
        let split = run(stream, pieces: pieces, limits: limits)
        check(sameOutcome(split: split, whole: whole), "split \(pieces) gives \(split), one read gives \(whole)")
    }
    return 0
}
