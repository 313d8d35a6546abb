import Foundation
import Testing

@testable import KPICore

@Suite("NumberFormat")
struct NumberFormatTests {
    static let formatsCases: [(Double, String)] = [
        (1000.0, "1000"), (1e4, "10000"), (0, "0"), (-0.0, "0"), (-2.5, "-2.5"), (12.125, "12.125"),
        (100.0 / 3, "33.3333333333"), (2.0 / 3, "0.666666666667"), (0.1 + 0.2, "0.3"), (1.5e-7, "0.00000015"),
        (1e20, "100000000000000000000"), (1234567890123.5, "1234567890120"), (40, "40"), (-200, "-200"),
        (9.223372036854775807e18, "9223372036854775808"),
    ]

    @Test("Numbers in substituted strings are whole without a point, else at most 12 significant digits", arguments: formatsCases)
    func formats(value: Double, expected: String) {
        #expect(NumberFormat.string(value) == expected)
    }

    @Test("The smallest and largest doubles are written without an exponent")
    func extremes() {
        #expect(!NumberFormat.string(Double.leastNonzeroMagnitude).contains("e"))
        #expect(NumberFormat.string(Double.greatestFiniteMagnitude).count == 309)
        #expect(!NumberFormat.string(-1.7976931348623157e308).contains("e"))
    }

    @Test("The integer fast path writes exactly what printf's %.12g rounding writes")
    func fastPathMatchesPrintf() {
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for index in 0..<20_000 {
            // A fixed xorshift sequence: the same values on every run.
            state ^= state << 13
            state ^= state >> 7
            state ^= state << 17
            let mantissa = Double(state % 1_000_000_007) / 1_000_000_007
            let exponent = Double(Int(index % 24) - 11)
            let value = (index % 2 == 0 ? 1 : -1) * mantissa * pow(10, exponent)
            guard value.rounded(.towardZero) != value else { continue }
            #expect(NumberFormat.string(value) == NumberFormat.viaPrintf(value), "\(value)")
        }
        for value in [18.099999999999998, 63.7, -45.60000000000001, 0.1 + 0.2, 999.9999999999999, 99999.99999995, 1e-10 + 1e-22] {
            #expect(NumberFormat.string(value) == NumberFormat.viaPrintf(value), "\(value)")
        }
    }
}
