import Reading

/// A named preset for one system's export or API payload: the `source` reading option. A preset is data
/// (the column of each field, the system's words for a field's values, the date and number layout) and
/// cites the vendor document it follows; any reading option given beside it wins, key by key (a `columns`
/// entry replaces that one field's column, a `values` word that one word). With a preset, names that are no
/// field are ignored (`unknownFields: "ignore"`) unless the request says otherwise.
public struct SourcePreset: Sendable {
    /// The vendor document a preset follows.
    public struct Document: Sendable {
        /// The document's title, as the vendor gives it.
        public let title: String
        /// Where it is published.
        public let url: String
    }

    /// The id the `source` option takes (`hubspot-deals`).
    public let id: String
    /// What the preset reads, in words (`HubSpot deals export`).
    public let name: String
    /// The KPIs whose records it reads (their ids).
    public let kpis: [String]
    /// The record input it reads (`deals`).
    public let records: String
    /// The media types the vendor's file comes in (`text/csv`).
    public let mediaTypes: [String]
    /// The column (CSV) or member (JSON, NDJSON) of each field it reads, in the fields' order.
    public let columns: [(field: String, column: String)]
    /// For each choice field, the system's words for the field's declared values.
    public let values: [(field: String, words: [(word: String, value: String)])]
    /// How the system writes dates (a ``DateFormat`` name or pattern); `nil`: ISO 8601.
    public let dateFormat: String?
    /// How the system writes numbers (a ``NumberLayout`` name); `nil`: plain.
    public let numberFormat: String?
    /// Where the records are inside the system's JSON payload (a JSON Pointer), for an API payload's preset.
    public let recordsAt: String?
    /// The rows of the system's CSV header: the first names the columns, the rows after it up to this many
    /// (sub-headers such as SurveyMonkey's `Response`) are passed over; 1 for a header of one row.
    public let headerRows: Int
    /// Inputs of the KPIs it feeds that the system's file decides (`amountUnit: cents` for amounts in minor
    /// units), set when the request does not give them.
    public let options: [(name: String, value: String)]
    /// The vendor document the columns, words and layouts come from.
    public let document: Document

    init(
        id: String, name: String, kpis: [String], records: String, mediaTypes: [String],
        columns: [(field: String, column: String)], values: [(field: String, words: [(word: String, value: String)])],
        dateFormat: String?, numberFormat: String?, recordsAt: String? = nil, headerRows: Int = 1,
        options: [(name: String, value: String)] = [], document: Document
    ) {
        self.id = id
        self.name = name
        self.kpis = kpis
        self.records = records
        self.mediaTypes = mediaTypes
        self.columns = columns
        self.values = values
        self.dateFormat = dateFormat
        self.numberFormat = numberFormat
        self.recordsAt = recordsAt
        self.headerRows = headerRows
        self.options = options
        self.document = document
    }

    /// The preset with the id `id`, when there is one.
    public static func named(_ id: String) -> SourcePreset? {
        all.first { $0.id == id }
    }

    /// The ids of the presets, in the order of ``all``.
    public static var ids: [String] { all.map(\.id) }

    /// The known id nearest to `id` (case, spaces, `_` and `-` ignored, then the smallest edit distance).
    static func nearest(to id: String) -> String? {
        NearestColumn.to(id, among: ids)
    }

    /// The column the preset reads `field` from, when it names one.
    func column(of field: String) -> String? {
        columns.first { $0.field == field }?.column
    }
}
