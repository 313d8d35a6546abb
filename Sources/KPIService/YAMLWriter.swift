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
            var first = true
            for member in object.members {
                if !(first && inline) { out += pad }
                first = false
                out += key(member.key) + ":"
                writeNested(member.value, indent: indent, into: &out)
            }
        case .array(let items) where !items.isEmpty:
            var first = true
            for item in items {
                if !(first && inline) { out += pad }
                first = false
                out += "-"
                switch item {
                case .object(let object) where !object.members.isEmpty:
                    out += " "
                    write(item, indent: indent + 2, into: &out, inline: true)
                case .array(let inner) where !inner.isEmpty:
                    out += "\n"
                    write(item, indent: indent + 2, into: &out, inline: false)
                default:
                    out += " " + scalar(item) + "\n"
                }
            }
        default:
            out += scalar(value) + "\n"
        }
    }

    private static func writeNested(_ value: JSONValue, indent: Int, into out: inout String) {
        switch value {
        case .object(let object) where !object.members.isEmpty:
            out += "\n"
            write(value, indent: indent + 2, into: &out, inline: false)
        case .array(let items) where !items.isEmpty:
            out += "\n"
            write(value, indent: indent + 2, into: &out, inline: false)
        default:
            out += " " + scalar(value) + "\n"
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
