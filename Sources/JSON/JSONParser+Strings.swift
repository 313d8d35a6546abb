/// String literals: a fast path for plain ASCII, UTF-8 validation and escape decoding otherwise.
extension JSONParser {
    /// Reads the string literal whose opening quote is at `pos`.
    @inline(__always)
    mutating func parseString() throws(JSONParseError) -> String {
        let start = pos + 1
        var index = skipPlainWords(from: start)
        while index < count {
            let byte = base[index]
            if byte == UInt8(ascii: "\"") {
                pos = index + 1
                let length = index - start
                if length <= Self.recentStringMaximumLength, cachesStrings() {
                    return recentString(start: start, length: length)
                }
                return Self.string(base + start, length)
            }
            if byte == UInt8(ascii: "\\") || byte < 0x20 || byte >= 0x80 { break }
            index += 1
        }
        return try parseStringSlowly(start: start, from: index)
    }

    /// Validates the string literal whose opening quote is at `pos` and moves past it, building nothing
    /// (escapes are decoded into the reused scratch buffer only to be checked).
    /// Returns whether the string holds an escape.
    @discardableResult
    mutating func skipString() throws(JSONParseError) -> Bool {
        let start = pos + 1
        let (quote, escaped) = try scanString(start: start, from: skipPlainWords(from: start), decoding: false)
        pos = quote + 1
        return escaped
    }

