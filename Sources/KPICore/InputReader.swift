import JSON

/// The one generic validator: reads objects field by field against their ``InputSpec``s and collects
/// **every** issue instead of stopping at the first.
///
/// Pointers are passed as closures and only turned into strings when an issue is recorded, so the happy
/// path builds no strings.
struct InputReader {
    /// The detail for a count out of range or not whole.
    static let countDetail = "must be a whole number from 0 to 9223372036854775807"

    /// At most this many issues are listed; the rest are counted in one last issue (a body of a million bad
    /// scores must not become a problem document fifty times its size).
    static let issueLimit = 1000

    private var listed: [ValidationError.Issue] = []
    private var unlisted = 0

    /// The issues found so far (with a final `""` issue counting those beyond ``issueLimit``).
    var issues: [ValidationError.Issue] {
        guard unlisted > 0 else { return listed }
        return listed + [.init(pointer: "", detail: "has \(unlisted) more problems not listed")]
    }

    /// Whether no issue has been recorded.
    var isClean: Bool { listed.isEmpty }

    /// Records an issue at `pointer`.
    mutating func issue(_ pointer: @autoclosure () -> String, _ detail: @autoclosure () -> String) {
        guard listed.count < Self.issueLimit else {
            unlisted += 1
            return
        }
        listed.append(ValidationError.Issue(pointer: pointer(), detail: detail()))
    }

    /// Reads `json` as an object with fields `specs`: unknown fields, missing required fields and every
    /// field's kind and bounds are checked.
    mutating func read(_ json: JSONValue, specs: [InputSpec], at pointer: () -> String) -> InputValues {
        var values = InputValues(specs: specs)
        read(json, into: &values, at: pointer)
        return values
    }

    /// Like ``read(_:specs:at:)`` into an existing buffer (reused across the records of an array).
    /// Returns `false` when `json` is not an object.
    @discardableResult
    mutating func read(_ json: JSONValue, into values: inout InputValues, at pointer: () -> String) -> Bool {
        guard case .object(let object) = json else {
            for i in values.slots.indices { values.slots[i] = .absent }
            issue(pointer(), "must be a JSON object")
            return false
        }
        // Buffers rather than array iteration: specs, members and slots are used in place, never copied, and
        // the slots array is checked for uniqueness once rather than at every store.
        values.specs.withUnsafeBufferPointer { specs in
            values.slots.withUnsafeMutableBufferPointer { slots in
                for i in slots.indices { slots[i] = .absent }
                object.members.withUnsafeBufferPointer { members in
                    var guess = 0
                    for m in members.indices {
                        guard let index = Self.index(of: members[m].key, in: specs, guess: guess) else {
                            issue(pointer() + "/" + escapePointerToken(members[m].key), "is not a known field")
                            continue
                        }
                        let field = (members.baseAddress! + m).pointer(to: \.value)!
                        slots[index] = value(field, spec: specs.baseAddress! + index) {
                            pointer() + "/" + escapePointerToken(members[m].key)
                        }
                        guess = index + 1
                    }
                }
                for index in specs.indices where specs[index].presence == .required {
                    if case .absent = slots[index] {
                        issue(pointer() + "/" + escapePointerToken(specs[index].name), "is required")
                    }
                }
            }
        }
        return true
    }

    /// The index of the spec named `name`, trying `guess` first: bodies usually list their fields in the
    /// declared order, so the next field is most often the one after the last.
    private static func index(of name: String, in specs: UnsafeBufferPointer<InputSpec>, guess: Int) -> Int? {
        if guess < specs.count, specs[guess].name == name { return guess }
        for i in specs.indices where specs[i].name == name { return i }
        return nil
    }

