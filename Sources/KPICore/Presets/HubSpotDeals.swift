extension SourcePreset {
    /// A HubSpot deals export (CRM > Deals > Export, CSV): the columns are the default deal properties' labels
    /// (`Record ID`, `Create Date`, `Close Date`, `Deal Stage`, `Deal owner`), the stages the default sales
    /// pipeline's labels, the file starts with a byte-order mark, and date-times are written in the account's
    /// time zone without an offset (`2024-03-05 14:22`). A stage of another pipeline is added with
    /// `values.outcome.<label>=open`.
    static let hubSpotDeals = SourcePreset(
        id: "hubspot-deals", name: "HubSpot deals export",
        kpis: ["sales-cycle-length", "close-rate"], records: "deals", mediaTypes: ["text/csv"],
        columns: [("id", "Record ID"), ("createdAt", "Create Date"), ("closedAt", "Close Date"),
                  ("outcome", "Deal Stage"), ("rep", "Deal owner")],
        values: [("outcome", [
            ("Closed Won", "won"), ("Closed Lost", "lost"),
            ("Appointment Scheduled", "open"), ("Qualified To Buy", "open"), ("Presentation Scheduled", "open"),
            ("Decision Maker Bought-In", "open"), ("Contract Sent", "open"),
        ])],
        dateFormat: nil, numberFormat: nil,
        document: Document(
            title: "HubSpot's default deal properties",
            url: "https://knowledge.hubspot.com/crm-deals/hubspots-default-deal-properties"))
}
