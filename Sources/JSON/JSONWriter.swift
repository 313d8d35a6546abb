import Digits

/// Writes compact UTF-8 JSON text into one growing byte array, either a whole `JSONValue` or piece by
/// piece (``beginObject()``, ``key(_:)``, a value, …, ``endObject()``) without building a tree first.
///
/// Separators are implied: a key or a value gets a leading `,` unless the writer is empty or its last byte
/// is `{`, `[`, `:` or `,` (every compact value ends in `"`, `}`, `]`, a digit or a letter, so that byte
/// alone tells whether something came before in the same container), or a raw newline: one writer can hold
/// several documents as JSON Lines (a log buffer).
///
/// Strings escape `"`, `\` and control characters (`\b \f \n \r \t`, otherwise `\u00XX`); everything else
/// is raw UTF-8. A number with an `integer` is written as integer digits (`1000`, `-3`); any other number
/// as the shortest decimal that reads back to the same `Double` (`10.5`, `1e-05`, `1e+30`); `-0.0` as
/// `0`. A non-finite number (only constructible by hand, the reader never yields one) is written as
/// `null`, so the output is always valid JSON. No whitespace and no trailing newline are written.
///
/// The text grows in a buffer of the writer's own (not an `Array`, whose every `append` checks uniqueness):
/// this runs for every response and log line. Noncopyable, so that buffer has exactly one owner; that also
/// makes it safe to hand a writer to another thread (a log buffer behind a lock).
public struct JSONWriter: ~Copyable, @unchecked Sendable {
    private var storage: UnsafeMutablePointer<UInt8>
    private var count = 0
    private var capacity: Int

