import JSON

/// Writes a JSON value as block-style YAML 1.2 (used for `openapi.yaml`).
///
/// Strings are always double-quoted with JSON escapes (valid YAML double-quoted scalars), so no value can be
/// misread as a number, boolean or null; keys are quoted unless they are plain identifiers or paths.
enum YAMLWriter {
    /// The YAML document for `value`, ending in a newline.
    static func document(_ value: JSONValue) -> String {
        var out = ""
        write(value, indent: 0, into: &out, inline: false)
        if !out.hasSuffix("\n") { out += "\n" }
        return out
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout String, inline: Bool) {
        let pad = String(repeating: " ", count: indent)
        switch value {
        case .object(let object) where !object.members.isEmpty:
            for (index, member) in object.members.enumerated() {
                if !(index == 0 && inline) { out += pad }
                out += key(member.key) + ":"
                writeChild(member.value, indent: indent, into: &out, afterDash: false)
            }
        case .array(let items) where !items.isEmpty:
            for (index, item) in items.enumerated() {
                if !(index == 0 && inline) { out += pad }
                out += "-"
                writeChild(item, indent: indent, into: &out, afterDash: true)
            }
        default:
            out += scalar(value) + "\n"
        }
    }

    /// What follows `key:` or `-`: a scalar on the same line, a collection on the lines below, except that a
    /// mapping inside a sequence starts on the dash's line (`- a: 1`).
    private static func writeChild(_ value: JSONValue, indent: Int, into out: inout String, afterDash: Bool) {
        let isCollection: Bool
        switch value {
        case .object(let object): isCollection = !object.members.isEmpty
        case .array(let items): isCollection = !items.isEmpty
        default: isCollection = false
        }
        if !isCollection {
            out += " " + scalar(value) + "\n"
        } else if afterDash, case .object = value {
            out += " "
            write(value, indent: indent + 2, into: &out, inline: true)
        } else {
            out += "\n"
            write(value, indent: indent + 2, into: &out, inline: false)
        }
    }

    private static func scalar(_ value: JSONValue) -> String {
        switch value {
        case .object: return "{}"
        case .array: return "[]"
        default: return String(decoding: value.serialized(), as: UTF8.self)
        }
    }

    /// A mapping key: plain when it is safe (`type`, `/cac`, `application/json`), quoted otherwise (`"200"`).
    private static func key(_ key: String) -> String {
        let safe = key.utf8.allSatisfy { byte in
            (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "/")
                || byte == UInt8(ascii: ".")
                || byte == UInt8(ascii: "+")
        }
        let startsWithLetterOrSlash = key.utf8.first.map { (0x61...0x7A).contains($0) || (0x41...0x5A).contains($0) || $0 == UInt8(ascii: "/") } ?? false
        if safe && startsWithLetterOrSlash && !["true", "false", "null", "yes", "no", "on", "off", "y", "n"].contains(key.lowercased()) {
            return key
        }
        return String(decoding: JSONValue.string(key).serialized(), as: UTF8.self)
    }
}
