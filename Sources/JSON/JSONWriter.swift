/// Writes compact UTF-8 JSON text into one growing byte array, either a whole `JSONValue` or piece by
/// piece (``beginObject()``, ``key(_:)``, a value, …, ``endObject()``) without building a tree first.
///
/// Separators are implied: a key or a value gets a leading `,` unless the writer is empty or its last byte
/// is `{`, `[`, `:` or `,` (every compact value ends in `"`, `}`, `]`, a digit or a letter, so that byte
/// alone tells whether something came before in the same container).
///
/// Strings escape `"`, `\` and control characters (`\b \f \n \r \t`, otherwise `\u00XX`); everything else
/// is raw UTF-8. A number with an `integer` is written as integer digits (`1000`, `-3`); any other number
/// as the shortest decimal that reads back to the same `Double` (`10.5`, `1e-05`, `1e+30`); `-0.0` as
/// `0`. A non-finite number (only constructible by hand, the reader never yields one) is written as
/// `null`, so the output is always valid JSON. No whitespace and no trailing newline are written.
public struct JSONWriter {
    /// The text written so far.
    public private(set) var bytes: [UInt8]

    /// An empty writer.
    public init() {
        self.bytes = []
        // Most documents written on the request path (results, problems, log lines) fit in 1 KiB.
        self.bytes.reserveCapacity(1024)
    }

    // MARK: Containers and keys

    /// Writes `{`.
    public mutating func beginObject() {
        separate()
        bytes.append(UInt8(ascii: "{"))
    }

    /// Writes `}`.
    public mutating func endObject() {
        bytes.append(UInt8(ascii: "}"))
    }

    /// Writes `[`.
    public mutating func beginArray() {
        separate()
        bytes.append(UInt8(ascii: "["))
    }

    /// Writes `]`.
    public mutating func endArray() {
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes a member name and its `:`; the member's value comes next.
    public mutating func key(_ name: String) {
        write(name)
        bytes.append(UInt8(ascii: ":"))
    }

    /// Writes a member name known to need no escaping (a literal) and its `:`.
    public mutating func key(_ name: StaticString) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        append(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    /// Appends `text` verbatim, for callers that stream a document piece by piece (a log line) and keep the
    /// output valid JSON themselves.
    public mutating func writeRaw(_ text: StaticString) {
        append(text)
    }

    // MARK: Values

    /// Writes `value`.
    public mutating func write(_ value: JSONValue) {
        switch value {
        case .null: writeNull()
        case .bool(let flag): write(flag)
        case .number(let number): write(number)
        case .string(let string): write(string)
        case .array(let elements):
            beginArray()
            for element in elements {
                write(element)
            }
            endArray()
        case .object(let object):
            beginObject()
            for member in object.members {
                key(member.key)
                write(member.value)
            }
            endObject()
        }
    }

    /// Writes `null`.
    public mutating func writeNull() {
        separate()
        append("null")
    }

    /// Writes `true` or `false`.
    public mutating func write(_ flag: Bool) {
        separate()
        append(flag ? "true" : "false")
    }

    /// Writes a number: integer digits when it has an exact `integer`, else the shortest round-trip decimal.
    public mutating func write(_ number: JSONNumber) {
        if let integer = number.integer {
            write(integer)
        } else {
            write(number.double)
        }
    }

    /// Writes a `Double`: integer digits when it is whole and exact (below 2^53), else the shortest
    /// round-trip decimal; `null` when it is not finite.
    public mutating func write(_ double: Double) {
        if double.rounded(.towardZero) == double, abs(double) <= 9_007_199_254_740_992 {
            write(Int64(double))  // also writes -0.0 as 0
        } else if !double.isFinite {
            writeNull()
        } else {
            separate()
            bytes.append(contentsOf: double.description.utf8)
        }
    }

    /// Writes an integer.
    public mutating func write(_ integer: Int) {
        write(Int64(integer))
    }

    /// Decimal digits of `integer`, built backwards in a small stack buffer.
    public mutating func write(_ integer: Int64) {
        separate()
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

    /// Writes a string, escaped.
    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { write(utf8: $0) }
    }

    /// Writes a string given as UTF-8 bytes, escaped.
    public mutating func write(utf8: UnsafeBufferPointer<UInt8>) {
        separate()
        bytes.append(UInt8(ascii: "\""))
        var runStart = 0
        for index in 0..<utf8.count {
            let byte = utf8[index]
            // RFC 8259 §7: only the quotation mark, the reverse solidus and control characters must be escaped.
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            runStart = index + 1
            escape(byte)
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
        bytes.append(UInt8(ascii: "\""))
    }

    // MARK: Internals

    /// The implied `,` between members or elements.
    @inline(__always)
    private mutating func separate() {
        guard let last = bytes.last else { return }
        switch last {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ":"), UInt8(ascii: ","): return
        default: bytes.append(UInt8(ascii: ","))
        }
    }

    private mutating func escape(_ byte: UInt8) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            bytes.append(contentsOf: [UInt8(ascii: "u"), 0x30, 0x30, hex.utf8Start[Int(byte >> 4)], hex.utf8Start[Int(byte & 0xF)]])
        }
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        bytes.append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }
}

extension JSONValue {
    /// This value as compact UTF-8 JSON text.
    public func serialized() -> [UInt8] {
        var writer = JSONWriter()
        writer.write(self)
        return writer.bytes
    }
}
