import JSON
import KPICore

/// `POST /batch`: many KPI computations in one request, each item succeeding or failing on its own.
///
/// The body is read in two passes over its text, building no tree: the first validates the envelope and
/// notes where each item is, the second reads and evaluates one item at a time, so an item costs no more
/// than the same body sent to its KPI's own route.
enum Batch {
    /// The most items one batch may hold.
    static let maxItems = 1000

    /// The most bytes the response's items may take; items after it fail with a 413 problem of their own,
    /// so that a batch of small requests with large answers (1000 items of 1000 issues each) cannot make an
    /// answer many times the request.
    static let responseBudget = 8 * 1024 * 1024

    /// The batch response for a JSON body.
    ///
    /// - Throws: a 422 `ValidationError` (inside ``BodyError/invalid(_:)``) when the envelope itself is wrong
    ///   (no `items`, not an array, too many items, unknown top-level fields); problems inside an item become
    ///   that item's 422 with pointers relative to the item (`/input/newCustomers`, `/kpi`).
    static func evaluate(_ body: UnsafeRawBufferPointer) throws(BodyError) -> [UInt8] {
        let items = try envelope(body)
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("results")
        writer.beginArray()
        for item in items {
            if writer.byteCount < responseBudget {
                writeItem(UnsafeRawBufferPointer(rebasing: body[item]), to: &writer)
            } else {
                writeProblem(
                    ServiceError.batchResponseTooLarge(budget: responseBudget).problem(instance: "/batch"), to: &writer)
            }
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// Validates the whole body and returns where each item's text is.
    private static func envelope(_ body: UnsafeRawBufferPointer) throws(BodyError) -> [Range<Int>] {
        var cursor = JSONCursor(body)
        var issues: [ValidationError.Issue] = []
        var items: [Range<Int>]? = nil
        var count = 0
        var isObject = true
        do throws(JSONParseError) {
            isObject = try cursor.kind() == .object
            var object = try isObject ? cursor.beginObject() : nil
            if !isObject { try cursor.skipValue() }
            while object != nil, let name = try cursor.nextMember(of: &object!) {
                guard name == "items" else {
                    issues.append(.init(pointer: "/" + JSONPointer.escape(name), detail: "is not a known field"))
                    try cursor.skipValue()
                    continue
                }
                guard try cursor.kind() == .array else {
                    issues.append(.init(pointer: "/items", detail: "must be an array"))
                    try cursor.skipValue()
                    items = []
                    continue
                }
                var ranges: [Range<Int>] = []
                var elements = try cursor.beginArray()
                while try cursor.nextElement(of: &elements) {
                    _ = try cursor.kind()
                    let start = cursor.offset
                    try cursor.skipValue()
                    count += 1
                    // Past the limit, elements are only validated: the envelope fails anyway.
                    if count <= maxItems { ranges.append(start..<cursor.offset) }
                }
                items = ranges
            }
            try cursor.finish()
        } catch {
            throw .malformed(error)
        }
        guard isObject else { throw .notAnObject }
        if items == nil { issues.append(.init(pointer: "/items", detail: "is required")) }
        if count > maxItems { issues.append(.init(pointer: "/items", detail: "must have at most \(maxItems) items")) }
        guard issues.isEmpty, let items else { throw .invalid(ValidationError(issues: issues)) }
        return items
    }

    /// `{"status":200,"result":…}` or `{"status":422,"problem":…}` for one item's text.
    private static func writeItem(_ item: UnsafeRawBufferPointer, to writer: inout JSONWriter) {
        let definition: KPIDefinition
        let input: Range<Int>
        do {
            (definition, input) = try parseItem(item)
        } catch {
            return writeProblem(Problem(validation: error, instance: "/batch"), to: &writer)
        }
        do {
            let result = try definition.evaluate(json: UnsafeRawBufferPointer(rebasing: item[input]))
            writer.beginObject()
            writer.key("status")
            writer.write(200)
            writer.key("result")
            result.write(to: &writer)
            writer.endObject()
        } catch {
            let validation = switch error {
            case .invalid(let validation): validation
            // The envelope pass validated the JSON: only a value that is not an object gets here.
            case .notAnObject, .malformed: ValidationError(pointer: "", detail: "must be a JSON object")
            }
            writeProblem(Problem(validation: validation, instance: "/batch", pointerPrefix: "/input"), to: &writer)
        }
    }

    private static func writeProblem(_ problem: Problem, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("status")
        writer.write(problem.type.status.code)
        writer.key("problem")
        writer.write(problem.json)
        writer.endObject()
    }

    /// The item's KPI and where its `input` is, for an item already validated as JSON.
    private static func parseItem(_ item: UnsafeRawBufferPointer) throws(ValidationError) -> (KPIDefinition, Range<Int>) {
        var cursor = JSONCursor(item)
        var issues: [ValidationError.Issue] = []
        var definition: KPIDefinition?
        var kpiSeen = false
        var input: Range<Int>?
        var isObject = true
        do throws(JSONParseError) {
            isObject = try cursor.kind() == .object
            if isObject {
                var object = try cursor.beginObject()
                while let name = try cursor.nextMember(of: &object) {
                    switch name {
                    case "kpi":
                        kpiSeen = true
                        guard try cursor.kind() == .string else {
                            issues.append(.init(pointer: "/kpi", detail: "must be a string"))
                            try cursor.skipValue()
                            continue
                        }
                        definition = KPIRegistry.definition(id: try cursor.readString())
                        if definition == nil { issues.append(.init(pointer: "/kpi", detail: "is not a known KPI id")) }
                    case "input":
                        _ = try cursor.kind()
                        let start = cursor.offset
                        try cursor.skipValue()
                        input = start..<cursor.offset
                    default:
                        issues.append(.init(pointer: "/" + JSONPointer.escape(name), detail: "is not a known field"))
                        try cursor.skipValue()
                    }
                }
            }
        } catch {
            // Unreachable: the envelope pass validated every item's text.
            throw ValidationError(issues: [.init(pointer: "", detail: "is not valid JSON: \(error)")])
        }
        guard isObject else { throw ValidationError(issues: [.init(pointer: "", detail: "must be an object with kpi and input")]) }
        if !kpiSeen { issues.append(.init(pointer: "/kpi", detail: "is required")) }
        if input == nil { issues.append(.init(pointer: "/input", detail: "is required")) }
        guard let definition, let input, issues.isEmpty else { throw ValidationError(issues: issues) }
        return (definition, input)
    }
}
