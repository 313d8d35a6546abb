/// Reads strict RFC 8259 JSON one value at a time, for callers that know the shape they expect and
/// store what they read in their own form (columns of numbers, dates, strings) instead of a tree.
///
/// The same rules as ``JSONReader`` apply (UTF-8 validation, no repeated member names in any object,
/// at most `maxDepth` nested containers, numbers as ``JSONNumber``): a document is accepted by the cursor
/// exactly when ``JSONReader/parse(_:maxDepth:)-(UnsafeRawBufferPointer,_)`` accepts it, provided the caller
/// reads or skips every value and calls ``finish()``.
///
/// Memory: the cursor allocates nothing per value. Each open object keeps its member names as byte ranges
/// (8 bytes a name, plus a hash table of 4–8 bytes a name past 16 members) to find repeats; ``skipValue()``
/// validates a value of any size without building it.
///
/// ```swift
/// var cursor = JSONCursor(buffer)
/// var object = try cursor.beginObject()
/// while let name = try cursor.nextMember(of: &object) {
///     if name == "scores" { … } else { try cursor.skipValue() }
/// }
/// try cursor.finish()
/// ```
public struct JSONCursor: ~Copyable {
    /// What kind of value starts at the cursor.
    public enum Kind: Sendable, Equatable {
        case object, array, string, number, bool, null
    }

    /// An object being read: pass it to ``JSONCursor/nextMember(of:)`` until that returns `nil`.
    public struct ObjectScope {
        var started = false
        var names: MemberNames.Scope
        /// The ``MemberTable`` names met so far (bit `i`: name `i`), for ``JSONCursor/nextMember(of:in:)``.
        var seen: UInt64 = 0
        /// The table index tried first for the next name: the one after the last match.
        var guess = 0
    }

    /// An array being read: pass it to ``JSONCursor/nextElement(of:)`` until that returns `false`.
    public struct ArrayScope {
        var started = false
        /// The index of the element that ``JSONCursor/nextElement(of:)`` last announced.
        public private(set) var index = -1
        mutating func advance() { index += 1 }
    }

    var parser: JSONParser
    var names = MemberNames()
    var depth = 0

    /// A cursor at the start of the UTF-8 document in `buffer`, which must outlive the cursor.
    public init(_ buffer: UnsafeRawBufferPointer, maxDepth: Int = 64) {
        // An empty buffer still needs a valid address: every read then reports the end of input.
        let base = buffer.baseAddress?.assumingMemoryBound(to: UInt8.self) ?? ("" as StaticString).utf8Start
        parser = JSONParser(base: base, count: buffer.count, maxDepth: maxDepth, valueCapacity: 0)
    }

    /// Bytes of the document not read yet.
    public var remainingBytes: Int { parser.count - parser.pos }

    /// Byte offset of the next unread byte.
    public var offset: Int { parser.pos }

    /// The kind of the value at the cursor (whitespace before it skipped).
    /// - Throws: when no value starts here; a byte order mark at the very start is rejected as in ``JSONReader``.
    public mutating func kind() throws(JSONParseError) -> Kind {
        parser.skipWhitespace()
        guard parser.pos < parser.count else { throw parser.endOfInput() }
        switch parser.base[parser.pos] {
        case UInt8(ascii: "{"): return .object
        case UInt8(ascii: "["): return .array
        case UInt8(ascii: "\""): return .string
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number
        case UInt8(ascii: "t"), UInt8(ascii: "f"): return .bool
        case UInt8(ascii: "n"): return .null
        case 0xEF where parser.pos == 0: throw JSONParseError(offset: 0, reason: "unexpected byte order mark")
        default: throw parser.unexpected("a JSON value")
        }
    }

    /// Reads a string value.
    public mutating func readString() throws(JSONParseError) -> String {
        guard try kind() == .string else { throw parser.unexpected("a string") }
        return try parser.parseString()
    }

    /// Reads a string value and lends its UTF-8 bytes to `body` without building a `String` (in place when the
    /// string has no escapes, decoded otherwise).
    public mutating func withStringBytes<R>(_ body: (UnsafeBufferPointer<UInt8>) -> R) throws(JSONParseError) -> R {
        guard try kind() == .string else { throw parser.unexpected("a string") }
        let quote = parser.pos
        let escaped = try parser.skipString()
        guard escaped else { return body(UnsafeBufferPointer(start: parser.base + quote + 1, count: parser.pos - quote - 2)) }
        parser.pos = quote
        var decoded = try parser.parseString()
        return decoded.withUTF8(body)
    }

    /// Reads a number value.
    public mutating func readNumber() throws(JSONParseError) -> JSONNumber {
        guard try kind() == .number else { throw parser.unexpected("a number") }
        return try parser.parseNumber()
    }

