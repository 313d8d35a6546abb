import JSON
import Testing

/// Parses `text`, returning the error instead of throwing it.
private func failure(_ text: String, maxDepth: Int = 64) -> JSONParseError? {
    do {
        _ = try JSONReader.parse(Array(text.utf8), maxDepth: maxDepth)
        return nil
    } catch {
        return error
    }
}

private func number(_ text: String) throws -> JSONNumber {
    try #require(try JSONReader.parse(Array(text.utf8)).numberValue)
}

struct JSONReaderNumberTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var literal: String
        var double: Double
        var integer: Int64?
        var testDescription: String { literal }
    }

    static let cases: [Case] = [
        Case(literal: "10", double: 10, integer: 10),
        Case(literal: "10.0", double: 10, integer: 10),
        Case(literal: "1e2", double: 100, integer: 100),
        Case(literal: "1E+2", double: 100, integer: 100),
        Case(literal: "10.5", double: 10.5, integer: nil),
        Case(literal: "1e30", double: 1e30, integer: nil),
        Case(literal: "-3", double: -3, integer: -3),
        Case(literal: "0", double: 0, integer: 0),
        Case(literal: "9007199254740992.0", double: 9_007_199_254_740_992, integer: 9_007_199_254_740_992),
        Case(literal: "9007199254740994.0", double: 9_007_199_254_740_994, integer: nil),
        Case(literal: "123456789012345678", double: Double(123_456_789_012_345_678 as Int64), integer: 123_456_789_012_345_678),
        Case(literal: "9223372036854775807", double: Double(Int64.max), integer: .max),
        Case(literal: "-9223372036854775808", double: Double(Int64.min), integer: .min),
        Case(literal: "9223372036854775808", double: 9_223_372_036_854_775_808, integer: nil),
        Case(literal: "100000000000000000000", double: 1e20, integer: nil),
        Case(literal: "5e-324", double: .leastNonzeroMagnitude, integer: nil),
        Case(literal: "1e-400", double: 0, integer: 0),
        Case(literal: "0.1", double: 0.1, integer: nil),
        Case(literal: "2.2250738585072011e-308", double: Double.leastNormalMagnitude.nextDown, integer: nil),
        Case(literal: "1.7976931348623157e308", double: .greatestFiniteMagnitude, integer: nil),
    ]

    @Test(arguments: cases)
    func numbersKeepTheirExactValue(_ c: Case) throws {
        let parsed = try number(c.literal)
        #expect(parsed.double.bitPattern == c.double.bitPattern)
        #expect(parsed.integer == c.integer)
    }

    @Test func minusZeroIsANegativeZeroDoubleAndTheIntegerZero() throws {
        let parsed = try number("-0")
        #expect(parsed.double.sign == .minus && parsed.double == 0)
        #expect(parsed.integer == 0)
    }

    @Test(arguments: ["1e400", "-1e400", "1.5e+9999", "123123e100000"])
    func numbersBeyondDoubleAreRejectedAsOutOfRange(_ literal: String) {
        #expect(failure("[\(literal)]") == JSONParseError(offset: 1, reason: "number out of range"))
    }

    @Test(arguments: ["01", "-01", "1.", ".1", "+1", "1e", "1e+", "-", "0x1", "1.e3", "Infinity", "NaN", "- 1"])
    func malformedNumbersAreRejected(_ literal: String) {
        #expect(failure(literal) != nil)
    }
}

struct JSONReaderStructureTests {
    @Test func aRepeatedMemberNameIsRejectedWithItsName() {
        #expect(failure(#"{"a":1,"b":2,"a":3}"#) == JSONParseError(offset: 13, reason: #"duplicate member name "a""#))
    }

    @Test func aRepeatedMemberNameInANestedObjectIsRejected() {
        #expect(failure(#"[{"x":{"k":true,"k":false}}]"#)?.reason == #"duplicate member name "k""#)
    }

