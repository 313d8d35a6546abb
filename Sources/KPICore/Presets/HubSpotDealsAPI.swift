extension SourcePreset {
    /// A HubSpot CRM search response for deals (`POST /crm/v3/objects/deals/search`) posted as it came: the
    /// deals are `results`, each with its `id` and its `properties` by internal name (`createdate`,
    /// `closedate` and `hs_lastmodifieddate` as UTC date-times with milliseconds, `dealstage` as the stage's
    /// internal id, `hubspot_owner_id`); ask for `closedate`, `dealstage` and `hubspot_owner_id` in the
    /// search's `properties`. A stage of another pipeline is added with `values.outcome.<id>=open`.
    static let hubSpotDealsAPI = SourcePreset(
        id: "hubspot-deals-api", name: "HubSpot CRM API deals search response",
        kpis: ["sales-cycle-length", "close-rate"], records: "deals", mediaTypes: ["application/json"],
        columns: [("id", "/id"), ("createdAt", "/properties/createdate"), ("closedAt", "/properties/closedate"),
                  ("outcome", "/properties/dealstage"), ("rep", "/properties/hubspot_owner_id")],
        values: [("outcome", [
            ("closedwon", "won"), ("closedlost", "lost"),
            ("appointmentscheduled", "open"), ("qualifiedtobuy", "open"), ("presentationscheduled", "open"),
            ("decisionmakerboughtin", "open"), ("contractsent", "open"),
        ])],
        dateFormat: nil, numberFormat: nil, recordsAt: "/results",
        document: Document(title: "CRM API | Search", url: "https://developers.hubspot.com/docs/api/crm/search"))
}