    /// Reads `true` or `false`.
    public mutating func readBool() throws(JSONParseError) -> Bool {
        guard try kind() == .bool else { throw parser.unexpected("true or false") }
        if parser.base[parser.pos] == UInt8(ascii: "t") {
            try parser.expectLiteral("true")
            return true
        }
        try parser.expectLiteral("false")
        return false
    }

    /// Reads `null`.
    public mutating func readNull() throws(JSONParseError) {
        guard try kind() == .null else { throw parser.unexpected("null") }
        try parser.expectLiteral("null")
    }

    /// Validates and passes over the value at the cursor, containers included, without building it.
    public mutating func skipValue() throws(JSONParseError) {
        switch try kind() {
        case .string: try parser.skipString()
        case .number: _ = try parser.parseNumber()
        case .bool: _ = try readBool()
        case .null: try readNull()
        case .array:
            var scope = try beginArray()
            while try nextElement(of: &scope) { try skipValue() }
        case .object:
            var scope = try beginObject()
            while try nextMember(of: &scope) != nil { try skipValue() }
        }
    }

    /// Consumes the `{` of an object.
    public mutating func beginObject() throws(JSONParseError) -> ObjectScope {
        guard try kind() == .object else { throw parser.unexpected("an object") }
        guard depth < parser.maxDepth else { throw parser.tooDeep() }
        depth += 1
        parser.pos += 1
        return ObjectScope(names: names.open())
    }

    /// The next member's name, with the cursor on its value (which the caller must read or skip), or `nil`
    /// after the closing `}`.
    /// - Throws: on a repeated name, as ``JSONReader`` does.
    public mutating func nextMember(of scope: inout ObjectScope) throws(JSONParseError) -> String? {
        guard try enterMember(of: &scope) else { return nil }
        let start = parser.pos
        let name = try parser.parseString()
        try insertUnlisted(name, at: start, in: &scope)
        try expectColon()
        return name
    }

    /// Moves onto the next member's name: `false` (the object closed) after its `}`.
    mutating func enterMember(of scope: inout ObjectScope) throws(JSONParseError) -> Bool {
        parser.skipWhitespace()
        guard parser.pos < parser.count else { throw parser.endOfInput() }
        if parser.base[parser.pos] == UInt8(ascii: "}") {
            parser.pos += 1
            depth -= 1
            names.close(scope.names)
            return false
        }
        if scope.started {
            guard parser.base[parser.pos] == UInt8(ascii: ",") else { throw parser.unexpected("',' or '}' after an object member") }
            parser.pos += 1
            parser.skipWhitespace()
        }
        scope.started = true
        guard parser.pos < parser.count else { throw parser.endOfInput() }
        guard parser.base[parser.pos] == UInt8(ascii: "\"") else { throw parser.unexpected("a member name (a string)") }
        return true
    }

    /// Records `name`, read from the literal at `start`, among the object's names; throws on a repeat.
    mutating func insertUnlisted(_ name: String, at start: Int, in scope: inout ObjectScope) throws(JSONParseError) {
        let escaped = parser.pos - start - 2 != name.utf8.count
        if !names.insert(name, at: start + 1, escaped: escaped, in: &scope.names, base: parser.base) {
            throw parser.duplicate(name, at: start)
        }
    }

    /// Passes over the `:` after a member name (and the whitespace around it).
    mutating func expectColon() throws(JSONParseError) {
        parser.skipWhitespace()
        guard parser.pos < parser.count else { throw parser.endOfInput() }
        guard parser.base[parser.pos] == UInt8(ascii: ":") else { throw parser.unexpected("':' after member name") }
        parser.pos += 1
    }

    /// Consumes the `[` of an array.
    public mutating func beginArray() throws(JSONParseError) -> ArrayScope {
        guard try kind() == .array else { throw parser.unexpected("an array") }
        guard depth < parser.maxDepth else { throw parser.tooDeep() }
        depth += 1
        parser.pos += 1
        return ArrayScope()
    }

    /// Whether another element follows (the cursor is then on it), or `false` after the closing `]`.
    public mutating func nextElement(of scope: inout ArrayScope) throws(JSONParseError) -> Bool {
        parser.skipWhitespace()
        guard parser.pos < parser.count else { throw parser.endOfInput() }
        if parser.base[parser.pos] == UInt8(ascii: "]") {
            parser.pos += 1
            depth -= 1
            return false
        }
        if scope.started {
            guard parser.base[parser.pos] == UInt8(ascii: ",") else { throw parser.unexpected("',' or ']' after an array element") }
            parser.pos += 1
        }
        scope.started = true
        scope.advance()
        return true
    }

