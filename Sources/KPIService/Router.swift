/// Finds the ``Endpoint`` for a path: exact paths by lookup, then the paths ending in a parameter segment
/// by prefix (one segment: `/kpis/cac` matches `/kpis/{id}`, `/kpis/cac/x` matches nothing).
struct Router: Sendable {
    /// A matched route and the value of its parameter segment.
    struct Match {
        let endpoint: Endpoint
        let parameter: String?
    }

    private var exact: [String: Endpoint] = [:]
    private var parameterised: [(prefix: String, endpoint: Endpoint)] = []

    /// A router over `endpoints` (a programming error if two declare the same path).
    init(_ endpoints: [Endpoint]) {
        for endpoint in endpoints {
            if let prefix = endpoint.parameterPrefix {
                precondition(!parameterised.contains { $0.prefix == prefix }, "route \(endpoint.path) declared twice")
                parameterised.append((String(prefix), endpoint))
            } else {
                precondition(exact[endpoint.path] == nil, "route \(endpoint.path) declared twice")
                exact[endpoint.path] = endpoint
            }
        }
    }

    /// The route for `path` (no query), or `nil`.
    func match(_ path: String) -> Match? {
        if let endpoint = exact[path] { return Match(endpoint: endpoint, parameter: nil) }
        for (prefix, endpoint) in parameterised where path.hasPrefix(prefix) {
            let value = path.utf8.dropFirst(prefix.utf8.count)
            guard !value.isEmpty, !value.contains(UInt8(ascii: "/")) else { continue }
            return Match(endpoint: endpoint, parameter: String(Substring(value)))
        }
        return nil
    }
}
