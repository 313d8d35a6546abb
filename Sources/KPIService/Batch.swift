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
                writeItem(body, item, to: &writer)
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
        var envelope = try JSONEnvelope.body(body, known: ["items"], elementsOf: "items", limit: maxItems)
        if let items = envelope.require("items") {
            if items.kind != .array { envelope.issue("/items", "must be an array") }
            if envelope.elementCount > maxItems { envelope.issue("/items", "must have at most \(maxItems) items") }
        }
        try envelope.check()
        return envelope.elements
    }

    /// `{"status":200,"result":…}` or `{"status":422,"problem":…}` for the item at `item` in `body`.
    private static func writeItem(_ body: UnsafeRawBufferPointer, _ item: Range<Int>, to writer: inout JSONWriter) {
        let definition: KPIDefinition
        let input: Range<Int>
        do {
            (definition, input) = try parseItem(body, item)
        } catch {
            return writeProblem(Problem(validation: error, instance: "/batch"), to: &writer)
        }
        switch definition.evaluate(body, input) {
        case .success(let result):
            writer.beginObject()
            writer.key("status")
            writer.write(200)
            writer.key("result")
            result.write(to: &writer)
            writer.endObject()
        case .failure(let validation):
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
    private static func parseItem(_ body: UnsafeRawBufferPointer, _ item: Range<Int>) throws(ValidationError) -> (KPIDefinition, Range<Int>) {
        let read = Result { () throws(JSONParseError) in try JSONEnvelope.read(body, in: item, known: ["kpi", "input"]) }
        // A parse error is unreachable: the envelope pass validated every item's text.
        guard case .success(var envelope?) = read else {
            throw ValidationError(issues: [.init(pointer: "", detail: "must be an object with kpi and input")])
        }
        let definition = envelope.definition()
        let input = envelope.require("input")
        guard let definition, let input, envelope.issues.isEmpty else { throw envelope.issues.validationError }
        return (definition, input.range)
    }
}