    /// Reads an array, handing its whole-number elements (`7`, `7.0`, `7e0` within `Int64`) to `integers` in
    /// chunks of consecutive elements, `firstIndex` being the index of a chunk's first element, and the index of
    /// every other element (a fraction, a number beyond `Int64`, a string, …: validated and passed over) to
    /// `other`. A call per chunk of up to 512 rather than per element: the loop behind score lists.
    public mutating func readIntegers(
        _ integers: (_ firstIndex: Int, _ values: UnsafeBufferPointer<Int64>) -> Void,
        other: (_ index: Int) -> Void
    ) throws(JSONParseError) {
        guard try kind() == .array else { throw parser.unexpected("an array") }
        guard depth < parser.maxDepth else { throw parser.tooDeep() }
        parser.pos += 1
        let capacity = 512
        let chunk = UnsafeMutablePointer<Int64>.allocate(capacity: capacity)
        defer { chunk.deallocate() }
        var filled = 0
        var index = 0  // elements read so far
        while true {
            parser.skipWhitespace()
            guard parser.pos < parser.count else { throw parser.endOfInput() }
            if parser.base[parser.pos] == UInt8(ascii: "]") {
                parser.pos += 1
                if filled > 0 { integers(index - filled, UnsafeBufferPointer(start: chunk, count: filled)) }
                return
            }
            if index > 0 {
                guard parser.base[parser.pos] == UInt8(ascii: ",") else {
                    throw parser.unexpected("',' or ']' after an array element")
                }
                parser.pos += 1
                parser.skipWhitespace()
                guard parser.pos < parser.count else { throw parser.endOfInput() }
            }
            if filled == capacity {
                integers(index - filled, UnsafeBufferPointer(start: chunk, count: filled))
                filled = 0
            }
            // Runs of one- and two-digit elements written without spaces (`9,10,3,`): the shape of score
            // lists, read without leaving this loop.
            while filled < capacity, parser.pos + 2 < parser.count {
                let first = parser.base[parser.pos] &- UInt8(ascii: "0")
                guard first < 10 else { break }
                let second = parser.base[parser.pos + 1]
                if second == UInt8(ascii: ",") {
                    chunk[filled] = Int64(first)
                    parser.pos += 2
                } else if first != 0, second &- UInt8(ascii: "0") < 10, parser.base[parser.pos + 2] == UInt8(ascii: ",") {
                    chunk[filled] = Int64(first) * 10 + Int64(second &- UInt8(ascii: "0"))
                    parser.pos += 3
                } else {
                    break
                }
                filled += 1
                index += 1
            }
            if filled == capacity {
                integers(index - filled, UnsafeBufferPointer(start: chunk, count: filled))
                filled = 0
            }
            parser.skipWhitespace()
            guard parser.pos < parser.count else { throw parser.endOfInput() }
            let byte = parser.base[parser.pos]
            var value = plainInteger()
            if value == nil, byte &- UInt8(ascii: "0") < 10 || byte == UInt8(ascii: "-") {
                value = try parser.parseNumber().integer
            } else if value == nil {
                depth += 1  // the array is open while its element is skipped
                defer { depth -= 1 }
                try skipValue()
            }
            if let value {
                chunk[filled] = value
                filled += 1
            } else {
                if filled > 0 { integers(index - filled, UnsafeBufferPointer(start: chunk, count: filled)) }
                filled = 0
                other(index)
            }
            index += 1
        }
    }

    /// The common element of a score list read in one tight loop: 1 to 18 digits without sign, fraction or
    /// exponent, and no leading zero, followed by `,`, `]` or whitespace. `nil` (the cursor unmoved) for
    /// anything else, which ``JSONParser/parseNumber()`` then reads with all its rules.
    @inline(__always)
    private mutating func plainInteger() -> Int64? {
        var index = parser.pos
        var value: Int64 = 0
        while index < parser.count, index - parser.pos < 18 {
            let digit = parser.base[index] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            value = value &* 10 &+ Int64(digit)
            index += 1
        }
        let digits = index - parser.pos
        guard digits > 0, index < parser.count, digits == 1 || parser.base[parser.pos] != UInt8(ascii: "0") else { return nil }
        let next = parser.base[index]
        guard next == UInt8(ascii: ",") || next == UInt8(ascii: "]") || next <= 0x20 else { return nil }
        parser.pos = index
        return value
    }

    /// Checks that only whitespace follows the value read.
    public mutating func finish() throws(JSONParseError) {
        parser.skipWhitespace()
        guard parser.pos == parser.count else {
            throw JSONParseError(offset: parser.pos, reason: "trailing characters after the JSON value")
        }
    }
}
