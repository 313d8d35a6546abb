import JSON

/// The one generic validator: reads a body straight from its JSON text, field by field against the
/// ``InputSpec``s, into ``InputValues`` (record arrays into ``Records`` columns), and collects **every**
/// issue instead of stopping at the first. No tree of JSON values is built, so a body costs about what its
/// values cost in their own form.
///
/// Pointers are passed as closures and only turned into strings when an issue is recorded, so the happy
/// path builds no strings.
struct InputReader {
    /// The detail for a count out of range or not whole.
    static let countDetail = "must be a whole number from 0 to 9223372036854775807"

    /// At most this many issues are listed; the rest are counted in one last issue (a body of a million bad
    /// scores must not become a problem document fifty times its size). Once the list is full, records are
    /// no longer stored, so a hostile body costs no more than a valid one.
    static let issueLimit = 1000

    private var listed: [ValidationError.Issue] = []
    private var unlisted = 0
    /// Whether records stopped being stored (the checks that run on stored records then skip the rest).
    private var truncated = false

    /// The issues found so far (with a final `""` issue counting those beyond ``issueLimit``).
    var issues: [ValidationError.Issue] {
        guard unlisted > 0 || truncated else { return listed }
        let more = truncated ? "at least \(unlisted)" : "\(unlisted)"
        return listed + [.init(pointer: "", detail: "has \(more) more problems not listed")]
    }

    /// Whether no issue has been recorded.
    var isClean: Bool { listed.isEmpty }

    /// Whether records read from now on are still stored.
    private var storesRecords: Bool { listed.count < Self.issueLimit }

    /// Records an issue at `pointer`.
    mutating func issue(_ pointer: @autoclosure () -> String, _ detail: @autoclosure () -> String) {
        guard listed.count < Self.issueLimit else {
            unlisted += 1
            return
        }
        listed.append(ValidationError.Issue(pointer: pointer(), detail: detail()))
    }

    /// Reads the object at the cursor as fields `specs`: unknown fields, missing required fields and every
    /// field's kind and bounds are checked. A value that is not an object is an issue at `pointer`.
    mutating func read(
        _ cursor: inout JSONCursor, specs: [InputSpec], at pointer: () -> String
    ) throws(JSONParseError) -> InputValues {
        var values = InputValues(specs: specs)
        var noTable: Records? = nil
        try read(&cursor, into: &values, table: &noTable, at: pointer)
        return values
    }

    /// Reads the object at the cursor into `values` (reused across the records of an array). Nested record
    /// arrays go into `table`'s child columns when the object is one of its rows, into a table of their own
    /// otherwise.
    private mutating func read(
        _ cursor: inout JSONCursor, into values: inout InputValues, table: inout Records?, at pointer: () -> String
    ) throws(JSONParseError) {
        for i in values.slots.indices { values.slots[i] = .absent }
        guard try cursor.kind() == .object else {
            issue(pointer(), "must be a JSON object")
            try cursor.skipValue()
            return
        }
        var object = try cursor.beginObject()
        var guess = 0
        // The specs are read in place: a copy of an `InputSpec` per field costs an outlined copy and destroy.
        try values.specs.withUnsafeBufferPointer { specs throws(JSONParseError) in
            while let name = try cursor.nextMember(of: &object) {
                guard let index = Self.index(of: name, in: specs, guess: guess) else {
                    issue(pointer() + "/" + JSONPointer.escape(name), "is not a known field")
                    try cursor.skipValue()
                    continue
                }
                let field = { pointer() + "/" + JSONPointer.escape(name) }
                let spec = specs.baseAddress! + index
                if case .records = spec.pointee.kind, table != nil {
                    // A row's nested records join the table's child column; the row keeps how many.
                    var children = table!.columns[index].children
                    table!.columns[index].children = nil  // `children` is the only reference while it grows
                    let before = children!.count
                    let slot = try readRecords(&cursor, spec: spec.pointee, into: &children, at: field)
                    // An array's rows are kept even when too few (the issue is recorded), so that the rows of
                    // the table's later records stay aligned.
                    let rows = children!.count - before
                    values.slots[index] = if case .invalid = slot, rows == 0 { .invalid } else { .count(Int64(rows)) }
                    table!.columns[index].children = children
                } else {
                    values.slots[index] = try value(&cursor, spec: spec, keepsText: table == nil, at: field)
                }
                guess = index + 1
            }
        }
        for index in values.specs.indices where values.specs[index].presence == .required {
            if case .absent = values.slots[index] {
                issue(pointer() + "/" + JSONPointer.escape(values.specs[index].name), "is required")
            }
        }
    }

