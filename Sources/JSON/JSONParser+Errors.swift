/// Error construction, kept out of line so the hot paths stay small.
extension JSONParser {
    @inline(never)
    func endOfInput() -> JSONParseError {
        JSONParseError(offset: count, reason: "unexpected end of input")
    }

    @inline(never)
    func tooDeep() -> JSONParseError {
        JSONParseError(offset: pos, reason: "nesting deeper than \(maxDepth)")
    }

    @inline(never)
    func duplicate(_ name: String, at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, reason: "duplicate member name \"\(name)\"")
    }

    /// "unexpected … , expected `what`" for the byte at `pos` (or end of input).
    @inline(never)
    func unexpected(_ what: String) -> JSONParseError {
        guard pos < count else { return endOfInput() }
        return JSONParseError(offset: pos, reason: "unexpected \(Self.describe(base[pos])), expected \(what)")
    }

    /// `'x'` for printable ASCII, `byte 0xNN` otherwise.
    static func describe(_ byte: UInt8) -> String {
        if byte >= 0x21, byte < 0x7F { return "'\(Character(Unicode.Scalar(byte)))'" }
        let hex = String(byte, radix: 16, uppercase: true)
        return "byte 0x\(hex.count == 1 ? "0" + hex : hex)"
    }

    /// An unescaped control character (RFC 8259 §7) at `index`.
    @inline(never)
    func controlCharacter(at index: Int) -> JSONParseError {
        let hex = String(base[index], radix: 16, uppercase: true)
        let scalar = String(repeating: "0", count: 4 - hex.count) + hex
        return error("control character U+\(scalar) must be escaped in a string", at: index)
    }

    @inline(never)
    func error(_ reason: String, at offset: Int) -> JSONParseError {
        JSONParseError(offset: offset, reason: reason)
    }
}
