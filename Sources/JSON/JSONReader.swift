/// Reads strict RFC 8259 JSON from UTF-8 bytes.
///
/// The reader is iterative (an explicit container stack, no recursion), validates UTF-8 inside
/// strings, rejects repeated member names in any object and limits nesting to `maxDepth`
/// containers (default 64). A document is exactly one value of any kind, surrounded by optional
/// whitespace (space, tab, line feed, carriage return).
///
/// Numbers: a plain integer literal that fits `Int64` is read exactly (`integer` set, `double` is
/// `Double(integer)`, `-0` gives `-0.0` and `0`). Any other literal is converted to the correctly
/// rounded `Double`; `integer` is then set only when that value is whole and |x| ≤ 2^53.
///
/// Decisions for the implementation-defined (`i_`) cases of JSONTestSuite:
///
/// | Input                                                   | Decision                                 |
/// |---------------------------------------------------------|------------------------------------------|
/// | Invalid UTF-8 in a string (bad, truncated, overlong,    | rejected: "invalid UTF-8 in string"      |
/// | lone continuation, > U+10FFFF, Latin-1 bytes)           |                                          |
/// | Surrogates encoded in UTF-8 (`ED A0 80`)                | rejected: "invalid UTF-8 in string"      |
/// | Lone or inverted surrogate escapes (`"\uD800"`)         | rejected: "unpaired surrogate escape in  |
/// |                                                         | string"                                  |
/// | Byte order mark (UTF-8 `EF BB BF`)                      | rejected: "unexpected byte order mark"   |
/// | UTF-16 documents (with or without BOM)                  | rejected (not UTF-8)                     |
/// | Exponent overflowing `Double` (`1e400`, `-1e+9999`)     | rejected: "number out of range"          |
/// | Exponent underflowing `Double` (`1e-400`)               | accepted as 0 (integer 0)                |
/// | Integer beyond `Int64` that fits `Double` (`1e20` as    | accepted as the nearest `Double`,        |
/// | `100000000000000000000`)                                | `integer` = nil                          |
/// | 500 nested arrays                                       | rejected: "nesting deeper than 64"       |
///
/// Product decision beyond RFC 8259: a repeated member name in any object is an error
/// ("duplicate member name \"a\""), so JSONTestSuite's `y_object_duplicated_key` and
/// `y_object_duplicated_key_and_value` are rejected on purpose.
public enum JSONReader {
    /// Parses exactly one JSON value (surrounded by optional whitespace) from `bytes`.
    /// - Parameter maxDepth: the deepest nesting of arrays and objects accepted (64 by default).
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value from a slice of bytes; error offsets count from the slice start.
    public static func parse(_ bytes: ArraySlice<UInt8>, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        let result = bytes.withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> JSONValue in try parse(buffer, maxDepth: maxDepth) }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value from the UTF-8 bytes of `string`.
    public static func parse(_ string: String, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        var string = string
        let result = string.withUTF8 { buffer in
            Result { () throws(JSONParseError) -> JSONValue in
                try parse(UnsafeRawBufferPointer(buffer), maxDepth: maxDepth)
            }
        }
        return try result.get()
    }

    /// Parses exactly one JSON value from raw memory holding UTF-8 bytes.
    public static func parse(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        guard let base = buffer.baseAddress, buffer.count > 0 else {
            throw JSONParseError(offset: 0, reason: "unexpected end of input")
        }
        var parser = JSONParser(
            base: base.assumingMemoryBound(to: UInt8.self), count: buffer.count, maxDepth: maxDepth
        )
        return try parser.parseDocument()
    }
}

/// Why and where a JSON text was rejected.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset (0-based) of the offending byte.
    public var offset: Int
    /// A plain sentence, e.g. "expected ',' or '}' after an object member".
    public var reason: String
    /// An error at byte `offset` with a plain-sentence `reason`.
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
    /// "`reason` at byte `offset`".
    public var description: String { "\(reason) at byte \(offset)" }
}