    /// Reads one field's JSON against its spec. Both are read in place: a copy of the JSON value would cost an
    /// outlined copy and destroy per field on this hot path.
    mutating func value(_ field: UnsafePointer<JSONValue>, spec: UnsafePointer<InputSpec>, at pointer: () -> String) -> InputValue {
        if case .null = field.pointee { return spec.pointee.presence == .nullable ? .null : .absent }
        switch spec.pointee.kind {
        case .count:
            guard let n = count(field.pointee, at: pointer) else { return .invalid }
            return bounded(Double(n), spec: spec, at: pointer) ? .count(n) : .invalid
        case .number:
            guard case .number(let n) = field.pointee else { return wrongType(pointer, "must be a number") }
            return bounded(n.double, spec: spec, at: pointer) ? .number(n.double) : .invalid
        case .string:
            guard case .string(let s) = field.pointee else { return wrongType(pointer, "must be a string") }
            return .string(s)
        case .choice(let options):
            guard case .string(let s) = field.pointee, options.contains(s) else {
                return wrongType(pointer, "must be one of " + options.map { "\"\($0)\"" }.joined(separator: ", "))
            }
            return .string(s)
        case .date:
            guard case .string(let s) = field.pointee else { return wrongType(pointer, "must be a string holding an ISO 8601 date") }
            switch DateParsing.seconds(s) {
            case .success(let seconds): return .date(seconds)
            case .failure(let failure): return wrongType(pointer, failure.detail)
            }
        case .identifier:
            switch field.pointee {
            case .string(let s): return .identifier(.string(s))
            case .number(let n) where n.integer != nil: return .identifier(.integer(n.integer!))
            default: return wrongType(pointer, "must be a string or an integer")
            }
        case .integers, .records:
            guard case .array(let elements) = field.pointee else {
                return wrongType(pointer, spec.pointee.kind == .integers ? "must be an array of whole numbers" : "must be an array of objects")
            }
            return hasEnoughItems(elements.count, spec: spec, at: pointer) ? .array(elements) : .invalid
        case .strings:
            guard case .array(let elements) = field.pointee else { return wrongType(pointer, "must be an array of strings") }
            var strings: [String] = []
            strings.reserveCapacity(elements.count)
            var valid = hasEnoughItems(elements.count, spec: spec, at: pointer)
            for (i, element) in elements.enumerated() {
                if case .string(let s) = element { strings.append(s) } else {
                    issue(pointer() + "/\(i)", "must be a string")
                    valid = false
                }
            }
            return valid ? .strings(strings) : .invalid
        case .object(let specs):
            var values = InputValues(specs: specs)
            return read(field.pointee, into: &values, at: pointer) ? .fields(values) : .invalid
        }
    }

    /// Reads a count: a whole number from 0 to 2⁶³ − 1.
    mutating func count(_ json: JSONValue, at pointer: () -> String) -> Int64? {
        if case .number(let n) = json {
            if let i = n.integer { if i >= 0 { return i } }
            else if n.double >= 0, n.double < 9_223_372_036_854_775_808.0, n.double.rounded(.towardZero) == n.double {
                return Int64(n.double)
            }
        }
        issue(pointer(), Self.countDetail)
        return nil
    }

    private mutating func bounded(_ x: Double, spec: UnsafePointer<InputSpec>, at pointer: () -> String) -> Bool {
        if let minimum = spec.pointee.minimum, x < minimum {
            issue(pointer(), minimum == 0 ? "must not be negative" : "must be at least \(NumberFormat.string(minimum))")
            return false
        }
        if let minimum = spec.pointee.exclusiveMinimum, x <= minimum {
            issue(pointer(), "must be greater than \(NumberFormat.string(minimum))")
            return false
        }
        if let maximum = spec.pointee.maximum, x > maximum {
            issue(pointer(), "must be at most \(NumberFormat.string(maximum))")
            return false
        }
        return true
    }

    private mutating func hasEnoughItems(_ count: Int, spec: UnsafePointer<InputSpec>, at pointer: () -> String) -> Bool {
        guard let minItems = spec.pointee.minItems, count < minItems else { return true }
        issue(pointer(), minItems == 1 ? "must not be empty" : "must have at least \(minItems) elements")
        return false
    }

    private mutating func wrongType(_ pointer: () -> String, _ detail: String) -> InputValue {
        issue(pointer(), detail)
        return .invalid
    }
}
