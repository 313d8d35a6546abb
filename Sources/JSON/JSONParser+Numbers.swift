#if canImport(Glibc)
import Glibc  // also links libm, which `Double.rounded` in JSONValue needs on Linux
#endif

/// Number literals: exact `Int64` for plain integers, the correctly rounded `Double` otherwise.
extension JSONParser {
    /// Reads the number literal starting at `pos` (a `-` or a digit).
    @inline(__always)
    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = pos
        var index = pos
        let negative = base[index] == UInt8(ascii: "-")
        if negative { index += 1 }
        guard index < count else { throw endOfInput() }
        let first = base[index] &- UInt8(ascii: "0")
        guard first < 10 else { throw error("expected a digit in number", at: index) }
        index += 1
        var magnitude = UInt64(first)
        if first == 0 {
            if index < count, base[index] &- UInt8(ascii: "0") < 10 {
                throw error("leading zeros are not allowed in numbers", at: start)
            }
        } else {
            while index < count {
                let digit = base[index] &- UInt8(ascii: "0")
                guard digit < 10 else { break }
                magnitude = magnitude &* 10 &+ UInt64(digit)
                index += 1
            }
        }
        if index < count {
            let byte = base[index]
            if byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e") {
                return try parseFloatingPoint(start: start, from: index)
            }
        }
        pos = index
        let digits = index - start - (negative ? 1 : 0)
        guard digits <= 18 else { return try parseLongInteger(start: start, end: index, negative: negative) }
        let value = Int64(magnitude)
        if negative {
            return value == 0 ? JSONNumber(double: -0.0, integer: 0) : JSONNumber(-value)
        }
        return JSONNumber(value)
    }

    /// After a number in an array, reads the `,number` elements that follow directly (no
    /// whitespace) in a tight loop: the shape of big numeric arrays.
    /// Short plain integers are read inline; anything else goes through `parseNumber`.
    @inline(__always)
    mutating func parseNumberRun() throws(JSONParseError) {
        var index = pos
        while index + 1 < count, base[index] == UInt8(ascii: ",") {
            var cursor = index + 1
            let lead = base[cursor] &- UInt8(ascii: "0")
            if lead < 10 {
                var magnitude = UInt64(lead)
                cursor += 1
                if lead != 0 {
                    while cursor < count {
                        let digit = base[cursor] &- UInt8(ascii: "0")
                        guard digit < 10 else { break }
                        magnitude = magnitude &* 10 &+ UInt64(digit)
                        cursor += 1
                    }
                }
                if cursor - index - 1 <= 18, cursor == count || !Self.continuesNumber(base[cursor]) {
                    values.push(.number(JSONNumber(Int64(magnitude))))
                    index = cursor
                    continue
                }
            } else if base[cursor] != UInt8(ascii: "-") {
                break
            }
            pos = index + 1
            values.push(.number(try parseNumber()))
            index = pos
        }
        pos = index
    }

    /// Whether `byte` after integer digits continues the literal (a digit, `.`, `e` or `E`).
    @inline(__always)
    static func continuesNumber(_ byte: UInt8) -> Bool {
        byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: ".") || byte | 0x20 == UInt8(ascii: "e")
    }

    /// An integer literal of 19 or more digits: exact when it fits `Int64`, else the nearest `Double`.
    @inline(never)
    func parseLongInteger(start: Int, end: Int, negative: Bool) throws(JSONParseError) -> JSONNumber {
        var magnitude: UInt64 = 0
        var overflow = false
        for index in (start + (negative ? 1 : 0))..<end {
            let (times10, o1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times10.addingReportingOverflow(UInt64(base[index] - UInt8(ascii: "0")))
            magnitude = sum
            if o1 || o2 {
                overflow = true
                break
            }
        }
        if !overflow {
            if negative, magnitude <= UInt64(Int64.max) + 1 {
                return JSONNumber(Int64(truncatingIfNeeded: 0 &- magnitude))
            }
            if !negative, magnitude <= UInt64(Int64.max) { return JSONNumber(Int64(magnitude)) }
        }
        return try convert(start: start, end: end)
    }

    /// Reads the fraction and exponent starting at `index` and converts the whole literal.
    @inline(never)
    mutating func parseFloatingPoint(start: Int, from index: Int) throws(JSONParseError) -> JSONNumber {
        var index = index
        if base[index] == UInt8(ascii: ".") {
            index += 1
            index = try skipDigits(from: index, after: "'.'")
        }
        if index < count, base[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < count, base[index] == UInt8(ascii: "+") || base[index] == UInt8(ascii: "-") { index += 1 }
            index = try skipDigits(from: index, after: "the exponent marker")
        }
        pos = index
        return try convert(start: start, end: index)
    }

    /// Skips one or more digits starting at `index`.
    func skipDigits(from index: Int, after what: String) throws(JSONParseError) -> Int {
        var index = index
        guard index < count else { throw endOfInput() }
        guard base[index] &- UInt8(ascii: "0") < 10 else { throw error("expected a digit after \(what)", at: index) }
        while index < count, base[index] &- UInt8(ascii: "0") < 10 { index += 1 }
        return index
    }

    /// The correctly rounded `Double` of the validated literal `start..<end`; infinite is an error.
    func convert(start: Int, end: Int) throws(JSONParseError) -> JSONNumber {
        let literal = String(decoding: UnsafeBufferPointer(start: base + start, count: end - start), as: UTF8.self)
        guard let double = Double(literal), double.isFinite else {
            throw error("number out of range", at: start)
        }
        return JSONNumber(double)
    }
}
