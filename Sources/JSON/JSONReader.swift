/// Reads RFC 8259 JSON from UTF-8 bytes. (Interface stub: the JSON helper replaces the body.)
public enum JSONReader {
    /// Parses exactly one JSON value (surrounded by optional whitespace) from `bytes`.
    public static func parse(_ bytes: [UInt8], maxDepth: Int = 64) throws(JSONParseError) -> JSONValue {
        throw JSONParseError(offset: 0, reason: "not implemented")
    }
}

/// Why and where a JSON text was rejected.
public struct JSONParseError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Byte offset (0-based) of the offending byte.
    public var offset: Int
    /// A plain sentence, e.g. "expected ',' or '}' after an object member".
    public var reason: String
    public init(offset: Int, reason: String) {
        self.offset = offset
        self.reason = reason
    }
    public var description: String { "\(reason) at byte \(offset)" }
}
