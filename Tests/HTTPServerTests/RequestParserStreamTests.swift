import Testing
@testable import HTTPServer

/// Three pipelined requests covering every framing: none, Content-Length and chunked.
private let pipelined = Array((
    "GET /one HTTP/1.1\r\nHost: a\r\n\r\n"
        + "POST /two HTTP/1.1\r\nHost: a\r\nContent-Length: 5\r\n\r\nhello"
        + "POST /three HTTP/1.1\r\nHost: a\r\nTransfer-Encoding: chunked\r\n\r\n3;x=y\r\nabc\r\n0\r\nT: v\r\n\r\n"
).utf8)

private let pipelinedOutcomes: [Outcome] = [
    .get("/one"), .post("hello", path: "/two"), .post("abc", path: "/three"),
]

@Suite("Request parser on streams")
struct RequestParserStreamTests {
    @Test("parses a pipelined stream delivered in one read")
    func oneRead() {
        #expect(parse([pipelined]) == pipelinedOutcomes)
    }

    @Test("parses a pipelined stream split at every point", arguments: 0...pipelined.count)
    func everySplitPoint(_ split: Int) {
        #expect(parse([Array(pipelined[..<split]), Array(pipelined[split...])]) == pipelinedOutcomes)
    }

    @Test("parses a pipelined stream delivered one byte at a time")
    func byteByByte() {
        #expect(parse(pipelined.map { [$0] }) == pipelinedOutcomes)
    }

    @Test("accepts exactly the token bytes in a field name", arguments: 0...255)
    func fieldNameByte(_ value: Int) {
        let byte = UInt8(value)
        var raw = Array("GET / HTTP/1.1\r\nHost: a\r\nX".utf8)
        raw.append(byte)
        raw += Array("Y: v\r\n\r\n".utf8)
        let tokenBytes = Set("!#$%&'*+-.^_`|~0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ".utf8)
        let outcome = parse([raw])
        if tokenBytes.contains(byte) {
            #expect(outcome == [.get()])
        } else if byte == 0x0D {
            #expect(outcome == [.error(.invalidLineEnding)])
        } else if byte == 0x0A {
            // The line ends at the LF, which is bare.
            #expect(outcome == [.error(.invalidLineEnding)])
        } else if byte == UInt8(ascii: ":") {
            #expect(outcome == [.get()])
        } else {
            #expect(outcome == [.error(.invalidFieldName)])
        }
    }

    @Test("accepts every byte in a field value but controls other than HTAB, and DEL", arguments: 0...255)
    func fieldValueByte(_ value: Int) {
        let byte = UInt8(value)
        var raw = Array("GET / HTTP/1.1\r\nHost: a\r\nX-V: a".utf8)
        raw.append(byte)
        raw += Array("b\r\n\r\n".utf8)
        let outcome = parse([raw])
        switch byte {
        case 0x0A, 0x0D:
            #expect(outcome == [.error(.invalidLineEnding)])
        case 0x09, 0x20...0x7E, 0x80...0xFF:
            #expect(outcome == [.get()])
        default:
            #expect(outcome == [.error(.invalidFieldValue)])
        }
    }
}

/// A small deterministic generator (SplitMix64), so failures reproduce.
private struct SplitMix: RandomNumberGenerator {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}

extension RequestParserStreamTests {
    @Test("reports the same outcome however a mutated stream is split", arguments: 0..<8)
    func mutatedStreams(_ seed: Int) {
        var random = SplitMix(state: UInt64(seed))
        let interesting: [UInt8] = [0x0D, 0x0A, 0x20, 0x09, 0x00, UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "0"), UInt8(ascii: "a"), 0xFF]
        for _ in 0..<250 {
            var bytes = pipelined
            for _ in 0..<Int.random(in: 1...4, using: &random) {
                let index = Int.random(in: 0..<bytes.count, using: &random)
                switch Int.random(in: 0..<3, using: &random) {
                case 0: bytes[index] = interesting.randomElement(using: &random)!
                case 1: bytes.remove(at: index)
                default: bytes.insert(interesting.randomElement(using: &random)!, at: index)
                }
            }
            let whole = parse([bytes], atEnd: true)
            let split = Int.random(in: 0...bytes.count, using: &random)
            #expect(parse([Array(bytes[..<split]), Array(bytes[split...])], atEnd: true) == whole)
            #expect(parse(bytes.map { [$0] }, atEnd: true) == whole)
        }
    }
}

/// Found by Fuzz/ (`http-parser`, minimized; control byte 0x18: one byte at a time, header limit 256): a header
/// section of exactly `maxHeaderBytes` bytes, accepted in one read, was refused with 431 when the CR of the
/// final empty line arrived without its LF, because the partial-line check counted that CR.
private let fuzzHeaderSectionAtLimit = bytes(fromHex:
    "504f5354202f20485454502f312e310d0a486f73743a20610d0a436f6e6e74652d744c656e6574683a20350d0a547275" +
    "757575757575757575757575757575757575757575757575757575757575757575757575757575757575757575753a20" +
    "350d0a547275757575757575757575757575757575757575757575757575757575757575757575757575757575757575" +
    "75757575757575757575757575757575757575616e736665722d45606e636f64696e673a20ffffffffffffffffffffff" +
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff5dffffffffffffff" +
    "ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff0d0a0d0a")

private func bytes(fromHex hex: String) -> [UInt8] {
    let digits = Array(hex.utf8).map { $0 <= UInt8(ascii: "9") ? $0 - UInt8(ascii: "0") : $0 - UInt8(ascii: "a") + 10 }
    return stride(from: 0, to: digits.count, by: 2).map { digits[$0] << 4 | digits[$0 + 1] }
}

extension RequestParserStreamTests {
    @Test("a header section of exactly maxHeaderBytes is accepted however its final CRLF is split (fuzz reproducer)")
    func headerSectionAtLimitFuzzReproducer() {
        let limits = ParserLimits.make(maxHeaderBytes: 256, maxHeaderFields: 4, maxTargetBytes: 48, maxBodyBytes: 64, maxChunkExtensionBytes: 16)
        #expect(parse([fuzzHeaderSectionAtLimit], limits: limits, atEnd: true) == [.post("")])
        #expect(parse(fuzzHeaderSectionAtLimit.map { [$0] }, limits: limits, atEnd: true) == [.post("")])
    }

    @Test("a header section of exactly maxHeaderBytes is accepted at every split point", arguments: [false, true])
    func headerSectionAtLimit(oneFieldTooMany: Bool) {
        let limits = ParserLimits.make(maxHeaderBytes: 64)
        // "Host: a\r\n" (9 bytes) + "X: " + value + "\r\n" (5 + value) = 64 bytes of fields; one more is 431.
        let value = String(repeating: "v", count: 64 - 9 - 5 + (oneFieldTooMany ? 1 : 0))
        let raw = Array("GET / HTTP/1.1\r\nHost: a\r\nX: \(value)\r\n\r\n".utf8)
        let expected: [Outcome] = oneFieldTooMany ? [.error(.headerFieldsTooLarge)] : [.get()]
        #expect(parse([raw], limits: limits, atEnd: true) == expected)
        for split in 1..<raw.count {
            #expect(parse([Array(raw[..<split]), Array(raw[split...])], limits: limits, atEnd: true) == expected, "split at \(split)")
        }
        #expect(parse(raw.map { [$0] }, limits: limits, atEnd: true) == expected)
    }
}
