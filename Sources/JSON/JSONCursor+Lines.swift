#if canImport(Glibc)
import Glibc
#endif

/// Newline-delimited JSON (NDJSON, JSON Lines): a text of JSON values, one per line, read by one cursor
/// from start to end.
extension JSONCursor {
    /// Moves to the value on the next line that holds one (blank lines are passed over) and returns that
    /// line's 1-based number, or `nil` at the end of the text. `line` is the number of the line the cursor
    /// was on (`0` before the first call).
    public mutating func nextLine(after line: Int) -> Int? {
        var line = line == 0 ? 1 : line
        while parser.pos < parser.count {
            switch parser.base[parser.pos] {
            case 0x0A: line += 1
            case 0x20, 0x09, 0x0D: break
            default: return line
            }
            parser.pos += 1
        }
        return nil
    }

    /// After the value of a line, started at byte `start`: the value must not span lines, and only spaces and
    /// tabs (and a CR before the LF) may follow it on its line.
    public mutating func endLine(valueStart start: Int) throws(JSONParseError) {
        if let newline = memchr(parser.base + start, 0x0A, parser.pos - start) {
            throw JSONParseError(offset: parser.base.distance(to: newline.assumingMemoryBound(to: UInt8.self)), reason: "a value must fit on one line")
        }
        while parser.pos < parser.count, parser.base[parser.pos] == 0x20 || parser.base[parser.pos] == 0x09 || parser.base[parser.pos] == 0x0D {
            parser.pos += 1
        }
        guard parser.pos == parser.count || parser.base[parser.pos] == 0x0A else {
            throw parser.unexpected("a line break after the line's value")
        }
    }
}