    @Test func theSameNameInDifferentObjectsIsAccepted() throws {
        _ = try JSONReader.parse(#"{"a":{"a":1},"b":{"a":2}}"#)
    }

    @Test func namesEqualOnlyAfterEscapeDecodingAreDuplicates() {
        #expect(failure(#"{"a":1,"\u0061":2}"#)?.reason == #"duplicate member name "a""#)
    }

    @Test func aRepeatedNameInABigObjectIsRejected() throws {
        let members = (0..<100).map { "\"k\($0)\":\($0)" }
        let good = "{" + members.joined(separator: ",") + "}"
        let object = try #require(try JSONReader.parse(good).objectValue)
        #expect(object.count == 100)
        #expect(object["k99"] == .int(99))
        #expect(failure("{" + (members + ["\"k42\":0"]).joined(separator: ",") + "}")?.reason == #"duplicate member name "k42""#)
    }

    @Test func nestingUpToMaxDepthIsAccepted() throws {
        _ = try JSONReader.parse(String(repeating: "[", count: 64) + String(repeating: "]", count: 64))
        _ = try JSONReader.parse(String(repeating: "{\"a\":", count: 64) + "1" + String(repeating: "}", count: 64))
        _ = try JSONReader.parse("[[[1]]]", maxDepth: 3)
    }

    @Test func nestingOneBeyondMaxDepthIsRejected() {
        #expect(failure(String(repeating: "[", count: 65) + String(repeating: "]", count: 65))
            == JSONParseError(offset: 64, reason: "nesting deeper than 64"))
        #expect(failure("[[[1]]]", maxDepth: 2) == JSONParseError(offset: 2, reason: "nesting deeper than 2"))
    }

    @Test func aHundredThousandOpeningBracketsAreRejectedByTheDepthLimit() {
        #expect(failure(String(repeating: "[", count: 100_000))?.reason == "nesting deeper than 64")
    }

    @Test func scalarsAndWhitespaceAreValidDocuments() throws {
        #expect(try JSONReader.parse(" \t\r\n true \n") == .bool(true))
        #expect(try JSONReader.parse("null") == .null)
        #expect(try JSONReader.parse("\"x\"") == .string("x"))
        #expect(try JSONReader.parse("[]") == .array([]))
        #expect(try JSONReader.parse("{ }") == .object(JSONObject()))
    }

