#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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
        return twelveDigits(value) ?? viaPrintf(value)
    }

    /// The reference rendering of a finite value that is not whole, through `printf("%.12g")`.
    static func viaPrintf(_ value: Double) -> String {
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

    /// Powers of ten that are exact in a `Double`.
    private static let powersOfTen: [Double] = (0...22).map { exponent in
        (0..<exponent).reduce(1.0) { product, _ in product * 10 }
    }

    /// `value` (not whole) rounded to 12 significant digits with integer arithmetic, or `nil` where that could
    /// round differently from `printf("%.12g")` (a digit string within 0.01 of a tie, or magnitudes outside
    /// 1e-10 ... 1e12), so the caller falls back to `printf`. Avoids `vsnprintf` on the hot path.
    private static func twelveDigits(_ value: Double) -> String? {
        let magnitude = abs(value)
        guard magnitude >= 1e-10, magnitude < 1e12 else { return nil }
        // 11 − ⌊log10⌋ is −1 ... 22 here (log10 rounds to 12 just below 1e12): clamped to the table, then moved
        // by one where log10 was one off next to a power of ten, so that `scaled` has 12 integer digits.
        var decimals = min(max(11 - Int(log10(magnitude).rounded(.down)), 0), powersOfTen.count - 1)
        var scaled = magnitude * powersOfTen[decimals]
        if scaled >= 1e12, decimals > 0 {
            decimals -= 1
        } else if scaled < 1e11, decimals < powersOfTen.count - 1 {
            decimals += 1
        }
        scaled = magnitude * powersOfTen[decimals]
        guard scaled >= 1e11, scaled < 1e12 else { return nil }
        let fraction = scaled - scaled.rounded(.down)
        guard abs(fraction - 0.5) > 0.01 else { return nil }
        // The digits of the rounded integer, written backwards into a stack buffer: the fraction's last
        // `decimals` digits without trailing zeros, the point, the whole part, the sign (at most 37 bytes).
        var rest = UInt64(scaled.rounded())
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 48) { buffer in
            var start = buffer.count
            func put(_ byte: UInt8) {
                start -= 1
                buffer[start] = byte
            }
            var fractionStarted = false
            for _ in 0..<decimals {
                let digit = UInt8(rest % 10)
                rest /= 10
                if digit != 0 || fractionStarted {
                    put(UInt8(ascii: "0") + digit)
                    fractionStarted = true
                }
            }
            if fractionStarted { put(UInt8(ascii: ".")) }
            repeat {
                put(UInt8(ascii: "0") + UInt8(rest % 10))
                rest /= 10
            } while rest > 0
            if value < 0 { put(UInt8(ascii: "-")) }
            return String(decoding: UnsafeBufferPointer(rebasing: buffer[start...]), as: UTF8.self)
        }
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
