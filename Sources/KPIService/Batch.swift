import JSON
import KPICore

/// `POST /batch`: many KPI computations in one request, each item succeeding or failing on its own.
enum Batch {
    /// The most items one batch may hold.
    static let maxItems = 1000

    /// The batch response for a parsed body (an object).
    ///
    /// - Throws: a 422 `ValidationError` when the envelope itself is wrong (no `items`, not an array, too many
    ///   items, unknown top-level fields). Problems inside an item become that item's 422 with pointers relative
    ///   to the item (`/input/newCustomers`, `/kpi`).
    static func evaluate(_ body: JSONValue) throws(ValidationError) -> [UInt8] {
        guard let object = body.objectValue else {
            throw ValidationError(issues: [.init(pointer: "", detail: "must be a JSON object")])
        }
        var issues: [ValidationError.Issue] = []
        for key in object.keys where key != "items" {
            issues.append(.init(pointer: "/" + escape(key), detail: "is not a known field"))
        }
        guard let itemsValue = object["items"] else {
            throw ValidationError(issues: issues + [.init(pointer: "/items", detail: "is required")])
        }
        guard let items = itemsValue.arrayValue else {
            throw ValidationError(issues: issues + [.init(pointer: "/items", detail: "must be an array")])
        }
        if items.count > maxItems {
            issues.append(.init(pointer: "/items", detail: "must have at most \(maxItems) items"))
        }
        if !issues.isEmpty { throw ValidationError(issues: issues) }
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("results")
        writer.beginArray()
        for item in items {
            writeItem(item, to: &writer)
        }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// `{"status":200,"result":…}` or `{"status":422,"problem":…}`.
    private static func writeItem(_ item: JSONValue, to writer: inout JSONWriter) {
        writer.beginObject()
        writer.key("status")
        do {
            let (definition, input) = try parseItem(item)
            do {
                let result = try definition.evaluate(input)
                writer.write(200)
                writer.key("result")
                result.write(to: &writer)
            } catch {
                writer.write(422)
                writer.key("problem")
                writer.write(Problem(validation: error, instance: "/batch", pointerPrefix: "/input").json)
            }
        } catch {
            writer.write(422)
            writer.key("problem")
            writer.write(Problem(validation: error, instance: "/batch").json)
        }
        writer.endObject()
    }

    private static func parseItem(_ item: JSONValue) throws(ValidationError) -> (KPIDefinition, JSONValue) {
        guard let object = item.objectValue else {
            throw ValidationError(issues: [.init(pointer: "", detail: "must be an object with kpi and input")])
        }
        var issues: [ValidationError.Issue] = []
        for key in object.keys where key != "kpi" && key != "input" {
            issues.append(.init(pointer: "/" + escape(key), detail: "is not a known field"))
        }
        var definition: KPIDefinition?
        switch object["kpi"] {
        case nil: issues.append(.init(pointer: "/kpi", detail: "is required"))
        case .string(let id)?:
            definition = KPIRegistry.definition(id: id)
            if definition == nil { issues.append(.init(pointer: "/kpi", detail: "is not a known KPI id")) }
        default: issues.append(.init(pointer: "/kpi", detail: "must be a string"))
        }
        let input = object["input"]
        if input == nil { issues.append(.init(pointer: "/input", detail: "is required")) }
        guard let definition, let input, issues.isEmpty else { throw ValidationError(issues: issues) }
        return (definition, input)
    }

    /// A member name as a JSON Pointer token (RFC 6901 §3: `~` → `~0`, `/` → `~1`).
    static func escape(_ token: String) -> String {
        var escaped = ""
        for character in token {
            switch character {
            case "~": escaped += "~0"
            case "/": escaped += "~1"
            default: escaped.append(character)
            }
        }
        return escaped
    }
}
