extension SourcePreset {
    /// A Delighted survey responses listing (`GET /v1/survey_responses.json`) posted as it came: the payload is
    /// the array of responses itself, each with `id`, `score` (0 to 10) and `created_at` in Unix seconds,
    /// beside the person, the comment, the tags and the additional answers.
    static let delightedResponsesAPI = SourcePreset(
        id: "delighted-responses-api", name: "Delighted API survey responses listing",
        kpis: ["nps"], records: "responses", mediaTypes: ["application/json"],
        columns: [("score", "score"), ("respondedAt", "created_at"), ("id", "id")],
        values: [],
        dateFormat: "unix", numberFormat: nil, recordsAt: "",
        document: Document(title: "Listing survey responses", url: "https://delighted.com/docs/api/listing-survey-responses"))
}
