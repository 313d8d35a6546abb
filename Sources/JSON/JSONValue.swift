/// A parsed JSON value (RFC 8259).
///
/// Objects keep their members in document order; numbers keep enough of their literal to tell an
/// integer (`10`, `10.0`, `1e1`) from a fraction (`10.5`). The reader never produces NaN or Infinity.
public enum JSONValue: Sendable, Equatable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array(JSONArray)
    case object(JSONObject)
}

/// A finite JSON number.
public struct JSONNumber: Sendable, Equatable, Hashable {
    /// The value as the nearest `Double` (always finite).
    public var double: Double
    /// The exact integer value when the number has no fractional part and fits in `Int64`
    /// (`10`, `10.0`, `1e2`, `-3`), otherwise `nil` (`10.5`, `1e30`).
    public var integer: Int64?

    /// A number from a `Double`; `integer` is derived when the value is whole and fits exactly.
    public init(_ double: Double) {
        self.double = double
        if double.rounded(.towardZero) == double, abs(double) <= 9_007_199_254_740_992 {
            self.integer = Int64(double)
        } else {
            self.integer = nil
        }
    }

    /// An integer number.
    public init(_ integer: Int64) {
        self.double = Double(integer)
        self.integer = integer
    }

    /// A number with both representations given (used by the reader for exact integers).
    public init(double: Double, integer: Int64?) {
        self.double = double
        self.integer = integer
    }
}

/// A JSON object: members in document order. Member names are unique (the reader rejects repeats).
public struct JSONObject: Sendable, Equatable {
    /// One `name: value` pair.
    public struct Member: Sendable, Equatable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) {
            self.key = key
            self.value = value
        }
    }

    /// The members in document order.
    public var members: [Member]

    public init(_ members: [Member] = []) {
        self.members = members
    }

    /// The value of the member named `key`, or `nil`.
    public subscript(key: String) -> JSONValue? {
        get {
            for member in members where member.key == key { return member.value }
            return nil
        }
        set {
            if let index = members.firstIndex(where: { $0.key == key }) {
                if let newValue { members[index].value = newValue } else { members.remove(at: index) }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
            }
        }
    }

    /// The member names in document order.
    public var keys: [String] { members.map(\.key) }

    /// Number of members.
    public var count: Int { members.count }
}

extension JSONObject: ExpressibleByDictionaryLiteral {
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self.members = elements.map { Member(key: $0.0, value: $0.1) }
    }
}

extension JSONValue: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral, ExpressibleByFloatLiteral,
    ExpressibleByBooleanLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral, ExpressibleByNilLiteral
{
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int64) { self = .number(JSONNumber(value)) }
    public init(floatLiteral value: Double) { self = .number(JSONNumber(value)) }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(JSONArray(elements)) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
    public init(nilLiteral: ()) { self = .null }
}

extension JSONValue {
    /// A number value from a `Double` (must be finite).
    public static func double(_ value: Double) -> JSONValue { .number(JSONNumber(value)) }
    /// A number value from an integer.
    public static func int(_ value: Int) -> JSONValue { .number(JSONNumber(Int64(value))) }

    /// The object, if this is one.
    public var objectValue: JSONObject? { if case .object(let o) = self { return o } else { return nil } }
    /// The array, if this is one.
    public var arrayValue: JSONArray? { if case .array(let a) = self { return a } else { return nil } }
    /// The string, if this is one.
    public var stringValue: String? { if case .string(let s) = self { return s } else { return nil } }
    /// The number, if this is one.
    public var numberValue: JSONNumber? { if case .number(let n) = self { return n } else { return nil } }
    /// The member named `key` when this is an object.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }
}
