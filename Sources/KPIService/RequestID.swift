import HTTPTypes
import Synchronization

/// `X-Request-ID`: echoed when the caller (or the gateway) sent a usable one, generated otherwise.
final class RequestIDGenerator: Sendable {
    static let field = HTTPField.Name("X-Request-ID")!

    /// `<random hex>-`, the start of every generated id.
    private let prefix: [UInt8]
    private let counter = Atomic<UInt64>(0)

    init() {
        var generator = SystemRandomNumberGenerator()
        let random = generator.next() as UInt64
        prefix = Array((String(random >> 16, radix: 16) + "-").utf8)
    }

    /// The id for a request: the incoming one when it is 1–128 visible ASCII characters, else a new one,
    /// `<random hex>-<sequence in hex>`.
    func id(for incoming: String?) -> String {
        if let incoming, Self.isUsable(incoming) { return incoming }
        var sequence = counter.add(1, ordering: .relaxed).newValue
        var digits = 1
        while digits < 16, sequence >> (4 * digits) != 0 { digits += 1 }
        // One allocation: the prefix, then the hex digits written backwards.
        return String(unsafeUninitializedCapacity: prefix.count + digits) { text in
            _ = text.initialize(fromContentsOf: prefix)
            for index in stride(from: prefix.count + digits - 1, through: prefix.count, by: -1) {
                text[index] = Self.hexDigits[Int(sequence & 0xF)]
                sequence >>= 4
            }
            return prefix.count + digits
        }
    }

    private static let hexDigits = Array("0123456789abcdef".utf8)

    /// Visible ASCII only (no spaces, no controls), so the id is safe in a log line and a header.
    static func isUsable(_ id: String) -> Bool {
        let utf8 = id.utf8
        guard (1...128).contains(utf8.count) else { return false }
        return utf8.allSatisfy { (0x21...0x7E).contains($0) }
    }
}
