import JSON

/// A field handle of any value type, for declarations that mix kinds (an alternative of a count and a number).
protocol AnyField: Sendable {
    /// The field's position in its object's specs.
    var index: Int { get }
}

extension Field: AnyField {}

/// An either/or rule over a KPI's inputs, declared once with the KPI: it is checked before the KPI computes
/// (``check(_:_:)``), and the KPI's ``KPIDefinition/inputSchema`` describes it in words and as data (`x-either-or`).
///
/// ```swift
/// rules: [.oneOf([.all([inputs.totalSpend]), .all([inputs.spend], name: "spend by category")])]
/// ```
///
/// Exactly one alternative is taken: the one the selector field names (`method: "profit"`) when there is a
/// selector and it was given; else the first alternative, in the order listed, with one of its own fields in
/// the body (a field no other alternative lists: optional fields may be shared, `from` of `mrr` rows and of
/// `invoices`, and a shared one names neither); else the first with any of its fields in the body; else the
/// default alternative. Every field of the other alternatives in the body is then an issue
/// (`/spend`: `cannot be combined with totalSpend`), and so is every required field of the taken alternative
/// that is missing (`/totalSpend`: `is required (or give spend by category)`).
struct InputRule: Sendable {
    /// One way of giving the inputs.
    struct Alternative: Sendable {
        /// How messages name it (`totalSpend`, `spend by category`), and the selector's value for it; `nil`:
        /// its required fields' names, comma-separated.
        let name: String?
        /// Its fields (their positions): all of them required, or at least one of them (``anyOne``).
        let fields: [Int]
        /// Every field of the alternative, ``fields`` then the ones it may omit (CLV's `cac` in the profit method).
        let allFields: [Int]
        /// Whether one of ``fields`` is enough (`likes`, `comments` or `shares`) rather than all.
        let anyOne: Bool
        /// Whether it is taken when no alternative's field is in the body.
        let isDefault: Bool
        /// ``fields`` and ``allFields`` as bits of a field mask (``InputValues/presentMask``); `nil` when a
        /// position is past 63.
        let fieldsMask: UInt64?
        let allFieldsMask: UInt64?

        init(name: String?, fields: [Int], allFields: [Int], anyOne: Bool, isDefault: Bool) {
            self.name = name
            self.fields = fields
            self.allFields = allFields
            self.anyOne = anyOne
            self.isDefault = isDefault
            fieldsMask = InputValues.mask(fields)
            allFieldsMask = InputValues.mask(allFields)
        }

        /// An alternative that needs all of `fields` (and may have `optional` ones).
        static func all(
            _ fields: [any AnyField], optional: [any AnyField] = [], name: String? = nil, default isDefault: Bool = false
        ) -> Alternative {
            Alternative(
                name: name, fields: fields.map(\.index), allFields: (fields + optional).map(\.index), anyOne: false,
                isDefault: isDefault)
        }

        /// An alternative that needs at least one of `fields`.
        static func any(_ fields: [any AnyField], name: String? = nil, default isDefault: Bool = false) -> Alternative {
            Alternative(name: name, fields: fields.map(\.index), allFields: fields.map(\.index), anyOne: true, isDefault: isDefault)
        }

        /// The fields it may omit: ``allFields`` less ``fields``.
        var optionalFields: [Int] { allFields.filter { !fields.contains($0) } }

        /// The name messages use, with the field names from `specs` when the alternative has none.
        func label(_ specs: [InputSpec]) -> String {
            name ?? fields.map { specs[$0].name }.joined(separator: ", ")
        }
    }

    /// The details of the rule's issues, given the taken alternative's label (and for a missing field, the
    /// other alternatives' labels).
    struct Wording: Sendable {
        /// At a field of another alternative, when the taken one was given or inferred.
        let conflict: @Sendable (_ taken: String) -> String
        /// At a field of another alternative, when the selector named the taken one.
        let conflictWhenSelected: @Sendable (_ taken: String) -> String
        /// At a missing required field of the taken alternative.
        let missing: @Sendable (_ taken: String, _ others: [String]) -> String

        /// `cannot be combined with totalSpend`; `is required (or give spend by category)`.
        static let plain = Wording(
            conflict: { "cannot be combined with \($0)" }, conflictWhenSelected: { "cannot be combined with \($0)" },
            missing: { _, others in "is required (or give \(others.joined(separator: " or ")))" })
    }

