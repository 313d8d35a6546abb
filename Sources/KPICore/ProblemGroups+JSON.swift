import JSON
import Reading

extension ProblemGroups {
    /// The groups as JSON: `[{ "field", "detail", "rows", "first" }]`, then `{ "field": "", "detail": "…more
    /// distinct problems", "rows": n, "first": [] }` when some were beyond the limit.
    public var json: JSONValue {
        var entries = groups.map { group -> JSONValue in
            ["field": .string(group.field), "detail": .string(group.detail), "rows": .int(group.rows),
             "first": .array(JSONArray(group.first.map(JSONValue.string)))]
        }
        if more > 0 {
            entries.append(["field": "", "detail": "problems of other kinds, not grouped", "rows": .int(more), "first": []])
        }
        return .array(JSONArray(entries))
    }
}
