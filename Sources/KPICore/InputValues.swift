import JSON

/// A record identifier as found in a body: a string or an integer.
enum RecordID: Hashable {
    case string(String)
    case integer(Int64)

    /// The id as it appears in JSON (`"d1"` or `7`).
    var quoted: String {
        switch self {
        case .string(let s): "\"\(s)\""
        case .integer(let i): String(i)
        }
    }
}

/// One field's value once read and checked against its ``InputSpec``.
enum InputValue {
    /// Not in the body (or `null` for a field whose `null` means nothing).
    case absent
    /// `null` for a ``InputSpec/Presence/nullable`` field.
    case null
    /// Present but wrong; an issue was recorded.
    case invalid
    case count(Int64)
    case number(Double)
    case string(String)
    case date(Double)
    case identifier(RecordID)
    case array(JSONArray)
    case strings([String])
    case fields(InputValues)
}

/// The values of one object's fields, in the order of its specs.
struct InputValues {
    /// The specs the values were read against.
    let specs: [InputSpec]
    /// One value per spec.
    var slots: [InputValue]

    init(specs: [InputSpec]) {
        self.specs = specs
        self.slots = Array(repeating: .absent, count: specs.count)
    }

    /// The index of the spec named `name` (a programming error if there is none).
    func index(_ name: String) -> Int {
        let found = specs.withUnsafeBufferPointer { specs in
            for i in specs.indices where specs[i].name == name { return i }
            return -1
        }
        guard found >= 0 else { preconditionFailure("no input named \(name)") }
        return found
    }

    /// The value of the field named `name`.
    subscript(name: String) -> InputValue { slots[index(name)] }

    /// Whether the field is in the body (valid or not, `null` aside).
    func has(_ name: String) -> Bool {
        if case .absent = self[name] { return false }
        return true
    }

    /// The field as a count, when present and valid.
    func count(_ name: String) -> Int64? { if case .count(let v) = self[name] { v } else { nil } }
    /// The field as a number (counts included), when present and valid.
    func number(_ name: String) -> Double? {
        switch self[name] {
        case .number(let v): v
        case .count(let v): Double(v)
        default: nil
        }
    }
    /// The field as a string (or choice), when present and valid.
    func string(_ name: String) -> String? { if case .string(let v) = self[name] { v } else { nil } }
    /// The field as an array of JSON values, when present and valid.
    func array(_ name: String) -> JSONArray? { if case .array(let v) = self[name] { v } else { nil } }
    /// The field as an array of strings, when present and valid.
    func strings(_ name: String) -> [String]? { if case .strings(let v) = self[name] { v } else { nil } }
    /// The nested object's values, when present and valid.
    func fields(_ name: String) -> InputValues? { if case .fields(let v) = self[name] { v } else { nil } }

}

extension InputValues {
    /// The record id in slot `index`, when present and valid.
    func recordID(_ index: Int) -> RecordID? {
        if case .identifier(let id) = slots[index] { id } else { nil }
    }
}