    /// The index of the spec named `name`, trying `guess` first: bodies usually list their fields in the
    /// declared order, so the next field is most often the one after the last.
    private static func index(of name: String, in specs: UnsafeBufferPointer<InputSpec>, guess: Int) -> Int? {
        if guess < specs.count, specs[guess].name == name { return guess }
        for index in specs.indices where specs[index].name == name { return index }
        return nil
    }

    /// Reads one field's value against its spec. A record's dates keep no text (`keepsText` false): they are
    /// read in place, without a `String`.
    private mutating func value(
        _ cursor: inout JSONCursor, spec: UnsafePointer<InputSpec>, keepsText: Bool = true, at pointer: () -> String
    ) throws(JSONParseError) -> InputValue {
        let kind = try cursor.kind()
        if kind == .null {
            try cursor.readNull()
            return spec.pointee.presence == .nullable ? .null : .absent
        }
        switch spec.pointee.kind {
        case .count:
            guard let n = try count(&cursor, at: pointer) else { return .invalid }
            return bounded(Double(n), spec: spec.pointee, at: pointer) ? .count(n) : .invalid
        case .number:
            guard kind == .number else { return try wrongType(&cursor, pointer, "must be a number") }
            let n = try cursor.readNumber()
            return bounded(n.double, spec: spec.pointee, at: pointer) ? .number(n.double) : .invalid
        case .string:
            guard kind == .string else { return try wrongType(&cursor, pointer, "must be a string") }
            return .string(try cursor.readString())
        case .choice(let options):
            guard kind == .string else { return try wrongType(&cursor, pointer, Self.choiceDetail(options)) }
            let s = try cursor.readString()
            guard options.contains(s) else { return try wrongType(&cursor, pointer, Self.choiceDetail(options), skip: false) }
            return .string(s)
        case .date:
            guard kind == .string else { return try wrongType(&cursor, pointer, "must be a string holding an ISO 8601 date") }
            let text = keepsText ? try cursor.readString() : nil
            let parsed = if let text { DateParsing.instant(text) } else { try cursor.withStringBytes(DateParsing.parse) }
            switch parsed {
            case .success(let instant): return .date(instant, text: text)
            case .failure(let failure): return try wrongType(&cursor, pointer, failure.detail, skip: false)
            }
        case .identifier:
            switch kind {
            case .string: return .identifier(.string(try cursor.readString()))
            case .number:
                if let i = try cursor.readNumber().integer { return .identifier(.integer(i)) }
                return try wrongType(&cursor, pointer, "must be a string or an integer", skip: false)
            default: return try wrongType(&cursor, pointer, "must be a string or an integer")
            }
        case .integers:
            return try integers(&cursor, spec: spec.pointee, at: pointer)
        case .strings:
            return try strings(&cursor, spec: spec.pointee, at: pointer)
        case .records(let fields):
            var table: Records? = Records(specs: fields)
            return try readRecords(&cursor, spec: spec.pointee, into: &table, at: pointer)
        case .object(let fields):
            guard kind == .object else { return try wrongType(&cursor, pointer, "must be a JSON object") }
            var values = InputValues(specs: fields)
            var noTable: Records? = nil
            try read(&cursor, into: &values, table: &noTable, at: pointer)
            return .fields(values)
        }
    }

    /// Reads a record array into `table`, one row per element (rows stop being stored once the issue list is
    /// full). `.records(table)` when it is an array with enough elements.
    private mutating func readRecords(
        _ cursor: inout JSONCursor, spec: InputSpec, into table: inout Records?, at pointer: () -> String
    ) throws(JSONParseError) -> InputValue {
        guard try cursor.kind() == .array else { return try wrongType(&cursor, pointer, "must be an array of objects") }
        var elements = try cursor.beginArray()
        var row = InputValues(specs: table!.specs)
        while try cursor.nextElement(of: &elements) {
            let i = elements.index
            try read(&cursor, into: &row, table: &table, at: { pointer() + "/\(i)" })
            if storesRecords { table!.append(&row) } else { truncated = true }
        }
        return hasEnoughItems(elements.index + 1, spec: spec, at: pointer) ? .records(table!) : .invalid
    }

