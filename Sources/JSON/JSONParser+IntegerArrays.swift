/// Arrays of plain non-negative integers written without whitespace (`[9,10,3,…]`), the shape of big
/// score lists: counted first, then read straight into an exactly sized array, skipping the value stack.
extension JSONParser {
    /// Arrays shorter than this take the general path.
    static let integerArrayMinimumCount = 16

    /// Reads the elements and the closing `]` of an array whose first element starts at `pos`, when
    /// they are only digits and commas. Returns `nil` (with `pos` unchanged) for any other shape or
    /// any malformed element (empty, leading zero, more than 18 digits), so that the general path
    /// reads it and reports the error.
    mutating func readIntegerArray() -> [JSONValue]? {
        guard let commas = countIntegerArrayCommas(from: pos), commas + 1 >= Self.integerArrayMinimumCount else {
            return nil
        }
        var end = pos
        var valid = true
        let elements = [JSONValue](unsafeUninitializedCapacity: commas + 1) { buffer, initialized in
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
                (buffer.baseAddress! + slot).initialize(to: .number(JSONNumber(Int64(magnitude))))
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
    /// comma; `nil` otherwise.
    @inline(__always)
    func countIntegerArrayCommas(from start: Int) -> Int? {
        var index = start
        var commas = 0
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
}
