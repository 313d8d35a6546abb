extension SourcePreset {
    /// A SurveyMonkey responses export (Analyze > Save as > Export file > All individual responses, CSV):
    /// `Respondent ID`, `Start Date`, `End Date` (`MM/DD/YYYY hh:mm:ss A`, the account's time zone, no offset)
    /// and one column per question, titled with the question's text (the NPS question's column is the user's
    /// `columns.score`); a second header row names each answer column (`Response`).
    ///
    /// Not served yet: its dates need the `timeZone` option, and its second header row must be passed over.
    static let surveyMonkeyResponses = SourcePreset(
        id: "surveymonkey-responses", name: "SurveyMonkey responses export",
        kpis: ["nps"], records: "responses", mediaTypes: ["text/csv"],
        columns: [("id", "Respondent ID"), ("respondedAt", "End Date")],
        values: [],
        dateFormat: "MM/DD/YYYY hh:mm:ss A", numberFormat: nil,
        document: Document(
            title: "Exporting Survey Results",
            url: "https://help.surveymonkey.com/en/surveymonkey/analyze/exporting-results/"))
}
