/// Serializes `JSONValue`s to UTF-8 JSON text, appending to one growing byte array.
///
/// Members are written in stored order. Strings escape `"`, `\` and control characters
/// (`\b \f \n \r \t`, otherwise `\u00XX`); everything else is raw UTF-8. A number with an
/// `integer` is written as integer digits (`1000`, `-3`); any other number as the shortest
/// decimal that reads back to the same `Double` (`10.5`, `1e-05`, `1e+30`); `-0.0` as `0`.
/// A non-finite number (only constructible by hand, the reader never yields one) is written as
/// `null`, so the output is always valid JSON. Pretty mode indents by two spaces and writes
/// `"name": value`; neither mode adds a trailing newline.
public struct JSONWriter {
    /// The text written so far.
    public private(set) var bytes: [UInt8]
    /// Whether to write indented, multi-line text.
    public let pretty: Bool

    /// An empty writer; `pretty` selects indented output.
    public init(pretty: Bool = false) {
        self.bytes = []
        // Most documents written on the request path (results, problems, log lines) fit in 1 KiB.
        self.bytes.reserveCapacity(1024)
        self.pretty = pretty
    }

    /// Appends `value` to `bytes`.
    public mutating func write(_ value: JSONValue) {
        write(value, indent: 0)
    }

    private mutating func write(_ value: JSONValue, indent: Int) {
        switch value {
        case .null: append("null")
        case .bool(let flag): append(flag ? "true" : "false")
        case .number(let number): write(number)
        case .string(let string): write(string)
        case .array(let elements):
            guard !elements.isEmpty else { return append("[]") }
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(element, indent: indent + 1)
            }
            newline(indent)
            bytes.append(UInt8(ascii: "]"))
        case .object(let object):
            guard !object.members.isEmpty else { return append("{}") }
            bytes.append(UInt8(ascii: "{"))
            for (index, member) in object.members.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                newline(indent + 1)
                write(member.key)
                bytes.append(UInt8(ascii: ":"))
                if pretty { bytes.append(UInt8(ascii: " ")) }
                write(member.value, indent: indent + 1)
            }
            newline(indent)
            bytes.append(UInt8(ascii: "}"))
        }
    }

    /// In pretty mode, a line break and `level` two-space indents.
    @inline(__always)
    /// Appends `text` verbatim, for callers that stream an object piece by piece (a log line) and keep the
    /// output valid JSON themselves.
    public mutating func writeRaw(_ text: StaticString) {
        append(text)
    }

    private mutating func newline(_ level: Int) {
        guard pretty else { return }
        bytes.append(UInt8(ascii: "\n"))
        bytes.append(contentsOf: repeatElement(UInt8(ascii: " "), count: 2 * level))
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    private mutating func write(_ number: JSONNumber) {
        if let integer = number.integer {
            write(integer)
        } else if !number.double.isFinite {
            append("null")
        } else if number.double == 0 {
            bytes.append(UInt8(ascii: "0"))
        } else {
            bytes.append(contentsOf: number.double.description.utf8)
        }
    }

    /// Decimal digits of `integer`, built backwards in a small stack buffer.
    private mutating func write(_ integer: Int64) {
        var magnitude = integer.magnitude
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 20) { digits in
            var index = 20
            repeat {
                index -= 1
                digits[index] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
            } while magnitude > 0
            if integer < 0 { bytes.append(UInt8(ascii: "-")) }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: digits[index..<20]))
        }
    }

    private mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { utf8 in
            bytes.append(UInt8(ascii: "\""))
            // RFC 8259 §7: only the quotation mark, the reverse solidus and control characters must be escaped.
            guard let first = utf8.firstIndex(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
                bytes.append(contentsOf: utf8)
                bytes.append(UInt8(ascii: "\""))
                return
            }
            var runStart = 0
            for index in first..<utf8.count {
                let byte = utf8[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
                runStart = index + 1
                bytes.append(UInt8(ascii: "\\"))
                switch byte {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
                case 0x08: bytes.append(UInt8(ascii: "b"))
                case 0x0C: bytes.append(UInt8(ascii: "f"))
                case 0x0A: bytes.append(UInt8(ascii: "n"))
                case 0x0D: bytes.append(UInt8(ascii: "r"))
                case 0x09: bytes.append(UInt8(ascii: "t"))
                default:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
                }
            }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
            bytes.append(UInt8(ascii: "\""))
        }
    }
}

extension JSONValue {
    /// This value as UTF-8 JSON text (compact, or two-space indented when `pretty`).
    public func serialized(pretty: Bool = false) -> [UInt8] {
        var writer = JSONWriter(pretty: pretty)
        writer.write(self)
        return writer.bytes
    }
}
