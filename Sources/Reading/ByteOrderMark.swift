/// The UTF-8 byte-order mark (`EF BB BF`) that Excel and CRM exports write at the start of a file.
public enum ByteOrderMark {
    /// `body` without a UTF-8 byte-order mark at its start (the same bytes when it has none).
    public static func skipping(_ body: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        guard body.count >= 3, body[0] == 0xEF, body[1] == 0xBB, body[2] == 0xBF else { return body }
        return UnsafeRawBufferPointer(rebasing: body[3...])
    }
}
