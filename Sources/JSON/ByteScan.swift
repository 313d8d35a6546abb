/// Searches of UTF-8 text eight bytes at a time: each word is tested for the bytes sought with a few
/// integer operations (the zero-byte test of SWAR), and only the byte the test points at is looked at.
enum ByteScan {
    private static let ones: UInt64 = 0x0101_0101_0101_0101
    /// The high bit of every byte.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// A mask whose lowest set bit is the high bit of the first byte of `word` (little-endian) that a JSON
    /// string must escape (RFC 8259 §7: `"`, `\` and the control characters U+0000 to U+001F); zero when
    /// there is none. Bits above the first hit may be spurious; non-ASCII bytes are never hits.
    @inline(__always)
    static func needingEscape(_ word: UInt64) -> UInt64 {
        let quote = word ^ (ones &* 0x22)
        let backslash = word ^ (ones &* 0x5C)
        let isQuote = (quote &- ones) & ~quote
        let isBackslash = (backslash &- ones) & ~backslash
        let isControl = (word &- ones &* 0x20) & ~word
        return (isQuote | isBackslash | isControl) & highBits
    }

    /// The index of the first byte at or after `start` that a JSON string must escape, or `bytes.count`
    /// when there is none.
    @inline(__always)
    static func firstNeedingEscape(_ bytes: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        guard let base = bytes.baseAddress else { return bytes.count }
        var index = start
        while index + 8 <= bytes.count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let hits = needingEscape(word)
            if hits != 0 { return index + hits.trailingZeroBitCount >> 3 }
            index += 8
        }
        while index < bytes.count {
            let byte = base[index]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") { return index }
            index += 1
        }
        return index
    }
}
