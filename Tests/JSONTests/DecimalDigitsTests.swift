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
    /// Written in place, every digit count from 1 to 20 at its edges (10^k − 1 and 10^k), against `String`'s
    /// digits, with the byte after the digits left as it was.
    @Test func digitsWrittenInPlaceAreStringsDigits() {
        var values: [UInt64] = [0, UInt64.max]
        var power: UInt64 = 1
        for _ in 1...19 {
            power *= 10
            values += [power - 1, power, power + 1]
        }
        for value in values {
            var buffer = [UInt8](repeating: UInt8(ascii: "#"), count: 21)
            let count = buffer.withUnsafeMutableBufferPointer { DecimalDigits.write(value, to: $0.baseAddress!) }
            #expect(count == DecimalDigits.count(of: value))
            #expect(String(decoding: buffer[..<count], as: UTF8.self) == String(value))
            #expect(buffer[count] == UInt8(ascii: "#"))
        }
        var padded = [UInt8](repeating: 0, count: 20)
        let count = padded.withUnsafeMutableBufferPointer { DecimalDigits.write(42, minimumDigits: 6, to: $0.baseAddress!) }
        #expect(String(decoding: padded[..<count], as: UTF8.self) == "000042")
    }
}
