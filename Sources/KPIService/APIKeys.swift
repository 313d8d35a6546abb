import HTTPTypes

/// The bearer tokens that may call the KPI routes and `/batch` (none configured: the routes are open).
public struct APIKeys: Sendable {
    private let keys: [[UInt8]]

    /// Keys from a list; empty strings are ignored.
    public init(_ keys: [String]) {
        self.keys = keys.filter { !$0.isEmpty }.map { Array($0.utf8) }
    }

    /// Whether any key is configured.
    public var isEnabled: Bool { !keys.isEmpty }

    /// Number of keys configured.
    public var count: Int { keys.count }

    /// Checks an `Authorization` field value (RFC 6750 §2.1: `Bearer <token>`, scheme case-insensitive).
    ///
    /// - Returns: `nil` when authorized, otherwise the error to answer with.
    func check(_ authorization: String?) -> ServiceError? {
        guard isEnabled else { return nil }
        guard let authorization else { return .unauthorized(invalidToken: false) }
        let bytes = Array(authorization.utf8)
        let scheme = Array("bearer ".utf8)
        guard bytes.count > scheme.count,
            zip(bytes.prefix(scheme.count), scheme).allSatisfy({ $0 | 0x20 == $1 | 0x20 })
        else { return .unauthorized(invalidToken: false) }
        var token = bytes[scheme.count...]
        while token.first == 0x20 { token = token.dropFirst() }
        while token.last == 0x20 { token = token.dropLast() }
        return matches(Array(token)) ? nil : .unauthorized(invalidToken: true)
    }

    /// Compares `token` with every key, in time that depends only on the lengths involved,
    /// never on where the first differing byte is.
    func matches(_ token: [UInt8]) -> Bool {
        var found: UInt8 = 0
        for key in keys {
            var difference = UInt8(truncatingIfNeeded: key.count ^ token.count) | (key.count == token.count ? 0 : 1)
            for index in 0..<token.count {
                difference |= token[index] ^ key[index % key.count]  // keys are never empty
            }
            found |= difference == 0 ? 1 : 0
        }
        return found == 1
    }
}