    /// The index of the first eight-byte word from `index` on that holds a `"`, `\\`, control or non-ASCII
    /// byte, advanced to that byte; the string's plain ASCII is passed over eight bytes at a time.
    @inline(__always)
    func skipPlainWords(from index: Int) -> Int {
        var index = index
        while index + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let special = Self.specialBytes(word)
            if special != 0 { return index + special.trailingZeroBitCount >> 3 }
            index += 8
        }
        return index
    }

    /// The string of `length` validated UTF-8 bytes at `bytes`. Unlike `String(decoding:as:)`, this skips a
    /// dynamic cast, and a string of up to 15 ASCII bytes is built in place without a second validation.
    @inline(__always)
    static func string(_ bytes: UnsafePointer<UInt8>, _ length: Int) -> String {
        guard length > 0 else { return "" }
        return String(unsafeUninitializedCapacity: length) { buffer in
            UnsafeMutableRawPointer(buffer.baseAddress!).copyMemory(from: bytes, byteCount: length)
            return length
        }
    }

    /// A mask whose lowest set bit lies in the first byte of `word` (little-endian) that is `"`, `\\`,
    /// a control character or non-ASCII; zero when there is none. Bits above the first hit may be
    /// spurious.
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        ByteScan.needingEscape(word) | word & ByteScan.highBits
    }

    /// Continues a string from `index` when it holds escapes, control characters or non-ASCII bytes.
    @inline(never)
    mutating func parseStringSlowly(start: Int, from index: Int) throws(JSONParseError) -> String {
        let (quote, escaped) = try scanString(start: start, from: index, decoding: true)
        pos = quote + 1
        guard escaped else { return Self.string(base + start, quote - start) }
        return String(decoding: scratch, as: UTF8.self)
    }

    /// Reads the rest of the string literal whose content starts at `start`, from `index` on (a byte before
    /// `index` is plain ASCII): validates escapes, control characters and UTF-8, and returns the index of the
    /// closing quote and whether the string holds an escape. With `decoding`, `scratch` ends up holding the
    /// decoded content when there was an escape; without, escapes are decoded into it only to be checked.
    /// One loop for `skipString` and `parseStringSlowly`; `decoding` is a constant at each (inlined) call.
    @inline(__always)
    mutating func scanString(
        start: Int, from index: Int, decoding: Bool
    ) throws(JSONParseError) -> (quote: Int, escaped: Bool) {
        var index = index
        var runStart = start
        var escaped = false
        scratch.removeAll(keepingCapacity: true)
        while true {
            guard index < count else { throw endOfInput() }
            let byte = base[index]
            switch byte {
            case UInt8(ascii: "\""):
                if decoding && escaped {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                }
                return (index, escaped)
            case UInt8(ascii: "\\"):
                escaped = true
                if decoding {
                    scratch.append(contentsOf: UnsafeBufferPointer(start: base + runStart, count: index - runStart))
                }
                index = try decodeEscape(at: index)
                if decoding { runStart = index } else { scratch.removeAll(keepingCapacity: true) }
            case 0..<0x20:
                throw controlCharacter(at: index)
            case 0x20..<0x80:
                index += 1
            default:
                index = try validateUTF8Sequence(at: index)
            }
        }
    }

    /// Validates the multi-byte UTF-8 sequence starting at `index` (Unicode Table 3-7: no overlongs,
    /// no surrogates, nothing above U+10FFFF) and returns the index after it.
    @inline(__always)
    func validateUTF8Sequence(at index: Int) throws(JSONParseError) -> Int {
        let lead = base[index]
        let length: Int
        var low: UInt8 = 0x80
        var high: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; low = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; high = 0x9F
        case 0xF0: length = 4; low = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; high = 0x8F
        default: throw error("invalid UTF-8 in string", at: index)
        }
        guard index + length <= count else { throw error("invalid UTF-8 in string", at: index) }
        let second = base[index + 1]
        guard second >= low, second <= high else { throw error("invalid UTF-8 in string", at: index) }
        for offset in 2..<length where base[index + offset] & 0xC0 != 0x80 {
            throw error("invalid UTF-8 in string", at: index)
        }
        return index + length
    }

    /// Decodes the escape whose backslash is at `index` into `scratch`; returns the index after it.
    mutating func decodeEscape(at index: Int) throws(JSONParseError) -> Int {
        guard index + 1 < count else { throw endOfInput() }
        let letter = base[index + 1]
        let simple: UInt8
        switch letter {
        case UInt8(ascii: "\""): simple = 0x22
        case UInt8(ascii: "\\"): simple = 0x5C
        case UInt8(ascii: "/"): simple = 0x2F
        case UInt8(ascii: "b"): simple = 0x08
        case UInt8(ascii: "f"): simple = 0x0C
        case UInt8(ascii: "n"): simple = 0x0A
        case UInt8(ascii: "r"): simple = 0x0D
        case UInt8(ascii: "t"): simple = 0x09
        case UInt8(ascii: "u"):
            return try decodeUnicodeEscape(at: index)
        default:
            throw error("invalid escape sequence in string", at: index)
        }
        scratch.append(simple)
        return index + 2
    }

    /// Decodes `\uXXXX` (and the low half `\uXXXX` of a surrogate pair) at `index` into `scratch`.
    mutating func decodeUnicodeEscape(at index: Int) throws(JSONParseError) -> Int {
        let unit = try hexQuad(at: index + 2)
        var scalar = UInt32(unit)
        var next = index + 6
        switch unit {
        case 0xD800...0xDBFF:
            guard next + 1 < count, base[next] == UInt8(ascii: "\\"), base[next + 1] == UInt8(ascii: "u") else {
                throw error("unpaired surrogate escape in string", at: index)
            }
            let low = try hexQuad(at: next + 2)
            guard low >= 0xDC00, low <= 0xDFFF else { throw error("unpaired surrogate escape in string", at: index) }
            scalar = 0x10000 + ((UInt32(unit) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
            next += 6
        case 0xDC00...0xDFFF:
            throw error("unpaired surrogate escape in string", at: index)
        default:
            break
        }
        appendUTF8(scalar)
        return next
    }

    /// The value of four hex digits at `index`.
    func hexQuad(at index: Int) throws(JSONParseError) -> UInt16 {
        guard index + 4 <= count else { throw endOfInput() }
        var value: UInt16 = 0
        for offset in 0..<4 {
            let byte = base[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: throw error("invalid \\u escape: expected four hex digits", at: index + offset)
            }
            value = value << 4 | UInt16(digit)
        }
        return value
    }

    /// Appends the UTF-8 encoding of a valid scalar value to `scratch`.
    mutating func appendUTF8(_ scalar: UInt32) {
        switch scalar {
        case 0..<0x80:
            scratch.append(UInt8(scalar))
        case 0x80..<0x800:
            scratch.append(UInt8(0xC0 | scalar >> 6))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        case 0x800..<0x10000:
            scratch.append(UInt8(0xE0 | scalar >> 12))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        default:
            scratch.append(UInt8(0xF0 | scalar >> 18))
            scratch.append(UInt8(0x80 | scalar >> 12 & 0x3F))
            scratch.append(UInt8(0x80 | scalar >> 6 & 0x3F))
            scratch.append(UInt8(0x80 | scalar & 0x3F))
        }
    }
}
