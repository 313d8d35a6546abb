extension SourcePreset {
    /// Salesforce OpportunityHistory extracted with Data Loader (CSV): one row per change of an opportunity,
    /// `OPPORTUNITYID`, `STAGENAME` and `CREATEDDATE` (UTC with milliseconds, `2024-01-08T15:04:11.000Z`)
    /// among the amount, probability and close date of that moment; a row that repeats the stage before it is
    /// the same stay (an amount edit). It reads /pipeline-stages in the long form (one row per stage entry:
    /// `id`, `stage`, `enteredAt`); the pipeline's `stages` come with the request, and `Closed Lost` is the
    /// `lostStage` (the default sales process's lost stage): the row that ends a lost opportunity.
    static let salesforceOpportunityHistory = SourcePreset(
        id: "salesforce-opportunity-history", name: "Salesforce opportunity history (Data Loader CSV)",
        kpis: ["pipeline-stages"], records: "deals", mediaTypes: ["text/csv"],
        columns: [("id", "OPPORTUNITYID"), ("stage", "STAGENAME"), ("enteredAt", "CREATEDDATE")],
        values: [],
        dateFormat: nil, numberFormat: nil, options: [("lostStage", "Closed Lost")],
        document: Document(
            title: "OpportunityHistory | Object Reference for the Salesforce Platform",
            url: "https://developer.salesforce.com/docs/atlas.en-us.object_reference.meta/object_reference/sforce_api_objects_opportunityhistory.htm"))
}
