import JSON

/// A system's JSON payload posted as it came: the records are the array at the `recordsAt` pointer, and a
/// field's column may be a JSON Pointer into each record (`/properties/createdate`), read in the same pass.
extension InputReader {
    /// The fields read through a JSON Pointer, by the first member name of their pointer: the rest of the
    /// pointer (empty when the member is the field) and the field's index.
    typealias NestedColumns = [String: [(rest: ArraySlice<String>, field: Int)]]

    /// The fields among `names` whose name is a JSON Pointer (starts with `/`), by their first member.
    static func nestedColumns(_ names: [String]) -> NestedColumns {
        var nested: NestedColumns = [:]
        for (field, name) in names.enumerated() where name.hasPrefix("/") {
            guard let tokens = JSONPointer.tokens(name), let first = tokens.first else { continue }
            nested[first, default: []].append((tokens.dropFirst(), field))
        }
        return nested
    }

    /// Reads the value at the cursor, met under a member that starts the pointers `paths`, into the fields
    /// they end at (descending through objects); returns the fields read (bit `i`: field `i`). A value that
    /// is no object where a pointer goes on is passed over: its fields stay absent.
    mutating func readNested(
        _ cursor: inout JSONCursor, paths: [(rest: ArraySlice<String>, field: Int)], into table: inout Records,
        specs: UnsafeBufferPointer<InputSpec>, names: UnsafeBufferPointer<String>, at pointer: () -> String
    ) throws(JSONParseError) -> UInt64 {
        if let here = paths.first(where: { $0.rest.isEmpty }) {
            try readField(&cursor, spec: specs.baseAddress! + here.field, into: &table.columns[here.field], at: { pointer() + names[here.field] })
            return 1 << UInt64(here.field)
        }
        guard try cursor.kind() == .object else {
            try cursor.skipValue()
            return 0
        }
        var object = try cursor.beginObject()
        var filled: UInt64 = 0
        while let name = try cursor.nextMember(of: &object) {
            let deeper = paths.filter { $0.rest.first == name }.map { ($0.rest.dropFirst(), $0.field) }
            if deeper.isEmpty {
                try cursor.skipValue()
            } else {
                filled |= try readNested(&cursor, paths: deeper, into: &table, specs: specs, names: names, at: pointer)
            }
        }
        return filled
    }

    /// Reads the records of a JSON payload: the array at `tokens` (a `recordsAt` pointer) into `table`, with
    /// ``options``, the rest of the document checked as JSON and passed over. `nil` when the pointer names
    /// no value; otherwise whether the records are valid (an array with enough elements).
    mutating func readPayload(
        _ json: UnsafeRawBufferPointer, at tokens: [String], spec: InputSpec, into table: inout Records, recordsPointer: String
    ) throws(JSONParseError) -> Bool? {
        var cursor = JSONCursor(json)
        let found = try descend(&cursor, to: tokens[...], spec: spec, into: &table, recordsPointer: recordsPointer)
        try cursor.finish()
        return found
    }

    /// Passes over the value at the cursor, reading the records at `tokens` inside it when they are there.
    private mutating func descend(
        _ cursor: inout JSONCursor, to tokens: ArraySlice<String>, spec: InputSpec, into table: inout Records, recordsPointer: String
    ) throws(JSONParseError) -> Bool? {
        guard let token = tokens.first else {
            return try readRecords(&cursor, spec: spec, into: &table, at: { recordsPointer }, body: true)
        }
        var found: Bool? = nil
        switch try cursor.kind() {
        case .object:
            var object = try cursor.beginObject()
            while let name = try cursor.nextMember(of: &object) {
                if found == nil, name == token {
                    found = try descend(&cursor, to: tokens.dropFirst(), spec: spec, into: &table, recordsPointer: recordsPointer)
                } else {
                    try cursor.skipValue()
                }
            }
        case .array:
            var elements = try cursor.beginArray()
            while try cursor.nextElement(of: &elements) {
                if found == nil, String(elements.index) == token {
                    found = try descend(&cursor, to: tokens.dropFirst(), spec: spec, into: &table, recordsPointer: recordsPointer)
                } else {
                    try cursor.skipValue()
                }
            }
        default:
            try cursor.skipValue()
        }
        return found
    }
}
