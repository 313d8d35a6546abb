/// What happens to a record member or CSV column that names no field the KPI reads.
public enum UnknownFields: String, Sendable, CaseIterable {
    /// Each is a problem (the default for JSON and NDJSON).
    case reject
    /// Each is passed over and its name listed once in the result's `warnings` (the default for CSV).
    case ignore
}
