/// The iterative state machine behind `JSONReader`: one pass over the bytes, no recursion.
///
/// Children of open containers wait on two stacks (`values`, and `names` for object members);
/// closing a container moves its children into one exactly sized array. `frames` remembers the
/// enclosing containers.
struct JSONParser: ~Copyable {
    /// The saved state of an enclosing container while a nested one is read.
    struct Frame {
        var isObject: Bool
        var valueStart: Int
        var nameStart: Int
        var seen: Set<String>?
    }

    /// Objects up to this many members are checked for repeated names by a linear scan.
    static let linearLookupLimit = 16

    let base: UnsafePointer<UInt8>
    let count: Int
    let maxDepth: Int
    var pos = 0
    var values: JSONStack<JSONValue>
    var names: JSONStack<String>
    /// Reused buffer for strings holding escapes.
    var scratch: [UInt8] = []
    /// Recently read short strings by their bytes, so repeated names and values (`"id"`, `"alice"`)
    /// are built once and share storage. Empty until a document has shown it repeats strings
    /// (``cachesStrings()``).
    var recentStrings: [RecentString] = []
    /// Short strings read before the cache was built.
    var uncachedStrings = 0

    /// A parser over `count` bytes at `base`; `valueCapacity` sizes the value stack up front (by default
    /// from the document's size; a ``JSONCursor`` builds no tree and needs none).
    init(base: UnsafePointer<UInt8>, count: Int, maxDepth: Int, valueCapacity: Int? = nil) {
        self.base = base
        self.count = count
        self.maxDepth = maxDepth
        values = JSONStack(capacity: valueCapacity ?? min(count / 8, 1 << 16))
        names = JSONStack(capacity: valueCapacity == 0 ? 0 : 16)
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
        var frames: [Frame] = []
        var depth = 0
        var isObject = false
        var valueStart = 0
        var nameStart = 0
        var seen: Set<String>? = nil
        readValue: while true {
            guard pos < count else { throw endOfInput() }
            switch base[pos] {
            case UInt8(ascii: "\""):
                values.push(.string(try parseString()))
            case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"):
                values.push(.number(try parseNumber()))
                if depth > 0, !isObject { try parseNumberRun() }
            case let byte where byte == UInt8(ascii: "{") || byte == UInt8(ascii: "["):
                guard depth < maxDepth else { throw tooDeep() }
                let opensObject = byte == UInt8(ascii: "{")
                pos += 1
                skipWhitespace()
                if pos < count, base[pos] == byte + 2 {
                    pos += 1
                    values.push(opensObject ? .object(JSONObject()) : .array(JSONArray()))
                } else {
                    if depth > 0 {
                        frames.append(Frame(isObject: isObject, valueStart: valueStart, nameStart: nameStart, seen: seen))
                    }
                    depth += 1
                    isObject = opensObject
                    valueStart = values.count
                    nameStart = names.count
                    seen = nil
                    if isObject { try parseMemberName(from: nameStart, seen: &seen) }
                    continue readValue
                }
            case UInt8(ascii: "t"):
                try expectLiteral("true")
                values.push(.bool(true))
            case UInt8(ascii: "f"):
                try expectLiteral("false")
                values.push(.bool(false))
            case UInt8(ascii: "n"):
                try expectLiteral("null")
                values.push(.null)
            default:
                throw unexpected("a JSON value")
            }
            // A value is complete: continue its container, closing those that end here.
            while depth > 0 {
                skipWhitespace()
                guard pos < count else { throw endOfInput() }
                let byte = base[pos]
                if byte == UInt8(ascii: ",") {
                    pos += 1
                    skipWhitespace()
                    if isObject { try parseMemberName(from: nameStart, seen: &seen) }
                    continue readValue
                }
                if isObject {
                    guard byte == UInt8(ascii: "}") else { throw unexpected("',' or '}' after an object member") }
                    let members = names.popMembers(from: nameStart, values: &values, from: valueStart)
                    values.push(.object(JSONObject(members)))
                } else {
                    guard byte == UInt8(ascii: "]") else { throw unexpected("',' or ']' after an array element") }
                    values.push(.array(JSONArray(values.popArray(from: valueStart))))
                }
                pos += 1
                depth -= 1
                if depth > 0 {
                    let frame = frames.removeLast()
                    isObject = frame.isObject
                    valueStart = frame.valueStart
                    nameStart = frame.nameStart
                    seen = frame.seen
                }
            }
            return values.pop()
        }
    }

    /// Reads `"name"`, whitespace, `:` and the whitespace after it, and pushes the name, rejecting a
    /// name already used by the object whose names start at `nameStart`.
    @inline(__always)
    mutating func parseMemberName(from nameStart: Int, seen: inout Set<String>?) throws(JSONParseError) {
        guard pos < count else { throw endOfInput() }
        guard base[pos] == UInt8(ascii: "\"") else { throw unexpected("a member name (a string)") }
        let start = pos
        let name = try parseString()
        if seen != nil {
            guard seen!.insert(name).inserted else { throw duplicate(name, at: start) }
        } else {
            let length = name.utf8.count
            var index = nameStart
            while index < names.count {
                let other = names[index]
                if other.utf8.count == length, other == name { throw duplicate(name, at: start) }
                index += 1
            }
            if names.count - nameStart >= Self.linearLookupLimit { seen = makeSeen(from: nameStart, adding: name) }
        }
        names.push(name)
        skipWhitespace()
        guard pos < count else { throw endOfInput() }
        guard base[pos] == UInt8(ascii: ":") else { throw unexpected("':' after member name") }
        pos += 1
        skipWhitespace()
    }

    /// The set of the names from `nameStart` up, plus `name`, for objects past the linear limit.
    @inline(never)
    func makeSeen(from nameStart: Int, adding name: String) -> Set<String> {
        var seen = Set<String>(minimumCapacity: 4 * Self.linearLookupLimit)
        for index in nameStart..<names.count { seen.insert(names[index]) }
        seen.insert(name)
        return seen
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
