import Digits
import Testing

@Suite struct DecimalDigitsTests {
    @Test(arguments: [
        (UInt64(0), 1, "0"), (7, 1, "7"), (7, 2, "07"), (2024, 4, "2024"), (5, 4, "0005"), (123, 2, "123"),
        (UInt64.max, 1, "18446744073709551615"), (0, 20, "00000000000000000000"), (1, 0, "1"), (3, 25, "00000000000000000003"),
    ])
    func digitsArePaddedToTheMinimumAndNeverTruncated(_ value: UInt64, _ minimum: Int, _ expected: String) {
        var output: [UInt8] = Array("x".utf8)
        DecimalDigits.append(value, minimumDigits: minimum, to: &output)
        #expect(String(decoding: output, as: UTF8.self) == "x" + expected)
    }
}
