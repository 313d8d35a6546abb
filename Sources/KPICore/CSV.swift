/// Comma-separated values as RFC 4180 defines them: records end in CRLF (a bare LF is accepted too), fields
/// are separated by commas (or the separator given: `;`, a tab), and a field in double quotes may hold commas, line breaks and `""` for a quote.
struct CSV {
    /// A problem with the text itself (not with what a field holds).
    struct SyntaxError: Error, Equatable {
        /// The 1-based line where the record with the problem starts.
        var line: Int
        var reason: String
    }

    private let bytes: UnsafeBufferPointer<UInt8>
    private var position = 0
    /// The 1-based line the next record starts on.
    private(set) var line = 1
    /// Unquoted field text, reused from record to record.
    private var scratch: [UInt8] = []

    /// The field separator: a comma unless the input says otherwise (`;`, a tab).
    private let separator: UInt8

    /// A reader of the CSV text in `bytes`, which must outlive it, with fields separated by `separator`.
    init(_ bytes: UnsafeBufferPointer<UInt8>, separator: UInt8 = UInt8(ascii: ",")) {
        self.bytes = bytes
        self.separator = separator
    }

    /// Calls `field` with each field of the next record (its index and bytes, quotes removed) and returns the
    /// line the record started on, or `nil` at the end of the text. Blank lines are passed over.
    mutating func nextRecord(_ field: (_ index: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Void) throws(SyntaxError) -> Int? {
        while position < bytes.count, bytes[position] == 0x0A || bytes[position] == 0x0D {
            if bytes[position] == 0x0A { line += 1 }
            position += 1
        }
        guard position < bytes.count else { return nil }
        let start = line
        var index = 0
        while true {
            if position < bytes.count, bytes[position] == UInt8(ascii: "\"") {
                try quotedField(startLine: start)
                scratch.withUnsafeBufferPointer { field(index, $0) }
            } else {
                let begin = position
                while position < bytes.count, bytes[position] != separator, bytes[position] != 0x0A, bytes[position] != 0x0D {
                    if bytes[position] == UInt8(ascii: "\"") {
                        throw SyntaxError(line: line, reason: "a quote inside an unquoted field (RFC 4180 §2: quote the whole field)")
                    }
                    position += 1
                }
                field(index, UnsafeBufferPointer(rebasing: bytes[begin..<position]))
            }
            index += 1
            guard position < bytes.count else { return start }
            switch bytes[position] {
            case separator:
                position += 1
            case 0x0D:
                position += 1
                if position < bytes.count, bytes[position] == 0x0A { position += 1 }
                line += 1
                return start
            default:  // LF
                position += 1
                line += 1
                return start
            }
        }
    }

    /// Reads a quoted field into `scratch`, leaving `position` after its closing quote.
    private mutating func quotedField(startLine: Int) throws(SyntaxError) {
        scratch.removeAll(keepingCapacity: true)
        position += 1
        while position < bytes.count {
            let byte = bytes[position]
            if byte == UInt8(ascii: "\"") {
                if position + 1 < bytes.count, bytes[position + 1] == UInt8(ascii: "\"") {
                    scratch.append(byte)
                    position += 2
                    continue
                }
                position += 1
                guard position == bytes.count || [separator, 0x0A, 0x0D].contains(bytes[position]) else {
                    throw SyntaxError(line: line, reason: "text after a closing quote (RFC 4180 §2)")
                }
                return
            }
            if byte == 0x0A { line += 1 }
            scratch.append(byte)
            position += 1
        }
        throw SyntaxError(line: startLine, reason: "a quoted field is not closed")
    }
}