    @Test func aMixedDocumentKeepsMemberOrderAndValues() throws {
        let value = try JSONReader.parse(#"{"z":[1,-2.5,"s",null,true,false,{}],"a":{"b":[]}}"#)
        let expected: JSONValue = ["z": [1, -2.5, "s", nil, true, false, .object(JSONObject())], "a": ["b": []]]
        #expect(value == expected)
        #expect(value.objectValue?.keys == ["z", "a"])
    }

    @Test func theOtherEntryPointsAgreeWithTheArrayOne() throws {
        let text = #" {"a": [1, 2]} "#
        let bytes = Array(text.utf8)
        let expected = try JSONReader.parse(bytes)
        #expect(try JSONReader.parse(text) == expected)
        #expect(try JSONReader.parse(bytes[0...]) == expected)
        #expect(try bytes.withUnsafeBytes { try JSONReader.parse($0) } == expected)
    }

    struct ErrorCase: Sendable, CustomTestStringConvertible {
        var text: String
        var offset: Int
        var reason: String
        var testDescription: String { text }
    }

    static let errorCases: [ErrorCase] = [
        ErrorCase(text: "", offset: 0, reason: "unexpected end of input"),
        ErrorCase(text: "  ", offset: 2, reason: "unexpected end of input"),
        ErrorCase(text: "[1,2", offset: 4, reason: "unexpected end of input"),
        ErrorCase(text: #"{"a" 1}"#, offset: 5, reason: "unexpected '1', expected ':' after member name"),
        ErrorCase(text: "[1 2]", offset: 3, reason: "unexpected '2', expected ',' or ']' after an array element"),
        ErrorCase(text: #"{"a":1 "b":2}"#, offset: 7, reason: "unexpected '\"', expected ',' or '}' after an object member"),
        ErrorCase(text: "[1,]", offset: 3, reason: "unexpected ']', expected a JSON value"),
        ErrorCase(text: "{,}", offset: 1, reason: "unexpected ',', expected a member name (a string)"),
        ErrorCase(text: "1 2", offset: 2, reason: "trailing characters after the JSON value"),
        ErrorCase(text: "[\"a\nb\"]", offset: 3, reason: "control character U+000A must be escaped in a string"),
        ErrorCase(text: "[\"a\u{0}\"]", offset: 3, reason: "control character U+0000 must be escaped in a string"),
        ErrorCase(text: "tru", offset: 0, reason: "invalid literal, expected 'true'"),
        ErrorCase(text: "nul", offset: 0, reason: "invalid literal, expected 'null'"),
        ErrorCase(text: #"["\x"]"#, offset: 2, reason: "invalid escape sequence in string"),
        ErrorCase(text: #"["\u12G4"]"#, offset: 6, reason: #"invalid \u escape: expected four hex digits"#),
        ErrorCase(text: #"["\uD800"]"#, offset: 2, reason: "unpaired surrogate escape in string"),
        ErrorCase(text: #"["\uDC00\uD800"]"#, offset: 2, reason: "unpaired surrogate escape in string"),
        ErrorCase(text: "\u{FEFF}{}", offset: 0, reason: "unexpected byte order mark"),
        ErrorCase(text: "[-]", offset: 2, reason: "expected a digit in number"),
        ErrorCase(text: "[1.e3]", offset: 3, reason: "expected a digit after '.'"),
        ErrorCase(text: "[007]", offset: 1, reason: "leading zeros are not allowed in numbers"),
        ErrorCase(text: "\"abc", offset: 4, reason: "unexpected end of input"),
    ]

    @Test(arguments: errorCases)
    func errorsCarryTheOffsetAndAPlainReason(_ c: ErrorCase) {
        #expect(failure(c.text) == JSONParseError(offset: c.offset, reason: c.reason))
    }

    @Test func errorsDescribeThemselvesWithTheirOffset() {
        #expect(JSONParseError(offset: 3, reason: "unexpected end of input").description
            == "unexpected end of input at byte 3")
    }
}

struct JSONReaderStringTests {
    @Test(arguments: [
        (#""\"\\\/\b\f\n\r\t""#, "\"\\/\u{8}\u{C}\n\r\t"),
        (#""\u0041\u00e9\u20AC""#, "Aé€"),
        (#""\u0000""#, "\u{0}"),
        (#""\uD834\uDD1E""#, "𝄞"),
        (#""\uD83D\uDE00 ok""#, "😀 ok"),
        (#""\uDBFF\uDFFF""#, "\u{10FFFF}"),
        (#""plain ascii""#, "plain ascii"),
        ("\"é€𝄞 raw\"", "é€𝄞 raw"),
        ("\"mix é \\n \\u00e9\"", "mix é \n é"),
    ])
    func escapesAndUTF8AreDecoded(_ pair: (String, String)) throws {
        #expect(try JSONReader.parse(pair.0) == .string(pair.1))
    }

    @Test(arguments: [
        [0x22, 0xC0, 0xAF, 0x22],  // overlong '/'
        [0x22, 0xE0, 0x80, 0xAF, 0x22],  // overlong 3 bytes
        [0x22, 0xED, 0xA0, 0x80, 0x22],  // UTF-8 encoded surrogate
        [0x22, 0xF4, 0x90, 0x80, 0x80, 0x22],  // above U+10FFFF
        [0x22, 0xE2, 0x82, 0x22],  // truncated
        [0x22, 0x80, 0x22],  // lone continuation
        [0x22, 0xFF, 0x22],
        [0x22, 0xE9, 0x22],  // Latin-1
        [0x22, 0xF0, 0x9F, 0x98],  // truncated at end of input
    ] as [[UInt8]])
    func invalidUTF8IsRejected(_ bytes: [UInt8]) {
        #expect(throws: JSONParseError(offset: 1, reason: "invalid UTF-8 in string")) {
            try JSONReader.parse(bytes)
        }
    }

    @Test(arguments: 0..<20)
    func specialBytesAreFoundAtEveryPositionOfAString(_ position: Int) throws {
        let before = String(repeating: "a", count: position)
        let after = String(repeating: "b", count: 19 - position)
        #expect(try JSONReader.parse("[\"\(before)\\n\(after)\"]") == .array([.string("\(before)\n\(after)")]))
        #expect(try JSONReader.parse("[\"\(before)é\(after)\"]") == .array([.string("\(before)é\(after)")]))
        #expect(try JSONReader.parse("[\"\(before)\"]") == .array([.string(before)]))
        #expect(failure("[\"\(before)\t\(after)\"]")?.offset == 2 + position)
        #expect(failure("[\"\(before)\u{7F}\(after)\"]") == nil)
    }

    @Test func repeatedStringsInABigDocumentKeepTheirOwnValues() throws {
        let items = (0..<300).map { i in
            #"{"id":"d\#(i)","rep":"\#(i % 3 == 0 ? "alice" : "bob")","closedAt":"2024-02-20T10:00:\#(i % 60)Z"}"#
        }
        let value = try JSONReader.parse("[" + items.joined(separator: ",") + "]")
        let array = try #require(value.arrayValue)
        #expect(array.count == 300)
        for (i, item) in array.enumerated() {
            #expect(item["id"] == .string("d\(i)"))
            #expect(item["rep"] == .string(i % 3 == 0 ? "alice" : "bob"))
            #expect(item["closedAt"] == .string("2024-02-20T10:00:\(i % 60)Z"))
        }
        let repeated = "[" + items.joined(separator: ",") + #",{"rep":1,"rep":2}]"#
        #expect(failure(repeated)?.reason == #"duplicate member name "rep""#)
    }

    @Test(arguments: [3, 7, 20])
    func cachedStringsDifferingOnlyInsideAreToldApart(_ length: Int) throws {
        // Same length, first, middle and last byte: the same cache slot, different contents.
        let strings = (0..<100).map { i -> String in
            var bytes = Array(repeating: UInt8(ascii: "x"), count: length)
            bytes[1] = UInt8(ascii: "0") + UInt8(i % 10)
            bytes[length - 2] = UInt8(ascii: "0") + UInt8(i / 10)
            return String(decoding: bytes, as: UTF8.self)
        }
        let text = "[" + strings.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        #expect(try JSONReader.parse(text) == .array(JSONArray(strings.map { .string($0) })))
    }

    @Test func stringsOfEveryCachedLengthInALargeDocumentKeepTheirOwnValues() throws {
        // Over 64 KB (the larger cache); near-identical strings of each length 1…33, many repeated.
        let strings = (0..<6000).map { i -> String in
            let length = 1 + i % 33
            var bytes = Array(repeating: UInt8(ascii: "a"), count: length)
            bytes[(i / 33) % length] = UInt8(ascii: "b") + UInt8(i / 33 % 7)
            return String(decoding: bytes, as: UTF8.self)
        }
        let text = "[" + strings.map { "\"\($0)\"" }.joined(separator: ",") + "]"
        #expect(text.utf8.count > 1 << 16)
        #expect(try JSONReader.parse(text) == .array(JSONArray(strings.map { .string($0) })))
    }

    @Test func numbersInABigArrayAreAllRead() throws {
        let numbers = (0..<1000).map { $0 % 7 == 0 ? "-\($0).5" : "\($0)" }
        let value = try JSONReader.parse("[" + numbers.joined(separator: ",") + "]")
        let array = try #require(value.arrayValue)
        #expect(array.count == 1000)
        #expect(array[7] == .double(-7.5))
        #expect(array[8] == .int(8))
        #expect(try JSONReader.parse("[0,0,0.5,0e1,10,-0,0E+1,123456789012345678,1234567890123456789,7]")
            == [0, 0, 0.5, 0, 10, .number(JSONNumber(double: -0.0, integer: 0)), 0, 123_456_789_012_345_678,
                1_234_567_890_123_456_789, 7])
        #expect(failure("[1,2.]") == JSONParseError(offset: 5, reason: "expected a digit after '.'"))
        #expect(failure("[1,2x]") == JSONParseError(offset: 4, reason: "unexpected 'x', expected ',' or ']' after an array element"))
        #expect(failure("[1,2,-]") == JSONParseError(offset: 6, reason: "expected a digit in number"))
        #expect(failure("[1,2,03]")?.reason == "leading zeros are not allowed in numbers")
    }

    @Test func bigArraysOfPlainIntegersAreReadExactly() throws {
        let numbers = (0..<100).map { $0 * 1_000_000_007 % 999_999_999_999_999_989 }
        let text = "[" + numbers.map(String.init).joined(separator: ",") + "]"
        #expect(try JSONReader.parse(text) == .array(JSONArray(numbers.map { .int($0) })))
        #expect(try JSONReader.parse("{\"a\":[" + String(repeating: "0,", count: 20) + "999999999999999999],\"b\":[]}")
            == ["a": .array(JSONArray(Array(repeating: 0, count: 20) + [999_999_999_999_999_999])), "b": []])
        #expect(try JSONReader.parse("[" + String(repeating: "7,", count: 20) + "1234567890123456789]").arrayValue?.last
            == .int(1_234_567_890_123_456_789))
        let ones = String(repeating: "1,", count: 20)
        #expect(failure("[" + ones + "01]")?.reason == "leading zeros are not allowed in numbers")
        #expect(failure("[" + ones + ",1]") == JSONParseError(offset: 41, reason: "unexpected ',', expected a JSON value"))
        #expect(failure("[" + ones + "1") == JSONParseError(offset: 42, reason: "unexpected end of input"))
        #expect(failure("[" + ones + "]")?.offset == 41)
    }

    @Test func longStringsAreReadWhole() throws {
        let long = String(repeating: "abcdefghij", count: 1000)
        #expect(try JSONReader.parse("\"\(long)\"") == .string(long))
        let escaped = String(repeating: "ab\\ncd", count: 100)
        #expect(try JSONReader.parse("\"\(escaped)\"") == .string(String(repeating: "ab\ncd", count: 100)))
    }
}
