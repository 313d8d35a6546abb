import Testing

@testable import JSON

@Suite struct JSONIntegerArrayTests {
    /// The commas before the first `]`, byte by byte: what the word-at-a-time scan must agree with.
    static func referenceCount(_ bytes: [UInt8]) -> Int? {
        var commas = 0
        for byte in bytes {
            if byte == UInt8(ascii: ",") { commas += 1 } else if byte == UInt8(ascii: "]") { return commas } else if !(0x30...0x39).contains(byte) { return nil }
        }
        return nil
    }

    /// Digits and commas with, now and then, a byte next to them in ASCII or equal to them but for the high bit.
    @Test(arguments: 0..<200)
    func theWordScanCountsCommasLikeAByteScan(_ seed: Int) {
        let alphabet: [UInt8] = Array("0123456789,,,,0123456789".utf8) + [0x5D, 0x20, 0x2B, 0x2D, 0x2E, 0x2F, 0x3A, 0xAC, 0xB0, 0xB9, 0xDD]
        var state = UInt64(seed) &* 0x9E37_79B9_7F4A_7C15 | 1
        var bytes: [UInt8] = []
        for _ in 0..<(seed % 40 + 1) {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let pick = Int(state >> 33)
            bytes.append(pick % 8 == 0 ? alphabet[24 + pick / 8 % 11] : alphabet[pick / 8 % 24])
        }
        if seed % 2 == 0 { bytes.append(UInt8(ascii: "]")) }
        let counted = bytes.withUnsafeBufferPointer { buffer in
            let parser = JSONParser(base: buffer.baseAddress!, count: buffer.count, maxDepth: 64)
            return parser.countIntegerArrayCommas(from: 0)
        }
        #expect(counted == Self.referenceCount(bytes), "\(bytes)")
    }
}
