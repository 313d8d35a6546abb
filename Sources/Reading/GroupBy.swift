/// What the `groupBy` reading option names, resolved once before the first record: a declared field (which
/// wins over a raw column of the same name) or a column of the input that is no field.
public enum GroupBy: Sendable, Equatable {
    /// The declared record field at this index among the record's fields.
    case field(Int)
    /// A column (CSV) or member (JSON, NDJSON) of the input that is no field: its cells are kept, interned,
    /// as they are read, and naming it makes it known under `unknownFields: "reject"`.
    case column(String)

    /// The most groups `groupBy` may make: a column with more distinct values is a 422 (about 100 bytes a group,
    /// so at most about 1 MB of groups in an answer).
    public static let groupLimit = 10_000
}
