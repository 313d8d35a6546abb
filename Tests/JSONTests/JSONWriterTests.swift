import JSON
import Testing

private func text(_ value: JSONValue) -> String {
    String(decoding: value.serialized(), as: UTF8.self)
}

struct JSONWriterTests {
    static let numberCases: [(JSONNumber, String)] = [
        (JSONNumber(Int64(1000)), "1000"),
        (JSONNumber(Int64(-3)), "-3"),
        (JSONNumber(Int64(0)), "0"),
        (JSONNumber(Int64.max), "9223372036854775807"),
        (JSONNumber(Int64.min), "-9223372036854775808"),
        (JSONNumber(1000.0), "1000"),
        (JSONNumber(-0.0), "0"),
        (JSONNumber(double: -0.0, integer: nil), "0"),
        (JSONNumber(10.5), "10.5"),
        (JSONNumber(100.0 / 3.0), "33.333333333333336"),
        (JSONNumber(0.00001), "1e-05"),
        (JSONNumber(1e16), "1e+16"),
        (JSONNumber(1e30), "1e+30"),
        (JSONNumber(Double.leastNonzeroMagnitude), "5e-324"),
        (JSONNumber(double: .infinity, integer: nil), "null"),
        (JSONNumber(double: -.infinity, integer: nil), "null"),
        (JSONNumber(double: .nan, integer: nil), "null"),
    ]

    @Test(arguments: numberCases)
    func numbersAreWrittenAsIntegersOrShortestRoundTripDecimals(_ pair: (JSONNumber, String)) {
        #expect(text(.number(pair.0)) == pair.1)
    }

    @Test func stringsEscapeQuotesBackslashesAndControlCharacters() {
        #expect(text("a\"b\\c/d") == #""a\"b\\c/d""#)
        #expect(text("\u{8}\u{C}\n\r\t") == #""\b\f\n\r\t""#)
        #expect(text("\u{0}\u{1F}\u{7F}") == "\"\\u0000\\u001f\u{7F}\"")
        #expect(text("é€𝄞\u{2028}") == "\"é€𝄞\u{2028}\"")
    }

    @Test func compactOutputHasNoWhitespace() {
        let value: JSONValue = ["a": [1, true, nil], "b": ["c": "d"], "e": [], "f": .object(JSONObject())]
        #expect(text(value) == #"{"a":[1,true,null],"b":{"c":"d"},"e":[],"f":{}}"#)
    }

    @Test func membersAreWrittenInStoredOrder() {
        let object = JSONObject([.init(key: "z", value: 1), .init(key: "a", value: 2), .init(key: "m", value: 3)])
        #expect(text(.object(object)) == #"{"z":1,"a":2,"m":3}"#)
    }

    @Test func successiveValuesAreSeparatedByCommas() {
        var writer = JSONWriter()
        writer.write(1)
        writer.write("x")
        #expect(writer.bytes == Array(#"1,"x""#.utf8))
    }

