/// The iterative state machine behind `JSONReader`: one pass over the bytes, an explicit stack of
/// open containers, no recursion.
struct JSONParser {
    /// One open array or object.
    struct Frame {
        var isObject: Bool
        var elements: [JSONValue] = []
        var members: [JSONObject.Member] = []
        /// The name of the member whose value is being read (objects only).
        var key: String = ""
        /// Every member name so far, built once an object grows past `linearLookupLimit` members.
        var seen: Set<String>? = nil

        init(isObject: Bool) { self.isObject = isObject }
    }

    /// Objects up to this many members are checked for repeated names by a linear scan.
    static let linearLookupLimit = 16

    let base: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var pos = 0
    /// Reused buffer for strings holding escapes.
    var scratch: [UInt8] = []

    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
    }

    /// Reads the whole document: one value and nothing but whitespace after it.
    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        skipWhitespace()
        if pos + 2 < count, base[pos] == 0xEF, base[pos + 1] == 0xBB, base[pos + 2] == 0xBF {
            throw JSONParseError(offset: pos, reason: "unexpected byte order mark")
        }
        let value = try parseValue()
        skipWhitespace()
        guard pos == count else { throw JSONParseError(offset: pos, reason: "trailing characters after the JSON value") }
        return value
    }

    /// Reads one value starting at `pos` (whitespace already skipped), containers included.
    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        var parents: [Frame] = []
        var current = Frame(isObject: false)
        var depth = 0
        readValue: while true {
            guard pos < count else { throw endOfInput() }
            var value: JSONValue
            switch base[pos] {
            case UInt8(ascii: "\""):
                value = .string(try parseString())
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                value = .number(try parseNumber())
            case UInt8(ascii: "{"):
                guard depth < maxDepth else { throw tooDeep() }
                pos += 1
                skipWhitespace()
                if pos < count, base[pos] == UInt8(ascii: "}") {
                    pos += 1
                    value = .object(JSONObject())
                } else {
                    if depth > 0 { parents.append(current) }
                    current = Frame(isObject: true)
                    depth += 1
                    let name = try parseMemberName(in: &current)
                    current.key = name
                    continue readValue
                }
            case UInt8(ascii: "["):
                guard depth < maxDepth else { throw tooDeep() }
                pos += 1
                skipWhitespace()
                if pos < count, base[pos] == UInt8(ascii: "]") {
                    pos += 1
                    value = .array([])
                } else {
                    if depth > 0 { parents.append(current) }
                    current = Frame(isObject: false)
                    depth += 1
                    continue readValue
                }
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                value = .bool(true)
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                value = .bool(false)
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                value = .null
            default:
                throw unexpected("a JSON value")
            }
            // A complete value: hand it to the enclosing containers, closing those that end here.
            while depth > 0 {
                skipWhitespace()
                guard pos < count else { throw endOfInput() }
                let byte = base[pos]
                if current.isObject {
                    current.members.append(JSONObject.Member(key: current.key, value: value))
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        let name = try parseMemberName(in: &current)
                        current.key = name
                        continue readValue
                    }
                    guard byte == UInt8(ascii: "}") else { throw unexpected("',' or '}' after an object member") }
                    pos += 1
                    value = .object(JSONObject(current.members))
                } else {
                    current.elements.append(value)
                    if byte == UInt8(ascii: ",") {
                        pos += 1
                        skipWhitespace()
                        continue readValue
                    }
                    guard byte == UInt8(ascii: "]") else { throw unexpected("',' or ']' after an array element") }
                    pos += 1
                    value = .array(current.elements)
                }
                depth -= 1
                if depth > 0 { current = parents.removeLast() }
            }
            return value
        }
    }

    /// Reads `"name"`, whitespace and `:` (plus the whitespace after it), rejecting a name already
    /// used in `frame`.
    @inline(__always)
    mutating func parseMemberName(in frame: inout Frame) throws(JSONParseError) -> String {
        guard pos < count else { throw endOfInput() }
        guard base[pos] == UInt8(ascii: "\"") else { throw unexpected("a member name (a string)") }
        let start = pos
        let name = try parseString()
        try checkUnique(name, at: start, in: &frame)
        skipWhitespace()
        guard pos < count else { throw endOfInput() }
        guard base[pos] == UInt8(ascii: ":") else { throw unexpected("':' after member name") }
        pos += 1
        skipWhitespace()
        return name
    }

    /// Throws when `name` is already a member of `frame`: a linear scan for small objects, a set
    /// for big ones.
    @inline(__always)
    func checkUnique(_ name: String, at offset: Int, in frame: inout Frame) throws(JSONParseError) {
        if frame.seen != nil {
            guard frame.seen!.insert(name).inserted else { throw duplicate(name, at: offset) }
            return
        }
        for member in frame.members where member.key == name { throw duplicate(name, at: offset) }
        if frame.members.count >= Self.linearLookupLimit {
            var seen = Set<String>(minimumCapacity: frame.members.count * 2)
            for member in frame.members { seen.insert(member.key) }
            seen.insert(name)
            frame.seen = seen
        }
    }

    /// Skips JSON whitespace (space, tab, line feed, carriage return).
    @inline(__always)
    mutating func skipWhitespace() {
        while pos < count {
            let byte = base[pos]
            guard byte <= 0x20,
                byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
            else { return }
            pos += 1
        }
    }

    /// Consumes `literal` (`true`, `false`, `null`) at `pos`.
    @inline(__always)
    mutating func expectLiteral(_ literal: StaticString) throws(JSONParseError) {
        let length = literal.utf8CodeUnitCount
        let expected = literal.utf8Start
        for index in 0..<length where pos + index >= count || base[pos + index] != expected[index] {
            throw JSONParseError(offset: pos, reason: "invalid literal, expected '\(literal)'")
        }
        pos += length
    }
}
