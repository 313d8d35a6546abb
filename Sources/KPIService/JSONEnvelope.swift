import JSON
import KPICore

/// The members of a JSON object read without building a tree: one pass over the text validates it, notes
/// where each known member's value is (and the text of a string value), lists unknown members as issues,
/// and for one array member notes where each of its elements is.
///
/// The envelopes of `/batch`, `/series` and `/compare` and of their items are read this way; each item's
/// `input` is then evaluated straight from its own text, so an item costs what the same body sent to its
/// KPI's route costs.
struct JSONEnvelope {
    /// One member's value.
    struct Member {
        /// What kind of JSON value it is.
        var kind: JSONCursor.Kind
        /// Where its text is, in the buffer given to ``read(_:in:known:elementsOf:limit:)``.
        var range: Range<Int>
        /// The value when it is a string.
        var string: String?
    }

    /// The known members present, by name.
    private(set) var members: [String: Member] = [:]
    /// Where the elements of the array member named `elementsOf` are (at most `limit` of them).
    private(set) var elements: [Range<Int>] = []
    /// How many elements that array has (past `limit` too).
    private(set) var elementCount = 0
    /// Unknown members, then whatever the caller adds (capped like a KPI's issues: 800,000 unknown members
    /// answer 1000 issues and a count).
    var issues = IssueList()

    /// Reads the object whose text is `buffer[range]` (all of `buffer` when nil); ranges are into `buffer`.
    /// Nil when the text is JSON but not an object.
    ///
    /// - Throws: when the text is not valid JSON (RFC 8259), repeated member names included.
    static func read(
        _ buffer: UnsafeRawBufferPointer, in range: Range<Int>? = nil, known: Set<String>,
        elementsOf arrayName: String? = nil, limit: Int = .max
    ) throws(JSONParseError) -> JSONEnvelope? {
        let base = range?.lowerBound ?? 0
        var cursor = JSONCursor(range.map { UnsafeRawBufferPointer(rebasing: buffer[$0]) } ?? buffer)
        guard try cursor.kind() == .object else {
            try cursor.skipValue()
            try cursor.finish()
            return nil
        }
        var envelope = JSONEnvelope()
        var object = try cursor.beginObject()
        while let name = try cursor.nextMember(of: &object) {
            guard known.contains(name) else {
                envelope.issue("/" + JSONPointer.escape(name), "is not a known field")
                try cursor.skipValue()
                continue
            }
            let kind = try cursor.kind()
            let start = cursor.offset
            var string: String? = nil
            if kind == .string {
                string = try cursor.readString()
            } else if kind == .array, name == arrayName {
                var array = try cursor.beginArray()
                while try cursor.nextElement(of: &array) {
                    _ = try cursor.kind()
                    let elementStart = cursor.offset
                    try cursor.skipValue()
                    envelope.elementCount += 1
                    // Past the limit, elements are only validated: the caller refuses the envelope anyway.
                    if envelope.elementCount <= limit { envelope.elements.append(base + elementStart..<base + cursor.offset) }
                }
            } else {
                try cursor.skipValue()
            }
            envelope.members[name] = Member(kind: kind, range: base + start..<base + cursor.offset, string: string)
        }
        try cursor.finish()
        return envelope
    }

    /// ``read(_:in:known:elementsOf:limit:)`` for a whole request body, with its failures as the
    /// ``BodyError`` every route answers (400 for text that is not JSON or not an object).
    static func body(
        _ body: UnsafeRawBufferPointer, known: Set<String>, elementsOf arrayName: String? = nil, limit: Int = .max
    ) throws(BodyError) -> JSONEnvelope {
        let envelope: JSONEnvelope?
        do {
            envelope = try read(body, known: known, elementsOf: arrayName, limit: limit)
        } catch {
            throw .malformed(error)
        }
        guard let envelope else { throw .notAnObject }
        return envelope
    }

    /// The member `name`.
    subscript(_ name: String) -> Member? { members[name] }

    /// Whether the member `name` is present.
    func has(_ name: String) -> Bool { members[name] != nil }

    /// The member `name`, or nil with the issue `/name is required`.
    mutating func require(_ name: String) -> Member? {
        if let member = members[name] { return member }
        issue("/" + name, "is required")
        return nil
    }

    /// The KPI the member `kpi` names, or nil with an issue at `/kpi` (required, a string, a known KPI id).
    mutating func definition() -> KPIDefinition? {
        guard let member = require("kpi") else { return nil }
        guard let id = member.string else {
            issue("/kpi", "must be a string")
            return nil
        }
        guard let definition = KPIRegistry.definition(id: id) else {
            issue("/kpi", "is not a known KPI id")
            return nil
        }
        return definition
    }

    /// Adds `issue` at `pointer`.
    mutating func issue(_ pointer: @autoclosure () -> String, _ detail: @autoclosure () -> String) {
        issues.append(pointer(), detail())
    }

    /// Throws the issues found, if any.
    func check() throws(BodyError) {
        if !issues.isEmpty { throw .invalid(issues.validationError) }
    }
}

extension ValidationError {
    /// The same error with `prefix` before each pointer (`/input`, `/points/3`), its cost kept.
    func under(_ prefix: String) -> ValidationError {
        var moved = ValidationError(issues: issues.map { Issue(pointer: prefix + $0.pointer, detail: $0.detail) })
        moved.work = work
        return moved
    }
}

extension KPIDefinition {
    /// Evaluates the input whose text is `buffer[range]` (already checked to be JSON): the result, or every
    /// issue with pointers relative to the input (`""` with `must be a JSON object` for other values).
    func evaluate(_ buffer: UnsafeRawBufferPointer, _ range: Range<Int>) -> Result<KPIResult, ValidationError> {
        do {
            return .success(try evaluate(json: UnsafeRawBufferPointer(rebasing: buffer[range])))
        } catch {
            switch error {
            case .invalid(let validation): return .failure(validation)
            // The envelope pass validated the JSON: only a value that is not an object gets here.
            case .notAnObject, .malformed, .malformedLines: return .failure(ValidationError(pointer: "", detail: "must be a JSON object"))
            }
        }
    }
}
