import HTTPServer

extension APIKeys {
    /// Keys from the text of a keys file or of the `KPI_API_KEYS` variable: one key per line, or several
    /// on a line separated by commas. Lines starting with `#` are comments; spaces and tabs around a key
    /// are trimmed; blank lines and blank entries (`a,,b`, a trailing comma) are ignored.
    ///
    /// Text meant to hold keys never yields an open service or a key that could never match: it throws
    /// when no key is left, or when a key is not a bearer token as a client can send it (RFC 6750 §2.1:
    /// `b64token`, letters, digits and `-._~+/`, then optional `=` padding). The error names the key by
    /// its position, never by its value.
    public init(parsing text: String) throws(APIKeysError) {
        var keys: [String] = []
        // LF or CRLF (one Character in Swift) ends a line; any other CR is a control character inside a key.
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" })
        for (index, rawLine) in lines.enumerated() {
            let line = rawLine.trimmingOWS()
            guard !line.hasPrefix("#") else { continue }
            for entry in line.split(separator: ",", omittingEmptySubsequences: false) {
                let key = entry.trimmingOWS()
                guard !key.isEmpty else { continue }
                if let flaw = Self.tokenFlaw(key) {
                    throw .invalidKey(position: keys.count + 1, line: index + 1, flaw: flaw)
                }
                keys.append(key)
            }
        }
        guard !keys.isEmpty else { throw .noKeys }
        self.init(keys)
    }

    /// Why `key` is not an RFC 6750 §2.1 `b64token` (`1*( ALPHA / DIGIT / "-" / "." / "_" / "~" / "+" / "/" ) *"="`),
    /// or `nil` when it is one.
    private static func tokenFlaw(_ key: String) -> String? {
        let bytes = Array(key.utf8)
        let padding = bytes.reversed().prefix { $0 == UInt8(ascii: "=") }.count
        guard padding < bytes.count else { return "is only '=' padding" }
        for byte in bytes.dropLast(padding) {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "+"), UInt8(ascii: "/"):
                continue
            case 0x20, 0x09: return "contains whitespace"
            case 0x00..<0x20, 0x7F: return "contains a control character"
            case 0x80...: return "contains a non-ASCII character"
            case UInt8(ascii: "="): return "has '=' before its end"
            default: return "contains a character other than letters, digits, '-._~+/' and final '='"
            }
        }
        return nil
    }
}

/// Text meant to hold API keys that ``APIKeys/init(parsing:)`` refuses.
public enum APIKeysError: Error, Equatable, CustomStringConvertible {
    /// Nothing but blanks, commas and comments: the service would be open to anyone.
    case noKeys
    /// The key at `position` (1-based, counting keys only) on line `line` could never match a bearer token.
    case invalidKey(position: Int, line: Int, flaw: String)

    /// A one-line reason that never includes a key, e.g. `key 2 (line 3) contains whitespace`.
    public var description: String {
        switch self {
        case .noKeys: "holds no API key"
        case let .invalidKey(position, line, flaw): "key \(position) (line \(line)) \(flaw); a key is an RFC 6750 bearer token"
        }
    }
}
