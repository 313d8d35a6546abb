/// Optional whitespace (RFC 9110 §5.6.3): spaces and horizontal tabs around field values, list elements
/// and parameters. The one trimming rule of every header field the server and the service read.
public enum OWS {
    /// Whether `byte` is SP or HTAB.
    @inlinable
    public static func contains(_ byte: UInt8) -> Bool { byte == 0x20 || byte == 0x09 }

    /// `range` of `bytes` without its leading and trailing spaces and tabs.
    @inlinable
    public static func trim<Bytes: RandomAccessCollection>(_ bytes: Bytes, _ range: Range<Bytes.Index>) -> Range<Bytes.Index>
    where Bytes.Element == UInt8 {
        var start = range.lowerBound
        var end = range.upperBound
        while start < end, contains(bytes[start]) { start = bytes.index(after: start) }
        while end > start, contains(bytes[bytes.index(before: end)]) { end = bytes.index(before: end) }
        return start..<end
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces and tabs (RFC 9110 §5.6.3).
    public func trimmingOWS() -> String {
        let bytes = Array(utf8)
        return String(decoding: bytes[OWS.trim(bytes, bytes.indices)], as: UTF8.self)
    }
}
