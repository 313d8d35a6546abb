import Glibc
import Testing

import NumericTestSupport
@testable import KPICore

/// ``NumberFormat/string(_:)`` against an independent reference on a million doubles: no value traps, and every
/// value is written as `printf` rounds it.
@Suite("NumberFormat property")
struct NumberFormatPropertyTests {
    /// `KPI_NUMBER_FORMAT_SAMPLES` overrides how many random values are checked besides the edge values.
    static let randomCount = Int(getenv("KPI_NUMBER_FORMAT_SAMPLES").map { String(cString: $0) } ?? "") ?? 1_000_000

    /// The reference rendering, independent of NumberFormat's code: whole values as `printf("%.0f")`, others as
    /// `printf("%.12g")` with the exponent worked into the digit string by moving the point (no log10, no strtod).
    static func reference(_ value: Double) -> String {
        if value == 0 { return "0" }
        if value.rounded(.towardZero) == value { return printf("%.0f", value) }
        var text = Array(printf("%.12g", value).utf8)
        let negative = text.first == UInt8(ascii: "-")
        if negative { text.removeFirst() }
        var exponent = 0
        if let e = text.firstIndex(of: UInt8(ascii: "e")) {
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self))!
            text.removeSubrange(e...)
        }
        let point = (text.firstIndex(of: UInt8(ascii: ".")) ?? text.count) + exponent
        let digits = text.filter { $0 != UInt8(ascii: ".") }
        let zero = UInt8(ascii: "0")
        var whole: [UInt8]
        var fraction: [UInt8]
        if point <= 0 {
            whole = [zero]
            fraction = Array(repeating: zero, count: -point) + digits
        } else if point >= digits.count {
            whole = digits + Array(repeating: zero, count: point - digits.count)
            fraction = []
        } else {
            whole = Array(digits[..<point])
            fraction = Array(digits[point...])
        }
        while fraction.last == zero { fraction.removeLast() }
        if !fraction.isEmpty { whole += [UInt8(ascii: ".")] + fraction }
        return (negative ? "-" : "") + String(decoding: whole, as: UTF8.self)
    }

    private static func printf(_ format: String, _ value: Double) -> String {
        var buffer = [CChar](repeating: 0, count: 400)
        let length = withVaList([value]) { vsnprintf(&buffer, buffer.count, format, $0) }
        return String(decoding: buffer[..<Int(length)].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    /// 10^exponent for exponents -12 ... 22, the nearest double (as parsed).
    static func power(_ exponent: Int) -> Double { powers[exponent + 12] }
    private static let powers = (-12...22).map { Double("1e\($0)")! }

    /// Powers of ten 1e-12 ... 1e22 (the nearest doubles, as parsed), each with its neighbours: next up and down,
    /// ±2...4 ulps, ±0.001, ±0.0015 and ±0.002; the extremes of the format; all of them negated too.
    static let edgeValues: [Double] = {
        var values: [Double] = [
            .greatestFiniteMagnitude, .leastNonzeroMagnitude, .leastNormalMagnitude, .leastNormalMagnitude.nextDown,
            .ulpOfOne, 1e-10, 1e-10.nextDown, 9.2e18, Double(Int64.max), 999_999_999_999.999, 1e12 - 0.0015,
        ]
        for exponent in -12...22 {
            let p = power(exponent)
            values += [p, p.nextUp, p.nextDown]
            for ulps in 2...4 { values += [p + Double(ulps) * p.ulp, p - Double(ulps) * p.nextDown.ulp] }
            for offset in [0.001, 0.0015, 0.002] { values += [p + offset, p - offset] }
        }
        return values + values.map { -$0 }
    }()

    /// A random finite double of one of four kinds (by `index % 4`): any bit pattern; a random significand
    /// times a power of ten from 1e-12 to 1e22; a 13-digit decimal ending in 5 (a tie at the twelfth digit)
    /// divided by 10^0 ... 10^22; a power of ten moved by up to ±2^20 ulps or ±0.002.
    static func randomValue(_ index: Int, _ generator: inout SplitMix64) -> Double {
        let sign: Double = Bool.random(using: &generator) ? 1 : -1
        switch index % 4 {
        case 0:
            while true {
                let value = Double(bitPattern: generator.next())
                if value.isFinite { return value }
            }
        case 1:
            let significand = Double.random(in: 1..<10, using: &generator)
            return sign * significand * power(Int.random(in: -12...22, using: &generator))
        case 2:
            let digits = Int64.random(in: 100_000_000_000...999_999_999_999, using: &generator) * 10 + 5
            return sign * Double(digits) / power(Int.random(in: 0...22, using: &generator))
        default:
            let p = power(Int.random(in: -12...22, using: &generator))
            if Bool.random(using: &generator) {
                return sign * (p + Double(Int.random(in: -(1 << 20)...(1 << 20), using: &generator)) * p.ulp)
            }
            return sign * (p + Double.random(in: -0.002...0.002, using: &generator))
        }
    }

    @Test("Edge values and a million seeded random doubles are written like printf's %.0f / %.12g")
    func matchesPrintf() {
        var failures: [String] = []
        func check(_ value: Double) {
            let written = NumberFormat.string(value)
            if written != Self.reference(value), failures.count < 20 {
                failures.append("\(value): \(written) ≠ \(Self.reference(value))")
            }
        }
        for value in Self.edgeValues { check(value) }
        var generator = SplitMix64(seed: 0x6E75_6D62_6572)
        for index in 0..<Self.randomCount { check(Self.randomValue(index, &generator)) }
        #expect(failures.isEmpty, "\(failures)")
    }

    @Test("The reference itself writes known values", arguments: [
        (999_999_999_999.999, "1000000000000"), (-999_999_999_999.999, "-1000000000000"), (1.5e-7, "0.00000015"),
        (100.0 / 3, "33.3333333333"), (1e20, "100000000000000000000"), (1234567890123.5, "1234567890120"),
        (-2.5e-11, "-0.000000000025"),
    ])
    func referenceExamples(value: Double, expected: String) {
        #expect(Self.reference(value) == expected)
    }
}