    /// An empty writer; most documents written on the request path (results, problems, log lines) fit in 1 KiB.
    public init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        self.storage = .allocate(capacity: self.capacity)
    }

    deinit { storage.deallocate() }

    /// The text written so far (a copy).
    public var bytes: [UInt8] { withBytes { Array($0) } }

    /// The number of bytes written so far.
    public var byteCount: Int { count }

    /// Calls `body` with the text written so far, without copying it.
    public func withBytes<Result>(_ body: (UnsafeBufferPointer<UInt8>) throws -> Result) rethrows -> Result {
        try body(UnsafeBufferPointer(start: storage, count: count))
    }

    // MARK: Containers and keys

    /// Writes `{`.
    public mutating func beginObject() {
        separate()
        append(UInt8(ascii: "{"))
    }

    /// Writes `}`.
    public mutating func endObject() {
        append(UInt8(ascii: "}"))
    }

    /// Writes `[`.
    public mutating func beginArray() {
        separate()
        append(UInt8(ascii: "["))
    }

    /// Writes `]`.
    public mutating func endArray() {
        append(UInt8(ascii: "]"))
    }

    /// Writes a member name and its `:`; the member's value comes next.
    @_disfavoredOverload
    public mutating func key(_ name: String) {
        write(name)
        append(UInt8(ascii: ":"))
    }

    /// Writes a literal member name, which must need no escaping (no `"`, `\` or control characters),
    /// and its `:`, without scanning it.
    public mutating func key(_ name: StaticString) {
        // One capacity check for `,"name":` and plain stores: the three appends this was cost about 30 of its
        // 90 instructions, and every response and log line writes keys.
        let length = name.utf8CodeUnitCount
        reserve(length + 4)
        separate()
        storage[count] = UInt8(ascii: "\"")
        (storage + count + 1).update(from: name.utf8Start, count: length)
        storage[count + 1 + length] = UInt8(ascii: "\"")
        storage[count + 2 + length] = UInt8(ascii: ":")
        count += length + 3
    }

    /// Writes a member with a literal name (no escaping, as for a literal ``key(_:)``) and a string value.
    public mutating func member(_ name: StaticString, _ value: String) {
        key(name)
        write(value)
    }

    /// Writes a member with a literal name and a number.
    public mutating func member(_ name: StaticString, _ value: Double) {
        key(name)
        write(value)
    }

    /// Writes a member with a literal name and an integer.
    public mutating func member(_ name: StaticString, _ value: Int) {
        key(name)
        write(value)
    }

    /// Writes a member with a literal name and a Boolean.
    public mutating func member(_ name: StaticString, _ value: Bool) {
        key(name)
        write(value)
    }

    /// Writes `members`, literal JSON members the program spells out (`"level":"info","message":"request"`),
    /// after the implied `,` and as they are: like a literal ``key(_:)``, they must be valid as written. A
    /// fixed run of members costs one copy instead of a key and a value each.
    public mutating func members(_ members: StaticString) {
        reserve(members.utf8CodeUnitCount + 1)
        separate()
        append(members)
    }

    /// Writes a member with a literal name and an array of strings.
    public mutating func member(_ name: StaticString, _ strings: [String]) {
        key(name)
        beginArray()
        for string in strings { write(string) }
        endArray()
    }

    /// Writes a member with a literal name whose value is `null` when `value` is `nil`, else what `body` writes.
    public mutating func member<Value>(
        _ name: StaticString, _ value: Value?, _ body: (inout JSONWriter, Value) -> Void
    ) {
        key(name)
        if let value { body(&self, value) } else { writeNull() }
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
            var text = double.description
            text.withUTF8 { append(contentsOf: $0) }
        }
    }

    /// Writes an integer.
    public mutating func write(_ integer: Int) {
        write(Int64(integer))
    }

    /// Writes an integer.
    public mutating func write(_ integer: Int64) {
        writeDigits(of: integer.magnitude, negative: integer < 0)
    }

    /// Writes `units / 10^decimalPlaces` (`decimalPlaces` in 0...18) as an exact decimal: `31500` with 6 places
    /// is `0.0315`, `2000000` is `2`; trailing zeros of the fraction and a bare point are left out. A fixed-point
    /// quantity (a duration counted in nanoseconds, written in milliseconds) costs integer digits only, not the
    /// shortest-decimal search a `Double` needs; the text reads back as the `Double` of the same quotient.
    public mutating func write(_ units: Int, decimalPlaces: Int) {
        precondition((0...18).contains(decimalPlaces), "decimalPlaces must be in 0...18")
        var scale: UInt64 = 1
        for _ in 0..<decimalPlaces { scale &*= 10 }
        let magnitude = UInt64(units.magnitude)
        writeDigits(of: magnitude / scale, negative: units < 0)
        var fraction = magnitude % scale
        guard fraction > 0 else { return }
        var places = decimalPlaces
        while fraction % 10 == 0 {
            fraction /= 10
            places -= 1
        }
        reserve(places + 1)
        append(UInt8(ascii: "."))
        count += DecimalDigits.write(fraction, minimumDigits: places, to: storage + count)
    }

    /// The separator, a `-` when `negative`, then the decimal digits of `magnitude`.
    private mutating func writeDigits(of magnitude: UInt64, negative: Bool) {
        reserve(22)  // `,-` and up to 20 digits, written in place
        separate()
        if negative { append(UInt8(ascii: "-")) }
        count += DecimalDigits.write(magnitude, to: storage + count)
    }

    /// Writes a string, escaped.
    public mutating func write(_ string: String) {
        var string = string
        string.withUTF8 { write(utf8: $0) }
    }

    /// Writes a string given as UTF-8 bytes, escaped.
    public mutating func write(utf8: UnsafeBufferPointer<UInt8>) {
        reserve(utf8.count + 3)  // `,"…"` when nothing needs escaping
        separate()
        append(UInt8(ascii: "\""))
        appendEscaped(utf8)
        append(UInt8(ascii: "\""))
    }

    /// Writes one string value from `parts`, each escaped, as the string they join to: a value made of
    /// pieces (a KPI's symbol, ` = ` and its last formula) is written without building the joined `String`.
    public mutating func write(joining parts: String...) {
        separate()
        append(UInt8(ascii: "\""))
        for var part in parts {
            part.withUTF8 { appendEscaped($0) }
        }
        append(UInt8(ascii: "\""))
    }

    // MARK: Lines

    /// Ends a line of JSON Lines: writes a newline, after which the next value starts a new document.
    public mutating func endLine() {
        append(UInt8(ascii: "\n"))
    }

    /// Appends `text`, a line formatted elsewhere (a document of another writer, or a log line in another
    /// format), unchanged, and a newline: the caller answers for its bytes.
    public mutating func appendLine(_ text: UnsafeBufferPointer<UInt8>) {
        append(contentsOf: text)
        endLine()
    }

    /// Empties the writer, keeping its buffer: a reused writer (a log buffer) stops allocating once warm.
    public mutating func removeAll() {
        count = 0
    }

    // MARK: Internals

    /// Appends `utf8` with the characters RFC 8259 §7 requires escaped (the quotation mark, the reverse
    /// solidus and control characters) escaped, copying the runs between them whole. The runs are found
    /// eight bytes at a time (``ByteScan/firstNeedingEscape(_:from:)``): the byte-at-a-time loop cost 3 % of
    /// a `/cac` request and 5 % of `/nps`.
    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        while case let index = ByteScan.firstNeedingEscape(utf8, from: runStart), index < utf8.count {
            append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<index]))
            runStart = index + 1
            escape(utf8[index])
        }
        append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<utf8.count]))
    }

    /// The implied `,` between members or elements.
    @inline(__always)
    private mutating func separate() {
        guard count > 0 else { return }
        switch storage[count - 1] {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "\n"): return
        default: append(UInt8(ascii: ","))
        }
    }

    private mutating func escape(_ byte: UInt8) {
        append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): append(byte)
        case 0x08: append(UInt8(ascii: "b"))
        case 0x0C: append(UInt8(ascii: "f"))
        case 0x0A: append(UInt8(ascii: "n"))
        case 0x0D: append(UInt8(ascii: "r"))
        case 0x09: append(UInt8(ascii: "t"))
        default:
            let hex: StaticString = "0123456789abcdef"
            append("u00")
            append(hex.utf8Start[Int(byte >> 4)])
            append(hex.utf8Start[Int(byte & 0xF)])
        }
    }

    @inline(__always)
    private mutating func append(_ text: StaticString) {
        append(contentsOf: UnsafeBufferPointer(start: text.utf8Start, count: text.utf8CodeUnitCount))
    }

    @inline(__always)
    private mutating func append(_ byte: UInt8) {
        if count == capacity { grow(to: count + 1) }
        storage[count] = byte
        count += 1
    }

    @inline(__always)
    private mutating func append(contentsOf text: UnsafeBufferPointer<UInt8>) {
        guard let base = text.baseAddress else { return }
        if count + text.count > capacity { grow(to: count + text.count) }
        (storage + count).update(from: base, count: text.count)
        count += text.count
    }

    /// Makes room for `extra` more bytes.
    @inline(__always)
    private mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(to: count + extra) }
    }

    /// At least doubles the buffer, to hold `needed` bytes.
    private mutating func grow(to needed: Int) {
        let newCapacity = max(needed, 2 * capacity)
        let newStorage = UnsafeMutablePointer<UInt8>.allocate(capacity: newCapacity)
        newStorage.update(from: storage, count: count)
        storage.deallocate()
        storage = newStorage
        capacity = newCapacity
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
