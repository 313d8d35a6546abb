/// Arrays of plain non-negative integers written without whitespace (`[9,10,3,…]`), the shape of big
/// score lists: counted first, then read straight into an exactly sized array, skipping the value stack.
extension JSONParser {
    /// Arrays shorter than this take the general path.
    static let integerArrayMinimumCount = 16

    /// Reads the elements and the closing `]` of an array whose first element starts at `pos`, when
    /// they are only digits and commas. Returns `nil` (with `pos` unchanged) for any other shape or
    /// any malformed element (empty, leading zero, more than 18 digits), so that the general path
    /// reads it and reports the error.
    mutating func readIntegerArray() -> [Int64]? {
        guard let commas = countIntegerArrayCommas(from: pos), commas + 1 >= Self.integerArrayMinimumCount else {
            return nil
        }
        var end = pos
        var valid = true
        let elements = [Int64](unsafeUninitializedCapacity: commas + 1) { buffer, initialized in
            var index = pos
            for slot in 0...commas {
                let start = index
                var magnitude: UInt64 = 0
                while true {
                    let digit = base[index] &- UInt8(ascii: "0")
                    guard digit < 10 else { break }
                    magnitude = magnitude &* 10 &+ UInt64(digit)
                    index += 1
                }
                let length = index - start
                guard length > 0, length <= 18, length == 1 || base[start] != UInt8(ascii: "0") else {
                    valid = false
                    initialized = slot
                    return
                }
                buffer[slot] = Int64(magnitude)
                index += 1
            }
            initialized = commas + 1
            end = index
        }
        guard valid else { return nil }
        pos = end
        return elements
    }

    /// The number of commas from `start` up to the first `]`, when every byte before it is a digit or a
    /// comma; `nil` otherwise. Eight bytes at a time while they are all digits and commas.
    @inline(__always)
    func countIntegerArrayCommas(from start: Int) -> Int? {
        var index = start
        var commas = 0
        while index + 8 <= count {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self))
            let (digits, commaBytes) = Self.digitAndCommaBytes(word)
            let others = ~(digits | commaBytes) & Self.highBits
            guard others == 0 else {
                let kept = others.trailingZeroBitCount
                commas += (commaBytes & ((1 << kept) - 1)).nonzeroBitCount
                index += kept >> 3
                return base[index] == UInt8(ascii: "]") ? commas : nil
            }
            commas += commaBytes.nonzeroBitCount
            index += 8
        }
        while index < count {
            let byte = base[index]
            if byte &- UInt8(ascii: "0") < 10 {
                index += 1
            } else if byte == UInt8(ascii: ",") {
                commas += 1
                index += 1
            } else {
                return byte == UInt8(ascii: "]") ? commas : nil
            }
        }
        return nil
    }

    /// The high bit of each byte of a word.
    static let highBits: UInt64 = 0x8080_8080_8080_8080

    /// Masks with the high bit set in each byte of `word` that is an ASCII digit, and in each that is a comma.
    @inline(__always)
    static func digitAndCommaBytes(_ word: UInt64) -> (digits: UInt64, commas: UInt64) {
        let ones: UInt64 = 0x0101_0101_0101_0101
        let low = word & ~highBits
        let ascii = ~word & highBits
        // With the high bits cleared no addition carries into the next byte.
        let atLeastZero = (low &+ ones &* (0x80 - 0x30)) & highBits
        let aboveNine = (low &+ ones &* (0x80 - 0x3A)) & highBits
        let commaDistance = low ^ (ones &* 0x2C)
        let notComma = ((commaDistance &+ ones &* 0x7F) | commaDistance) & highBits
        return (atLeastZero & ~aboveNine & ascii, ~notComma & ascii)
    }
}
