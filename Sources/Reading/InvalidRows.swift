/// What happens to a record with a problem (a value that cannot be read, or that the KPI refuses).
public enum InvalidRows: String, Sendable, CaseIterable {
    /// Any bad record makes the request a 422 (the default).
    case reject
    /// Bad records are left out, reported in the result's `skipped` and a warning.
    case skip
}