    /// The alternatives, in the order they are preferred when fields of several are given.
    let alternatives: [Alternative]
    /// A choice field whose value names the alternative (CLV's `method`), if any.
    let selector: Field<String>?
    /// How the issues read.
    let wording: Wording
    /// The alternative taken when none is named or given: the default one, else the first.
    let defaultIndex: Int
    /// Each alternative's own fields (those no other alternative lists), and the same as a field mask.
    private let ownFields: [[Int]]
    private let ownMasks: [UInt64?]

    private init(alternatives: [Alternative], selector: Field<String>?, wording: Wording) {
        self.alternatives = alternatives
        self.selector = selector
        self.wording = wording
        defaultIndex = alternatives.firstIndex(where: \.isDefault) ?? 0
        ownFields = alternatives.indices.map { i in
            alternatives[i].allFields.filter { field in !alternatives.indices.contains { $0 != i && alternatives[$0].allFields.contains(field) } }
        }
        ownMasks = ownFields.map(InputValues.mask)
    }

    /// Exactly one of `alternatives` (see ``InputRule``). Without a default, the first is the default.
    static func oneOf(_ alternatives: [Alternative], selectedBy selector: Field<String>? = nil, wording: Wording = .plain) -> InputRule {
        precondition(alternatives.count >= 2, "an either/or rule needs two alternatives")
        precondition(alternatives.count(where: \.isDefault) <= 1, "an either/or rule has one default")
        precondition(selector == nil || alternatives.allSatisfy { $0.name != nil }, "a selector names each alternative")
        return InputRule(alternatives: alternatives, selector: selector, wording: wording)
    }

    /// The position of the alternative taken for `values`, and whether the selector named it.
    func taken(in values: InputValues) -> (index: Int, selected: Bool) {
        if let selector, let name = values[selector], let named = alternatives.firstIndex(where: { $0.name == name }) {
            return (named, true)
        }
        let given = ownFields.firstIndex { $0.contains { values.has(at: $0) } }
            ?? alternatives.firstIndex { $0.allFields.contains { values.has(at: $0) } }
        return (given ?? defaultIndex, false)
    }

    /// The name of the alternative taken for `values` (``Alternative/name``): CLV's method.
    func takenName(in values: InputValues) -> String? { alternatives[taken(in: values).index].name }

    /// Records an issue at every field of another alternative in the body, and at every missing required field
    /// of the alternative taken.
    func check(_ values: InputValues, _ reader: inout InputReader) {
        if isMet(by: values) { return }
        checkFieldByField(values, &reader)
    }

    /// ``check(_:_:)`` field by field, wording each issue: for a body that may not meet the rule.
    func checkFieldByField(_ values: InputValues, _ reader: inout InputReader) {
        let (taken, selected) = taken(in: values)
        let alternative = alternatives[taken]
        let specs = values.specs
        // Messages are built only for an issue: a valid body (the common case) builds no string.
        let label = { alternative.label(specs) }
        for (i, other) in alternatives.enumerated() where i != taken {
            for field in other.allFields where !alternative.allFields.contains(field) && values.has(at: field) {
                reader.issue("/" + specs[field].name, selected ? wording.conflictWhenSelected(label()) : wording.conflict(label()))
            }
        }
        let missing = alternative.anyOne
            ? (alternative.fields.contains { values.has(at: $0) } ? [] : Array(alternative.fields.prefix(1)))
            : alternative.fields.filter { !values.has(at: $0) }
        guard !missing.isEmpty else { return }
        let others = alternatives.indices.filter { $0 != taken }.map { alternatives[$0].label(specs) }
        let detail = wording.missing(label(), others)
        for field in missing { reader.issue("/" + specs[field].name, detail) }
    }

