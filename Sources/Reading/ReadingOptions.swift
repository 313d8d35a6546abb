/// The reading options of one request that say how its records are read: resolved once, before the first
/// record, never per row.
public struct ReadingOptions: Sendable, Equatable {
    /// The name each declared record field is read from (the field's own name unless `columns` maps it).
    public var names: [String]
    /// The `unknownFields` option, when given.
    public var unknownFields: UnknownFields?
    /// The `invalidRows` option (`reject` unless given).
    public var invalidRows = InvalidRows.reject
    /// The `numberFormat` option, when given (numbers written as strings are read only then).
    public var numberFormat: NumberLayout?
    /// The `dateFormat` option, when given (ISO 8601 otherwise).
    public var dateFormat: DateFormat?
    /// The `values` option: for each choice field by name, the input's words for its declared values.
    public var values: [String: [String: String]] = [:]
    /// The CSV field separator (`delimiter`): a comma unless given.
    public var delimiter = UInt8(ascii: ",")
    /// The name each field of an entry of the records' nested list is read from in the long form of lines (one
    /// line per entry): its `columns` entry or its own name; empty for records without a nested list.
    public var entryNames: [String] = []
    /// The `groupBy` option, when given: the field or column whose values make the result's groups.
    public var groupBy: GroupBy?
    /// The `timeZone` option, when given and known: the zone of local date-times and of dates alone.
    public var timeZone: TimeZoneRules?
    /// The rows of a CSV header (a `source` preset's): the first names the columns, the rest are passed over.
    public var headerRows = 1

    /// Options that read every field from its own name.
    public init(fields: [String]) {
        names = fields
        unknownFields = nil
    }

    /// Whether names that are no field are passed over, for a body whose default is `mediaDefault`.
    public func ignoresUnknown(byDefault mediaDefault: UnknownFields) -> Bool {
        (unknownFields ?? mediaDefault) == .ignore
    }
}
