import JSON
import Testing

@Suite("JSONCursor")
struct JSONCursorTests {
    /// Runs `body` on a cursor over `text`.
    static func withCursor<R>(_ text: String, _ body: (inout JSONCursor) throws(JSONParseError) -> R) throws(JSONParseError) -> R {
        try Array(text.utf8).withUnsafeBytes { buffer in
            Result { () throws(JSONParseError) -> R in
                var cursor = JSONCursor(buffer)
                return try body(&cursor)
            }
        }.get()
    }

    @Test("Members, elements and scalars are read in document order")
    func readsInOrder() throws {
        let read = try Self.withCursor(#" {"a": [1, 2.5, -3], "b": {"c": "x\u00e9"}, "d": [true, false, null]} "#) { cursor throws(JSONParseError) in
            var seen: [String] = []
            var object = try cursor.beginObject()
            while let name = try cursor.nextMember(of: &object) {
                seen.append(name)
                switch name {
                case "a":
                    var array = try cursor.beginArray()
                    while try cursor.nextElement(of: &array) { seen.append("\(array.index):\(try cursor.readNumber().double)") }
                case "b":
                    var inner = try cursor.beginObject()
                    while let key = try cursor.nextMember(of: &inner) { seen.append(key + "=" + (try cursor.readString())) }
                default:
                    try cursor.skipValue()
                }
            }
            try cursor.finish()
            return seen
        }
        #expect(read == ["a", "0:1.0", "1:2.5", "2:-3.0", "b", "c=xé", "d"])
    }

    @Test("A repeated name is rejected in any object, escaped or not, past the linear limit too")
    func repeatedNames() throws {
        let names = (0..<40).map { "\"k\($0)\":0" }.joined(separator: ",")
        for text in [#"{"a":1,"a":2}"#, #"{"a":1,"\u0061":2}"#, #"{"x":[{"a":1,"b":{"a":1},"a":2}]}"#,
                     "{" + names + ",\"k7\":1}", "{" + names + ",\"k\\u0037\":1}"] {
            let error = #expect(throws: JSONParseError.self) {
                try Self.withCursor(text) { cursor throws(JSONParseError) in try cursor.skipValue() }
            }
            #expect(error?.reason.hasPrefix("duplicate member name") == true, "\(text)")
        }
        // The same name in sibling objects is fine.
        try Self.withCursor(#"[{"a":1},{"a":2,"b":{"a":3}}]"#) { cursor throws(JSONParseError) in try cursor.skipValue() }
    }

    @Test("Skipping reports a repeated name as reading does: its decoded text, at its opening quote")
    func repeatedNameWhileSkipping() throws {
        for (text, offset) in [(#"{"a":1,"a":2}"#, 7), (#"{"é":1,"\u00e9":2}"#, 8), (#"[{"ab":{},"ab":[]}]"#, 10)] {
            let error = #expect(throws: JSONParseError.self) {
                try Self.withCursor(text) { cursor throws(JSONParseError) in try cursor.skipValue() }
            }
            let name = text.contains("ab") ? "ab" : text.contains("é") ? "é" : "a"
            #expect(error?.reason == "duplicate member name \"\(name)\"", "\(text)")
            #expect(error?.offset == offset, "\(text)")
        }
    }

    @Test("Nesting beyond maxDepth is rejected while skipping")
    func depth() {
        let deep = String(repeating: "[", count: 65) + String(repeating: "]", count: 65)
        let error = #expect(throws: JSONParseError.self) {
            try Self.withCursor(deep) { cursor throws(JSONParseError) in try cursor.skipValue() }
        }
        #expect(error?.reason == "nesting deeper than 64")
    }

    @Test("A value of another kind than asked for is an error at its first byte")
    func wrongKind() {
        let error = #expect(throws: JSONParseError.self) {
            try Self.withCursor(#"  "text""#) { cursor throws(JSONParseError) in _ = try cursor.readNumber() }
        }
        #expect(error?.offset == 2)
    }

    @Test("Trailing bytes after the value and an empty document are errors")
    func trailingAndEmpty() {
        #expect(throws: JSONParseError.self) {
            try Self.withCursor("{} x") { cursor throws(JSONParseError) in
                try cursor.skipValue()
                try cursor.finish()
            }
        }
        #expect(throws: JSONParseError.self) {
            try Self.withCursor("") { cursor throws(JSONParseError) in try cursor.skipValue() }
        }
    }
}

@Suite("JSONCursor.readIntegers")
struct JSONCursorIntegerTests {
    static func read(_ text: String) throws(JSONParseError) -> [Int64?] {
        try JSONCursorTests.withCursor(text) { cursor throws(JSONParseError) in
            var values: [Int64?] = []
            try cursor.readIntegers({ first, chunk in
                #expect(first == values.count)
                values.append(contentsOf: chunk.map { $0 })
            }, other: { index in
                #expect(index == values.count)
                values.append(nil)
            })
            try cursor.finish()
            return values
        }
    }

    @Test("Short runs, spaces, signs, fractions, exponents and other values read as their JSON says")
    func values() throws {
        #expect(try Self.read("[9,10,3,0,7]") == [9, 10, 3, 0, 7])
        #expect(try Self.read("[ 9 , 10,3 ,\n0 ]") == [9, 10, 3, 0])
        #expect(try Self.read("[10,-1,1.5,2.0,1e1,123456789012345678,1234567890123456789]")
            == [10, -1, nil, 2, 10, 123_456_789_012_345_678, 1_234_567_890_123_456_789])
        #expect(try Self.read(#"[1,"2",[3],{"a":4},null,true,5]"#) == [1, nil, nil, nil, nil, nil, 5])
        #expect(try Self.read("[]") == [])
        // Longer than one chunk of 512, with a fraction in the middle and a run of short scores after it.
        let long = (0..<1500).map { $0 == 700 ? "0.5" : String($0 % 11) }
        let expected: [Int64?] = (0..<1500).map { $0 == 700 ? nil : Int64($0 % 11) }
        #expect(try Self.read("[" + long.joined(separator: ",") + "]") == expected)
    }

    @Test("Malformed arrays are errors: leading zeros, missing commas, trailing commas, an open end")
    func malformed() {
        for text in ["[01]", "[1 2]", "[1,]", "[1,2", "[9,10,", "[,1]", "[1,,2]", "[1,-]"] {
            #expect(throws: JSONParseError.self, "\(text)") { try Self.read(text) }
        }
    }
}