    /// Whether `values` meet the rule without a selector, decided on bit masks of the fields given: a valid body
    /// (the common case) costs a few mask tests, and the fields it lacks are not looked at one by one. `false`
    /// when the selector is given or a mask is unknown: ``check(_:_:)`` then goes field by field
    /// (``checkFieldByField(_:_:)``), which also words the issues.
    func isMet(by values: InputValues) -> Bool {
        guard let present = values.presentMask else { return false }
        if let selector, values.has(at: selector.index) { return false }
        var byOwn: Int? = nil
        var byAny: Int? = nil
        for (index, alternative) in alternatives.enumerated() {
            guard let own = ownMasks[index], let all = alternative.allFieldsMask else { return false }
            if byOwn == nil, own & present != 0 { byOwn = index }
            if byAny == nil, all & present != 0 { byAny = index }
        }
        let taken = byOwn ?? byAny ?? defaultIndex
        guard let takenAll = alternatives[taken].allFieldsMask, let required = alternatives[taken].fieldsMask else { return false }
        for (index, other) in alternatives.enumerated() where index != taken {
            guard let mask = other.allFieldsMask, mask & present & ~takenAll == 0 else { return false }
        }
        return alternatives[taken].anyOne ? required & present != 0 : required & ~present == 0
    }

    /// The rule in words, for the input schema's description: "Give exactly one of: `totalSpend`; or `spend`
    /// (spend by category)."
    func words(_ specs: [InputSpec]) -> String {
        func list(_ fields: [Int], _ conjunction: String) -> String {
            let names = fields.map { "`" + specs[$0].name + "`" }
            guard let last = names.last, names.count > 1 else { return names.joined() }
            return names.dropLast().joined(separator: ", ") + " \(conjunction) " + last
        }
        let described = alternatives.map { alternative -> String in
            var text = alternative.anyOne ? "at least one of " + list(alternative.fields, "or") : list(alternative.fields, "and")
            if !alternative.optionalFields.isEmpty { text += ", optionally " + list(alternative.optionalFields, "and") }
            if let name = alternative.name, alternative.fields.map({ specs[$0].name }) != [name] { text += " (\(name))" }
            return text
        }
        var sentence = "Give exactly one of: " + described.dropLast().joined(separator: "; ") + "; or " + (described.last ?? "") + "."
        if let selector {
            sentence += " `\(specs[selector.index].name)` may name which (" + alternatives.compactMap(\.name).joined(separator: " or ") + ")."
        }
        return sentence
    }

    /// The rule as data, for the input schema's `x-either-or` extension: each alternative's `fields` (all of them
    /// or any one, as `needs` says), its `optional` ones, its name, whether it is the `default`; and the `selector`
    /// field. No JSON Schema keyword: client generators read none of it (see ``KPIDefinition/inputSchema``).
    func extensionValue(_ specs: [InputSpec]) -> JSONValue {
        func names(_ fields: [Int]) -> JSONValue { .array(JSONArray(fields.map { .string(specs[$0].name) })) }
        let described = alternatives.map { alternative -> JSONValue in
            var object: JSONObject = [:]
            if let name = alternative.name { object["name"] = .string(name) }
            object["needs"] = alternative.anyOne ? "any" : "all"
            object["fields"] = names(alternative.fields)
            if !alternative.optionalFields.isEmpty { object["optional"] = names(alternative.optionalFields) }
            if alternative.isDefault { object["default"] = true }
            return .object(object)
        }
        var rule: JSONObject = ["alternatives": .array(JSONArray(described))]
        if let selector { rule["selector"] = .string(specs[selector.index].name) }
        return .object(rule)
    }
}

extension InputValues {
    /// Whether the field at `index` is in the body (valid or not; `null` aside). For generic declarations
    /// (``InputRule``); a KPI reads ``has(_:)`` with its field's handle.
    fileprivate func has(at index: Int) -> Bool {
        if case .absent = slots[index] { return false }
        return true
    }

    /// The fields in the body (``has(at:)``) as bits, bit `i` for the field at `i`; `nil` past 64 fields.
    var presentMask: UInt64? {
        guard slots.count <= 64 else { return nil }
        var mask: UInt64 = 0
        for index in slots.indices where has(at: index) { mask |= 1 << UInt64(index) }
        return mask
    }

    /// `fields` as bits, as ``presentMask`` sets them; `nil` when a position is past 63.
    static func mask(_ fields: [Int]) -> UInt64? {
        guard fields.allSatisfy({ (0..<64).contains($0) }) else { return nil }
        return fields.reduce(0) { $0 | 1 << UInt64($1) }
    }
}
