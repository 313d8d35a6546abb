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
            let count = write(value, minimumDigits: minimumDigits, to: digits.baseAddress!)
            return try body(UnsafeBufferPointer(start: digits.baseAddress!, count: count))
        }
    }

    /// The number of decimal digits of `value`, at least `minimumDigits` (at most 20).
    @inlinable @inline(__always)
    public static func count(of value: UInt64, minimumDigits: Int = 1) -> Int {
        var count = 1
        var rest = value / 10
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return max(count, min(minimumDigits, 20))
    }

    /// Writes the decimal digits of `value`, zero-padded to at least `minimumDigits` (at most 20), at
    /// `start`, which must have room for ``count(of:minimumDigits:)`` bytes; returns that count. For a writer
    /// with a buffer of its own: no temporary buffer and no copy.
    @inlinable @inline(__always)
    @discardableResult
    public static func write(_ value: UInt64, minimumDigits: Int = 1, to start: UnsafeMutablePointer<UInt8>) -> Int {
        let length = count(of: value, minimumDigits: minimumDigits)
        var value = value
        var index = length
        repeat {
            index -= 1
            start[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: value % 10)
            value /= 10
        } while index > 0
        return length
    }

    /// Appends the decimal digits of `value` (zero-padded to at least `minimumDigits`) to `output`.
    @inlinable
    public static func append(_ value: UInt64, minimumDigits: Int = 1, to output: inout [UInt8]) {
        withDigits(of: value, minimumDigits: minimumDigits) { output.append(contentsOf: $0) }
    }
}
