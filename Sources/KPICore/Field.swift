/// A typed handle on one declared input field. Its position among its object's specs is fixed when it is
/// declared (by the order of the ``FieldList/add(_:)`` calls), so a KPI reads `values[inputs.newCustomers]`
/// or `deal[fields.createdAt]`: never a name string or a bare index, and a misspelt field does not compile.
struct Field<Value: FieldValue>: Sendable {
    /// The field's position in its object's specs.
    let index: Int
}

/// Declares the fields of one object (a KPI's body, or one record) in order, and hands out their handles.
///
/// ```swift
/// struct DealFields {
///     let createdAt: Field<Instant>
///     let specs: [InputSpec]
///     init() {
///         var list = FieldList()
///         createdAt = list.add(InputSpec("createdAt", .date, doc: "…", example: "2024-03-01"))
///         specs = list.specs
///     }
/// }
/// ```
struct FieldList {
    /// The specs declared so far, in order.
    private(set) var specs: [InputSpec] = []

    /// An empty list.
    init() {}

    /// A list that goes on after `specs`, whose handles (if any) were handed out elsewhere (a KPI's inputs,
    /// before the shared `target`).
    init(after specs: [InputSpec]) { self.specs = specs }

    /// Declares `spec` as the next field. A programming error if `Value` cannot hold what the spec reads.
    mutating func add<Value: FieldValue>(_ spec: InputSpec) -> Field<Value> {
        precondition(Value.holds(spec.kind), "field \(spec.name) cannot be read as \(Value.self)")
        specs.append(spec)
        return Field(index: specs.count - 1)
    }
}

/// What a field's value is once read: how it comes out of an object's ``InputValues`` and out of a
/// ``Records`` column.
protocol FieldValue {
    /// Whether a field of `kind` is read as this type.
    static func holds(_ kind: InputSpec.Kind) -> Bool
    /// The value held in an object's slot, when present and valid.
    static func value(of slot: InputValue) -> Self?
    /// The value of field `field` in row `row` of `records` (whose state there is ``Records/State/value``).
    static func value(in records: Records, field: Int, row: Int) -> Self
}

extension Int64: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .count }
    static func value(of slot: InputValue) -> Int64? { if case .count(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> Int64 { records.columns[field].integers[row] }
}

extension Double: FieldValue {
    /// Counts are numbers too.
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .number || kind == .count }
    static func value(of slot: InputValue) -> Double? {
        switch slot {
        case .number(let v): v
        case .count(let v): Double(v)
        default: nil
        }
    }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> Double {
        records.columns[field].storage == .integers ? Double(records.columns[field].integers[row]) : records.columns[field].numbers[row]
    }
}

extension String: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool {
        if case .choice = kind { return true }
        return kind == .string
    }
    static func value(of slot: InputValue) -> String? { if case .string(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> String {
        guard case .string(let text) = records.columns[field].keys[Int(records.columns[field].keyIndices[row])] else { return "" }
        return text
    }
}

extension Instant: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .date }
    static func value(of slot: InputValue) -> Instant? { if case .date(let v, _) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> Instant {
        Instant(
            seconds: records.columns[field].seconds[row], nanoseconds: records.columns[field].nanoseconds[row],
            isDateOnly: records.columns[field].dateOnly[row])
    }
}

extension RecordID: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .identifier }
    static func value(of slot: InputValue) -> RecordID? { if case .identifier(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> RecordID {
        records.columns[field].keys[Int(records.columns[field].keyIndices[row])]
    }
}

extension IntegerColumn: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .integers }
    static func value(of slot: InputValue) -> IntegerColumn? { if case .integers(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> IntegerColumn { Self.value(of: records.columns[field].others[row])! }
}

extension Array: FieldValue where Element == String {
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .strings }
    static func value(of slot: InputValue) -> [String]? { if case .strings(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> [String] { Self.value(of: records.columns[field].others[row])! }
}

extension Records: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool {
        if case .records = kind { return true }
        return false
    }
    static func value(of slot: InputValue) -> Records? { if case .records(let v) = slot { v } else { nil } }
    /// A nested record array in a record is read with ``RecordCursor/children(_:)`` instead.
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> Records { records.columns[field].children! }
}

extension Rates: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool { kind == .rates }
    static func value(of slot: InputValue) -> Rates? { if case .rates(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> Rates { Self.value(of: records.columns[field].others[row])! }
}

extension InputValues: FieldValue {
    static func holds(_ kind: InputSpec.Kind) -> Bool {
        if case .object = kind { return true }
        return false
    }
    static func value(of slot: InputValue) -> InputValues? { if case .fields(let v) = slot { v } else { nil } }
    @inline(__always)
    static func value(in records: Records, field: Int, row: Int) -> InputValues { Self.value(of: records.columns[field].others[row])! }
}

extension InputValues {
    /// The field's value, when present and valid.
    subscript<Value: FieldValue>(_ field: Field<Value>) -> Value? { Value.value(of: slots[field.index]) }

    /// Whether the field is in the body (valid or not; `null` aside).
    func has<Value>(_ field: Field<Value>) -> Bool {
        if case .absent = slots[field.index] { return false }
        return true
    }

    /// The text of a date field as given, when present and valid (a goal echoes its deadline).
    func text(_ field: Field<Instant>) -> String? { if case .date(_, let text?) = slots[field.index] { text } else { nil } }

    /// The field's name, for pointers and messages.
    func name<Value>(_ field: Field<Value>) -> String { specs[field.index].name }
}
