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
}
