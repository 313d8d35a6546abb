// libFuzzer target: the JSON reader (`JSONReader.parse`) and, for accepted documents, the writer.
//
// Invariants: no trap or ASan report; the [UInt8], ArraySlice (non-zero start index) and String entry
// points agree, error offsets included; `JSONCursor` (the request path's reader, which builds nothing)
// accepts exactly what `JSONReader` accepts, and reads an accepted document's scalars in the same order;
// an error offset lies within the input; an accepted document
// written by `serialized()` reads back to an equal value and writes the same bytes again (a fixed point).
import FuzzSupport
import JSON

private func result(_ body: () throws(JSONParseError) -> JSONValue) -> Result<JSONValue, JSONParseError> {
    do { return .success(try body()) } catch { return .failure(error) }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    let bytes = pointer.map { Array(UnsafeBufferPointer(start: $0, count: size)) } ?? []
    let parsed = result { () throws(JSONParseError) in try JSONReader.parse(bytes) }

    // The slice entry point, on a slice that does not start at index 0.
    let padded = [UInt8(ascii: " ")] + bytes
    let sliced = result { () throws(JSONParseError) in try JSONReader.parse(padded[1...]) }
    check(sliced == parsed, "slice gives \(sliced), array gives \(parsed)")

    // The cursor draws the same line, validating without building values.
    let skipped = bytes.withUnsafeBytes { buffer in
        Result { () throws(JSONParseError) in
            var cursor = JSONCursor(buffer)
            try cursor.skipValue()
            try cursor.finish()
        }
    }
    switch (skipped, parsed) {
    case (.success, .success), (.failure, .failure): break
    default: fatalError("JSONCursor gives \(skipped), JSONReader gives \(parsed)")
    }

    switch parsed {
    case .failure(let error):
        check(error.offset >= 0 && error.offset <= size, "error offset \(error.offset) in \(size) bytes")
    case .success(let value):
        // Accepted input is valid UTF-8 (the reader validates strings), so the String entry point must agree.
        if let text = String(validating: bytes, as: UTF8.self) {
            let fromString = result { () throws(JSONParseError) in try JSONReader.parse(text) }
            check(fromString == parsed, "String gives \(fromString), bytes give \(parsed)")
        }
        let written = value.serialized()
        let reread = result { () throws(JSONParseError) in try JSONReader.parse(written) }
        guard case .success(let again) = reread else {
            fatalError("serialized output does not read back: \(reread) for \(String(decoding: written, as: UTF8.self))")
        }
        check(again == value, "round trip changed \(value) into \(again)")
        let rewritten = again.serialized()
        check(rewritten == written, "writer is not a fixed point: \(String(decoding: written, as: UTF8.self)) vs \(String(decoding: rewritten, as: UTF8.self))")
    }
    return 0
}
