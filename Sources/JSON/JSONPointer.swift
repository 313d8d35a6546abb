/// JSON Pointers (RFC 6901), as the problems of a request name the fields they are about.
public enum JSONPointer {
    /// One reference token: `~` written `~0` and `/` written `~1` (RFC 6901 §3).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }
}

extension JSONPointer {
    /// The reference tokens of `pointer`, unescaped (RFC 6901 §3–4: `""` is the whole document, `/a~1b/0` is
    /// `["a/b", "0"]`), or `nil` when it is no JSON Pointer: text before the first `/`, or a `~` not followed by
    /// `0` or `1`.
    public static func tokens(_ pointer: String) -> [String]? {
        guard !pointer.isEmpty else { return [] }
        guard pointer.hasPrefix("/") else { return nil }
        var tokens: [String] = []
        for part in pointer.dropFirst().split(separator: "/", omittingEmptySubsequences: false) {
            var token = ""
            var escaped = false
            for character in part {
                if escaped {
                    guard character == "0" || character == "1" else { return nil }
                    token.append(character == "0" ? "~" : "/")
                    escaped = false
                } else if character == "~" {
                    escaped = true
                } else {
                    token.append(character)
                }
            }
            guard !escaped else { return nil }
            tokens.append(token)
        }
        return tokens
    }
}
