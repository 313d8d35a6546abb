extension SourcePreset {
    /// A Pipedrive deals export (Deals > … > Export filter results, CSV): every column is the field's label
    /// after `Deal - ` (`Deal - ID`, `Deal - Deal created`, `Deal - Deal closed on`, `Deal - Status`,
    /// `Deal - Owner`), the status `Open`, `Won` or `Lost`, and date-times in the user's time zone without an
    /// offset (`2024-03-05 14:22:10`).
    static let pipedriveDeals = SourcePreset(
        id: "pipedrive-deals", name: "Pipedrive deals export",
        kpis: ["sales-cycle-length", "close-rate"], records: "deals", mediaTypes: ["text/csv"],
        columns: [("id", "Deal - ID"), ("createdAt", "Deal - Deal created"), ("closedAt", "Deal - Deal closed on"),
                  ("outcome", "Deal - Status"), ("rep", "Deal - Owner")],
        values: [("outcome", [("Won", "won"), ("Lost", "lost"), ("Open", "open")])],
        dateFormat: nil, numberFormat: nil,
        document: Document(
            title: "Exporting data from Pipedrive",
            url: "https://support.pipedrive.com/en/article/exporting-data-from-pipedrive"))
}
