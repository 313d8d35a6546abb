/// Incremental decoder of a `Transfer-Encoding: chunked` body (RFC 9112 §7.1).
///
/// Stricter than the RFC on purpose: chunk sizes are 1–16 plain hex digits, only
/// whitespace followed by `;` may follow them, every line ends in CRLF, and trailer
/// fields are checked for syntax but never used (RFC 9112 §7.1.2).
struct ChunkedBodyDecoder {
    /// Outcome of one ``decode(_:into:)`` call.
    enum Result: Equatable {
        case needMore
        case done
        case failed(HTTPParseError)
    }

    private enum State {
        case size
        case sizeWhitespace
        case chunkExtension
        case sizeLineFeed
        case data(remaining: Int)
        case dataCarriageReturn
        case dataLineFeed
        case trailerLine
    }

    private let maxBodyBytes: Int
    private let maxExtensionBytes: Int
    private let maxTrailerBytes: Int
    private var state = State.size
    private var size: UInt64 = 0
    private var digits = 0
    private var extensionBytes = 0
    private var inQuotes = false
    private var escaped = false
    private var trailerBytes = 0
    private var line: [UInt8] = []

    init(maxBodyBytes: Int, maxExtensionBytes: Int, maxTrailerBytes: Int) {
        self.maxBodyBytes = maxBodyBytes
        self.maxExtensionBytes = maxExtensionBytes
        self.maxTrailerBytes = maxTrailerBytes
    }

    /// Decodes as much of `input` as possible, appending chunk data to `body`.
    mutating func decode(_ input: UnsafeRawBufferPointer, into body: inout [UInt8]) -> (consumed: Int, result: Result) {
        var index = 0
        while index < input.count {
            let byte = input[index]
            switch state {
            case .data(let remaining):
                let count = min(remaining, input.count - index)
                body.append(contentsOf: UnsafeRawBufferPointer(rebasing: input[index..<index + count]))
                index += count
                state = remaining == count ? .dataCarriageReturn : .data(remaining: remaining - count)
                continue
            case .size:
                if let value = Self.hexValue(byte) {
                    // RFC 9112 §7.1: chunk-size = 1*HEXDIG; we cap it at 16 digits.
                    guard digits < 16 else { return (index, .failed(.invalidChunk)) }
                    size = size << 4 | UInt64(value)
                    digits += 1
                } else if digits > 0 && OWS.contains(byte) {
                    state = .sizeWhitespace
                } else if digits > 0 && byte == UInt8(ascii: ";") {
                    state = .chunkExtension
                } else if digits > 0 && byte == 0x0D {
                    state = .sizeLineFeed
                } else {
                    // `0x`, `+`, `-`, `_`, empty size or junk without `;`.
                    return (index, .failed(.invalidChunk))
                }
            case .sizeWhitespace:
                // RFC 9112 §7.1.1: only BWS then `;` may follow the size.
                if byte == UInt8(ascii: ";") {
                    state = .chunkExtension
                } else if byte != 0x20 && byte != 0x09 {
                    return (index, .failed(.invalidChunk))
                }
            case .chunkExtension:
                extensionBytes += 1
                // RFC 9112 §7.1.1: extensions are ignored, but bounded.
                guard extensionBytes <= maxExtensionBytes else { return (index, .failed(.chunkExtensionTooLong)) }
                if escaped {
                    escaped = false
                } else if inQuotes && byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    inQuotes.toggle()
                } else if byte == 0x0D && !inQuotes {
                    state = .sizeLineFeed
                } else if !FieldLine.isValueByte(byte) {
                    return (index, .failed(.invalidChunk))
                }
            case .sizeLineFeed:
                // RFC 9112 §2.2: a bare CR is invalid.
                guard byte == 0x0A else { return (index, .failed(.invalidChunk)) }
                if size == 0 {
                    state = .trailerLine
                } else {
                    // RFC 9110 §15.5.14: refuse as soon as the declared data passes the limit.
                    guard size <= UInt64(maxBodyBytes - body.count) else {
                        return (index, .failed(.contentTooLarge))
                    }
                    state = .data(remaining: Int(size))
                    size = 0
                    digits = 0
                    extensionBytes = 0
                }
            case .dataCarriageReturn:
                // RFC 9112 §7.1: chunk-data is followed by exactly CRLF.
                guard byte == 0x0D else { return (index, .failed(.invalidChunk)) }
                state = .dataLineFeed
            case .dataLineFeed:
                guard byte == 0x0A else { return (index, .failed(.invalidChunk)) }
                state = .size
            case .trailerLine:
                trailerBytes += 1
                guard trailerBytes <= maxTrailerBytes else { return (index, .failed(.headerFieldsTooLarge)) }
                guard byte == 0x0A else {
                    line.append(byte)
                    break
                }
                index += 1
                // RFC 9112 §2.2: every line ends in CRLF, with no bare CR inside.
                guard line.last == 0x0D else { return (index, .failed(.invalidLineEnding)) }
                line.removeLast()
                guard !line.contains(0x0D) else { return (index, .failed(.invalidLineEnding)) }
                if line.isEmpty { return (index, .done) }
                if case .failure(let error) = FieldLine.split(line, line.indices) { return (index, .failed(error)) }
                line.removeAll(keepingCapacity: true)
                continue
            }
            index += 1
        }
        return (index, .needMore)
    }

    @inline(__always)
    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): return byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): return byte - UInt8(ascii: "A") + 10
        default: return nil
        }
    }
}
