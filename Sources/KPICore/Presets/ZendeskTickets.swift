extension SourcePreset {
    /// A Zendesk Support tickets export (Admin Center > Account > Tools > Reports > Export, CSV): the columns
    /// `Id`, `Created at`, `Solved at` (empty while unsolved) and `Assignee` among the ticket's others, and
    /// date-times in the account's time zone without an offset (`2024-03-05 14:22`).
    static let zendeskTickets = SourcePreset(
        id: "zendesk-tickets", name: "Zendesk tickets export",
        kpis: ["resolution-time"], records: "tickets", mediaTypes: ["text/csv"],
        columns: [("id", "Id"), ("openedAt", "Created at"), ("resolvedAt", "Solved at"), ("agent", "Assignee")],
        values: [],
        dateFormat: nil, numberFormat: nil,
        document: Document(
            title: "Exporting data to a JSON, CSV, or XML file",
            url: "https://support.zendesk.com/hc/en-us/articles/4408886165402"))
}
