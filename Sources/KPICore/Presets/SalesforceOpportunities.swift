extension SourcePreset {
    /// Salesforce opportunities extracted with Data Loader (CSV): the header names the Opportunity object's API
    /// fields in capitals (`ID`, `CREATEDDATE`, `CLOSEDATE`, `STAGENAME`, `OWNERID`), date-times in UTC with
    /// milliseconds (`2024-01-08T15:04:11.000Z`) and dates alone (`CLOSEDATE`: `2024-02-14`, so a cycle counts
    /// calendar days). `StageName` decides the outcome, with the default sales process's stages
    /// (Opportunity object reference: `StageName`, `IsWon`, `IsClosed`); a custom stage is added with
    /// `values.outcome.<stage>=open`.
    static let salesforceOpportunities = SourcePreset(
        id: "salesforce-opportunities", name: "Salesforce opportunities (Data Loader CSV)",
        kpis: ["sales-cycle-length", "close-rate"], records: "deals", mediaTypes: ["text/csv"],
        columns: [("id", "ID"), ("createdAt", "CREATEDDATE"), ("closedAt", "CLOSEDATE"),
                  ("outcome", "STAGENAME"), ("rep", "OWNERID")],
        values: [("outcome", [
            ("Closed Won", "won"), ("Closed Lost", "lost"),
            ("Prospecting", "open"), ("Qualification", "open"), ("Needs Analysis", "open"), ("Value Proposition", "open"),
            ("Id. Decision Makers", "open"), ("Perception Analysis", "open"), ("Proposal/Price Quote", "open"),
            ("Negotiation/Review", "open"),
        ])],
        dateFormat: nil, numberFormat: nil,
        document: Document(
            title: "Opportunity | Object Reference for the Salesforce Platform",
            url: "https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunity.htm"))
}
