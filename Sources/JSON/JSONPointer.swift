/// JSON Pointers (RFC 6901), as the problems of a request name the fields they are about.
public enum JSONPointer {
    /// One reference token: `~` written `~0` and `/` written `~1` (RFC 6901 §3).
    public static func escape(_ token: String) -> String {
        guard token.utf8.contains(where: { $0 == UInt8(ascii: "~") || $0 == UInt8(ascii: "/") }) else { return token }
        return token.replacing("~", with: "~0").replacing("/", with: "~1")
    }
}
