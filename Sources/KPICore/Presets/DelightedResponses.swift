extension SourcePreset {
    /// A Delighted responses export (Dashboard > Export, CSV): `Response ID`, `Score` (0 to 10) and
    /// `Response timestamp`, written with the account's offset (`2024-04-11 12:10:00 +0530`), among the
    /// person's columns, the comment and the tags.
    static let delightedResponses = SourcePreset(
        id: "delighted-responses", name: "Delighted responses export",
        kpis: ["nps"], records: "responses", mediaTypes: ["text/csv"],
        columns: [("score", "Score"), ("respondedAt", "Response timestamp"), ("id", "Response ID")],
        values: [],
        dateFormat: nil, numberFormat: nil,
        document: Document(title: "Frequently Asked Questions (Exporting your data)", url: "https://delighted.com/faq"))
}
