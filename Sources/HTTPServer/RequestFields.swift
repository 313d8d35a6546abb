import HTTPTypes

/// A request's header fields as received, in order (RFC 9110 §5): one copy of the header section's bytes
/// and the range of each name and value in it.
///
/// The parser builds no string, name or field per line: a value becomes a `String` only when it is asked
/// for, and most requests are asked for three or four fields. ``httpFields`` gives the swift-http-types
/// collection for code that wants it. Names compare ASCII case-insensitively (RFC 9110 §5.1). `Host` is
/// not among the fields; it is the request's ``Request/authority``.
public struct RequestFields: Sendable {
    private struct Entry: Sendable {
        var name: Range<Int>
        var value: Range<Int>
    }

    private var bytes: [UInt8]
    private var entries: [Entry]

    /// No fields.
    public init() {
        bytes = []
        entries = []
    }

    /// The fields of a swift-http-types collection, in order.
    public init(_ fields: HTTPFields) {
        self.init()
        for field in fields {
            let nameStart = bytes.count
            bytes.append(contentsOf: field.name.rawName.utf8)
            let valueStart = bytes.count
            bytes.append(contentsOf: field.value.utf8)
            entries.append(Entry(name: nameStart..<valueStart, value: valueStart..<bytes.count))
        }
    }

    /// The parser's fields: `lines` index `head`, whose bytes from `start` on are copied once. Lines named
    /// `Host` are left out.
    init(head: [UInt8], from start: Int, lines: [FieldLine.Parts]) {
        bytes = Array(head[start...])
        entries = []
        entries.reserveCapacity(lines.count)
        for line in lines where !FieldLine.equalsLowercase(head, line.name, "host") {
            entries.append(Entry(
                name: (line.name.lowerBound - start)..<(line.name.upperBound - start),
                value: (line.value.lowerBound - start)..<(line.value.upperBound - start)))
        }
    }

    /// The number of field lines.
    public var count: Int { entries.count }

    /// The value of the field `name` as `HTTPFields`' subscript gives it (a repeated field's values
    /// joined with `", "`, or `"; "` for `Cookie`, RFC 9110 §5.3), or `nil` when it is absent.
    public func value(of name: HTTPField.Name) -> String? {
        var first: Range<Int>?
        var repeated = false
        forEachValue(of: name) { value in
            if first == nil { first = value } else { repeated = true }
        }
        guard let first else { return nil }
        if repeated { return values(of: name).joined(separator: name == .cookie ? "; " : ", ") }
        return String(decoding: bytes[first], as: UTF8.self)
    }

    /// Calls `body` with the UTF-8 bytes of ``value(of:)`` (`nil` when the field is absent), building no
    /// `String` for a field sent once: what a check of a field's text on every request (is it JSON?) needs.
    public func withValue<Result>(of name: HTTPField.Name, _ body: (UnsafeBufferPointer<UInt8>?) throws -> Result) rethrows -> Result {
        var first: Range<Int>?
        var repeated = false
        forEachValue(of: name) { value in
            if first == nil { first = value } else { repeated = true }
        }
        if repeated, var joined = value(of: name) { return try joined.withUTF8 { try body($0) } }
        guard let first else { return try body(nil) }
        return try bytes.withUnsafeBufferPointer { try body(UnsafeBufferPointer(rebasing: $0[first])) }
    }

    /// The values of every line named `name`, in order.
    public func values(of name: HTTPField.Name) -> [String] {
        var found: [String] = []
        forEachValue(of: name) { found.append(String(decoding: bytes[$0], as: UTF8.self)) }
        return found
    }

    /// Calls `body` with the value range of every line named `name`, in order.
    private func forEachValue(of name: HTTPField.Name, _ body: (Range<Int>) -> Void) {
        var canonical = name.canonicalName
        canonical.withUTF8 { lowercase in
            for entry in entries where FieldLine.equalsLowercase(bytes, entry.name, lowercase) {
                body(entry.value)
            }
        }
    }

    /// The fields as swift-http-types builds them (names the parser accepted are tokens, so every one is
    /// a valid `HTTPField.Name`).
    public var httpFields: HTTPFields {
        var fields = HTTPFields()
        fields.reserveCapacity(entries.count)
        for entry in entries {
            guard let name = HTTPField.Name(String(decoding: bytes[entry.name], as: UTF8.self)) else { continue }
            fields.append(HTTPField(name: name, value: bytes[entry.value]))
        }
        return fields
    }
}