    /// Reads an array of whole numbers within the spec's bounds.
    private mutating func integers(_ cursor: inout JSONCursor, spec: InputSpec, at pointer: () -> String) throws(JSONParseError) -> InputValue {
        guard try cursor.kind() == .array else { return try wrongType(&cursor, pointer, "must be an array of whole numbers") }
        var column = IntegerColumn(minimum: spec.minimum, maximum: spec.maximum)
        let low = spec.minimum.map { Int64($0) } ?? .min
        let high = spec.maximum.map { Int64($0) } ?? .max
        let detail = spec.minimum == nil && spec.maximum == nil
            ? "must be a whole number" : "must be a whole number from \(low) to \(high)"
        var valid = true
        var count = 0
        try cursor.readIntegers({ first, values in
            count = first + values.count
            // The common case, a chunk wholly within bounds, is stored in one go.
            if valid, values.allSatisfy({ $0 >= low && $0 <= high }) {
                column.append(contentsOf: values)
                return
            }
            for offset in values.indices {
                let value = values[offset]
                if value >= low, value <= high {
                    if valid { column.append(value) }
                } else {
                    issue(pointer() + "/\(first + offset)", detail)
                    valid = false
                }
            }
        }, other: { i in
            count = i + 1
            issue(pointer() + "/\(i)", detail)
            valid = false
        })
        guard hasEnoughItems(count, spec: spec, at: pointer), valid else { return .invalid }
        return .integers(column)
    }

    /// Reads an array of strings (at most the spec's `maxItems`, whose excess is one issue).
    private mutating func strings(_ cursor: inout JSONCursor, spec: InputSpec, at pointer: () -> String) throws(JSONParseError) -> InputValue {
        guard try cursor.kind() == .array else { return try wrongType(&cursor, pointer, "must be an array of strings") }
        var strings: [String] = []
        var valid = true
        var elements = try cursor.beginArray()
        while try cursor.nextElement(of: &elements) {
            let i = elements.index
            guard try cursor.kind() == .string else {
                try cursor.skipValue()
                issue(pointer() + "/\(i)", "must be a string")
                valid = false
                continue
            }
            if let maxItems = spec.maxItems, i >= maxItems {
                try cursor.skipValue()
                valid = false
                continue
            }
            strings.append(try cursor.readString())
        }
        let count = elements.index + 1
        if let maxItems = spec.maxItems, count > maxItems { issue(pointer(), "must have at most \(maxItems) elements") }
        guard hasEnoughItems(count, spec: spec, at: pointer), valid else { return .invalid }
        return .strings(strings)
    }

    /// Reads a count: a whole number from 0 to 2⁶³ − 1.
    private mutating func count(_ cursor: inout JSONCursor, at pointer: () -> String) throws(JSONParseError) -> Int64? {
        if try cursor.kind() == .number {
            let n = try cursor.readNumber()
            if let i = n.integer { if i >= 0 { return i } }
            else if n.double >= 0, n.double < 9_223_372_036_854_775_808.0, n.double.rounded(.towardZero) == n.double {
                return Int64(n.double)
            }
        } else {
            try cursor.skipValue()
        }
        issue(pointer(), Self.countDetail)
        return nil
    }

    private static func choiceDetail(_ options: [String]) -> String {
        "must be one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
    }

    private mutating func bounded(_ x: Double, spec: InputSpec, at pointer: () -> String) -> Bool {
        if let minimum = spec.minimum, x < minimum {
            issue(pointer(), minimum == 0 ? "must not be negative" : "must be at least \(NumberFormat.string(minimum))")
            return false
        }
        if let minimum = spec.exclusiveMinimum, x <= minimum {
            issue(pointer(), "must be greater than \(NumberFormat.string(minimum))")
            return false
        }
        if let maximum = spec.maximum, x > maximum {
            issue(pointer(), "must be at most \(NumberFormat.string(maximum))")
            return false
        }
        return true
    }

    private mutating func hasEnoughItems(_ count: Int, spec: InputSpec, at pointer: () -> String) -> Bool {
        guard let minItems = spec.minItems, count < minItems else { return true }
        issue(pointer(), minItems == 1 ? "must not be empty" : "must have at least \(minItems) elements")
        return false
    }

    /// Records `detail` at `pointer` and passes over the value (unless it was read already).
    private mutating func wrongType(
        _ cursor: inout JSONCursor, _ pointer: () -> String, _ detail: String, skip: Bool = true
    ) throws(JSONParseError) -> InputValue {
        if skip { try cursor.skipValue() }
        issue(pointer(), detail)
        return .invalid
    }
}
