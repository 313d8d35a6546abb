/// Decimal digits of whole numbers as ASCII bytes: the one writer behind status codes, `Content-Length`,
/// HTTP dates, log timestamps and JSON numbers.
public enum DecimalDigits {
    /// Calls `body` with the decimal digits of `value`, zero-padded on the left to at least
    /// `minimumDigits` (at most 20), built in a stack buffer.
    @inlinable @inline(__always)
    public static func withDigits<Result>(
        of value: UInt64, minimumDigits: Int = 1, _ body: (UnsafeBufferPointer<UInt8>) throws -> Result
    ) rethrows -> Result {
        try withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var value = value
            var index = 20
            let stop = 20 - min(max(minimumDigits, 1), 20)
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
                value /= 10
            } while value > 0 || index > stop
            return try body(UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    /// Appends the decimal digits of `value` (zero-padded to at least `minimumDigits`) to `output`.
    @inlinable
    public static func append(_ value: UInt64, minimumDigits: Int = 1, to output: inout [UInt8]) {
        withDigits(of: value, minimumDigits: minimumDigits) { output.append(contentsOf: $0) }
    }
}
