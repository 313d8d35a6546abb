import JSON

/// `json` with its `only`-th number (depth first, counted by `index`) replaced by `value`, or every number when
/// `only` is `nil`: how the hostile-number property tests put an edge value into each numeric field of a body.
public func substitute(_ json: JSONValue, _ value: JSONValue, only: Int?, index: inout Int) -> JSONValue {
    switch json {
    case .number:
        defer { index += 1 }
        return only == nil || only == index ? value : json
    case .array(let elements):
        return .array(JSONArray(elements.map { substitute($0, value, only: only, index: &index) }))
    case .object(var object):
        for m in object.members.indices {
            object.members[m].value = substitute(object.members[m].value, value, only: only, index: &index)
        }
        return .object(object)
    default:
        return json
    }
}