    @Test func streamingGivesTheSameTextAsTheTree() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("a")
        writer.beginArray()
        writer.write(1)
        writer.write(true)
        writer.writeNull()
        writer.beginObject()
        writer.endObject()
        writer.beginArray()
        writer.endArray()
        writer.endArray()
        let quotedName = "b\""  // a String: literal names take the unescaped StaticString path
        writer.key(quotedName)
        writer.write(2.5)
        writer.key("c")
        writer.write(["d": [1, 2]] as JSONValue)
        writer.member("e", "f")
        writer.member("g", 0.5)
        writer.member("h", 3)
        writer.member("i", false)
        writer.endObject()
        let tree: JSONValue = [
            "a": [1, true, nil, .object(JSONObject()), []], "b\"": 2.5, "c": ["d": [1, 2]],
            "e": "f", "g": 0.5, "h": 3, "i": false,
        ]
        #expect(writer.bytes == tree.serialized())
    }

    @Test(arguments: [(1000.0, "1000"), (-0.0, "0"), (10.5, "10.5"), (9_007_199_254_740_994.0, "9.007199254740994e+15"), (.nan, "null")])
    func doublesAreWrittenLikeTheirJSONNumbers(_ pair: (Double, String)) {
        var writer = JSONWriter()
        writer.write(pair.0)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == pair.1)
        #expect(text(.double(pair.0)) == pair.1)
    }

    static let roundTripValues: [JSONValue] = [
        nil, true, false, 0, -1, .int(Int(Int64.max)), .int(Int(Int64.min)), 0.1, -2.5e-300, 1e300,
        .double(.greatestFiniteMagnitude), .double(.leastNonzeroMagnitude), "", "plain", "quote\" slash\\ nl\n",
        "\u{0}\u{1}\u{1F}", "é€𝄞😀", [], [1, [2, [3, []]]], ["k": ["nested": [nil, "v"]], "n": 12.75],
        .object(JSONObject()), .array(JSONArray((0..<100).map { .int($0) })),
    ]

    @Test(arguments: roundTripValues)
    func parsingTheSerializedTextGivesTheValueBack(_ value: JSONValue) throws {
        #expect(try JSONReader.parse(value.serialized()) == value)
    }

    /// Escapes in a writer that starts at its smallest size, so it grows while escaping and between escapes:
    /// the text is checked against the escaping spelled out byte by byte (RFC 8259 §7).
    @Test(arguments: [0, 1, 15, 16, 40, 300])
    func escapesStayRightWhileTheBufferGrows(plainRun: Int) {
        var writer = JSONWriter(capacity: 16)
        var expected = "\""
        var input: [UInt8] = []
        for byte in [0x22, 0x5C, 0x0A, 0x01, 0x1F, 0x09] as [UInt8] {
            input += Array(repeating: UInt8(ascii: "a"), count: plainRun) + [byte]
            expected += String(repeating: "a", count: plainRun)
            switch byte {
            case 0x22: expected += "\\\""
            case 0x5C: expected += "\\\\"
            case 0x0A: expected += "\\n"
            case 0x09: expected += "\\t"
            case 0x01: expected += "\\u0001"
            default: expected += "\\u001f"
            }
        }
        expected += "\""
        input.withUnsafeBufferPointer { writer.write(utf8: $0) }
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
    }
    /// Fixed-point values: each text is checked against the quotient spelled out, and read back as the same
    /// `Double` as that quotient computed in floating point (the two must agree for a log reader).
    @Test(arguments: [
        (31_500, 6, "0.0315"), (1, 6, "0.000001"), (2_000_000, 6, "2"), (2_500_000, 6, "2.5"), (0, 6, "0"),
        (-1_234_500, 3, "-1234.5"), (7, 0, "7"), (Int.max, 18, "9.223372036854775807"), (Int.min, 18, "-9.223372036854775808"),
        (100_000_000_000_001, 6, "100000000.000001"),
    ])
    func fixedPointValuesAreExactDecimals(_ units: Int, _ places: Int, _ expected: String) throws {
        var writer = JSONWriter()
        writer.write(units, decimalPlaces: places)
        #expect(String(decoding: writer.bytes, as: UTF8.self) == expected)
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        if units.magnitude < 1 << 53 {
            #expect(try JSONReader.parse(writer.bytes).numberValue?.double == Double(units) / scale)
        }
    }

    @Test func linesHoldOneDocumentEachAndTheWriterEmptiesKeepingNothing() throws {
        var writer = JSONWriter(capacity: 16)
        writer.beginObject()
        writer.member("a", 1)
        writer.endObject()
        writer.endLine()
        Array("plain text, not JSON".utf8).withUnsafeBufferPointer { writer.appendLine($0) }
        writer.write(2)
        writer.endLine()
        #expect(String(decoding: writer.bytes, as: UTF8.self) == "{\"a\":1}\nplain text, not JSON\n2\n")
        writer.removeAll()
        #expect(writer.byteCount == 0)
        writer.write("x")
        #expect(writer.bytes == Array(#""x""#.utf8))
    }

    /// Every byte that needs escaping, at every offset of texts of 1 to 40 bytes (the scan reads 8-byte
    /// words, so this puts each one first, last and in the middle of a word and in the bytes after the last
    /// whole word, with a non-ASCII byte mirrored across), against the escaping done one byte at a time here.
    @Test func escapesAreFoundAtEveryOffsetOfABlock() {
        for length in 1...40 {
            for offset in 0..<length {
                for special in [0x00, 0x1F, 0x22, 0x5C, 0x0A] as [UInt8] {
                    var input = (0..<length).map { UInt8(ascii: "a") + UInt8($0 % 26) }
                    input[offset] = special
                    input[length - 1 - offset] = input[length - 1 - offset] == special ? special : 0xC3  // a lead byte, kept raw
                    var expected = "\""
                    for byte in input {
                        switch byte {
                        case 0x22: expected += "\\\""
                        case 0x5C: expected += "\\\\"
                        case 0x0A: expected += "\\n"
                        case 0x00: expected += "\\u0000"
                        case 0x1F: expected += "\\u001f"
                        default: expected.unicodeScalars.append(Unicode.Scalar(byte))
                        }
                    }
                    expected += "\""
                    var writer = JSONWriter(capacity: 16)
                    input.withUnsafeBufferPointer { writer.write(utf8: $0) }
                    let written = writer.bytes.map { Unicode.Scalar($0) }
                    #expect(String(String.UnicodeScalarView(written)) == expected, "length \(length), offset \(offset), byte \(special)")
                }
            }
        }
    }

    @Test func aStringJoinedFromPartsIsTheJoinedString() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("formula")
        writer.write(joining: "CAC", " = ", "total \"spend\" / new\n")
        writer.key("empty")
        writer.write(joining: "", "")
        writer.endObject()
        #expect(writer.bytes == (["formula": "CAC = total \"spend\" / new\n", "empty": ""] as JSONValue).serialized())
    }
    @Test func literalMembersFollowTheImpliedComma() {
        var writer = JSONWriter()
        writer.beginObject()
        writer.members(#""a":1,"b":"x""#)
        writer.members(#""c":[]"#)
        writer.endObject()
        #expect(writer.bytes == Array(#"{"a":1,"b":"x","c":[]}"#.utf8))
    }
}
