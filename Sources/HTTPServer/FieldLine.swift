import HTTPTypes

/// Byte classes and the field-line grammar shared by header and trailer sections.
enum FieldLine {
    /// The name and value (without surrounding whitespace) of one field line.
    struct Parts {
        var name: Range<Int>
        var value: Range<Int>
    }

    /// `tchar` (RFC 9110 §5.6.2).
    @inline(__always)
    static func isToken(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
            UInt8(ascii: "0")...UInt8(ascii: "9"):
            return true
        case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
            UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
            UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// `field-vchar` plus SP and HTAB (RFC 9110 §5.5): everything but controls and DEL.
    @inline(__always)
    static func isValueByte(_ byte: UInt8) -> Bool {
        byte >= 0x20 ? byte != 0x7F : byte == 0x09
    }

    /// Splits `line` (without its CRLF) into name and trimmed value.
    static func split(_ bytes: [UInt8], _ line: Range<Int>) -> Result<Parts, HTTPParseError> {
        guard let first = line.first else { return .failure(.invalidFieldName) }
        // RFC 9112 §5.2: obs-fold (a line starting with whitespace) is rejected.
        if OWS.contains(bytes[first]) { return .failure(.obsoleteLineFolding) }
        var colon = first
        // RFC 9112 §5.1: field-name is a token, no whitespace before the colon.
        while colon < line.upperBound && bytes[colon] != UInt8(ascii: ":") {
            guard isToken(bytes[colon]) else { return .failure(.invalidFieldName) }
            colon += 1
        }
        guard colon < line.upperBound, colon > first else { return .failure(.invalidFieldName) }
        // RFC 9112 §5.1: OWS around the value is not part of it.
        let value = OWS.trim(bytes, colon + 1..<line.upperBound)
        for index in value where !isValueByte(bytes[index]) {
            return .failure(.invalidFieldValue)
        }
        return .success(Parts(name: first..<colon, value: value))
    }

    /// ASCII case-insensitive comparison of `bytes[range]` with a lowercase literal.
    @inline(__always)
    static func equalsLowercase(_ bytes: [UInt8], _ range: Range<Int>, _ literal: StaticString) -> Bool {
        equalsLowercase(bytes, range, UnsafeBufferPointer(start: literal.utf8Start, count: literal.utf8CodeUnitCount))
    }

    /// ASCII case-insensitive comparison of `bytes[range]` with lowercase UTF-8 `lowercase`.
    @inline(__always)
    static func equalsLowercase(_ bytes: [UInt8], _ range: Range<Int>, _ lowercase: UnsafeBufferPointer<UInt8>) -> Bool {
        guard range.count == lowercase.count else { return false }
        var offset = 0
        for index in range {
            var byte = bytes[index]
            if byte >= UInt8(ascii: "A") && byte <= UInt8(ascii: "Z") { byte |= 0x20 }
            guard byte == lowercase[offset] else { return false }
            offset += 1
        }
        return true
    }
}
