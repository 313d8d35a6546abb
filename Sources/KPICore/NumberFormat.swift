import Glibc

/// How numbers are written inside `substituted` strings (contract, "Numbers in `substituted`"):
/// whole values without a decimal point or exponent (`1000`), others with at most 12 significant digits
/// and no exponent (`12.125`, `33.3333333333`, `0.00000015`).
enum NumberFormat {
    /// `value` written for a human reader (finite values only; NaN and infinities are written as words).
    static func string(_ value: Double) -> String {
        guard value.isFinite else { return value.isNaN ? "NaN" : (value < 0 ? "-Infinity" : "Infinity") }
        if value == 0 { return "0" }
        if value.rounded(.towardZero) == value {
            if abs(value) < 9.2e18 { return String(Int64(value)) }
            return printf("%.0f", value)
        }
        // Round to 12 significant digits first; the rounded value may be whole (1234567890123.5).
        let rounded = printf("%.12g", value)
        guard rounded.utf8.contains(UInt8(ascii: "e")) else { return rounded }
        let roundedValue = strtod(rounded, nil)
        if roundedValue.rounded(.towardZero) == roundedValue { return string(roundedValue) }
        // A small magnitude: fixed notation with 12 significant digits, trailing zeros trimmed.
        let exponent = Int(log10(abs(roundedValue)).rounded(.down))
        let fixed = printf("%.*f", Int32(min(max(11 - exponent, 0), 340)), roundedValue)
        return trimmingZeros(fixed)
    }

    private static func trimmingZeros(_ text: String) -> String {
        guard text.utf8.contains(UInt8(ascii: ".")) else { return text }
        var bytes = Array(text.utf8)
        while bytes.last == UInt8(ascii: "0") { bytes.removeLast() }
        if bytes.last == UInt8(ascii: ".") { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func printf(_ format: String, _ arguments: any CVarArg...) -> String {
        withUnsafeTemporaryAllocation(of: CChar.self, capacity: 400) { buffer in
            let written = withVaList(arguments) { vsnprintf(buffer.baseAddress, buffer.count, format, $0) }
            let length = Int(max(0, min(written, Int32(buffer.count - 1))))
            return buffer.baseAddress!.withMemoryRebound(to: UInt8.self, capacity: length) {
                String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
            }
        }
    }
}
