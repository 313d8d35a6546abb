import HTTPTypes
import Synchronization

/// `X-Request-ID`: echoed when the caller (or the gateway) sent a usable one, generated otherwise.
final class RequestIDGenerator: Sendable {
    static let field = HTTPField.Name("X-Request-ID")!

    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    init() {
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        prefix = String(random >> 16, radix: 16)
    }

    /// The id for a request: the incoming one when it is 1–128 visible ASCII characters, else a new one.
    func id(for incoming: String?) -> String {
        if let incoming, Self.isUsable(incoming) { return incoming }
        let sequence = counter.add(1, ordering: .relaxed).newValue
        return prefix + "-" + String(sequence, radix: 16)
    }

    /// Visible ASCII only (no spaces, no controls), so the id is safe in a log line and a header.
    static func isUsable(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...128).contains(utf8.count) else { return false }
        return utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
