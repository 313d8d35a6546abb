extension SourcePreset {
    /// A SurveyMonkey responses export (Analyze > Save as > Export file > All individual responses, CSV):
    /// `Respondent ID`, `Start Date`, `End Date` (`MM/DD/YYYY hh:mm:ss A`, the account's time zone, no offset:
    /// the request gives `timeZone`) and one column per question, titled with the question's text. The score
    /// is read from the column of SurveyMonkey's Net Promoter Score question, titled with its text (a survey
    /// that words it otherwise gives its own title as `columns.score`). A second header row names each answer
    /// column (`Response`, `Open-Ended Response`) and is passed over.
    static let surveyMonkeyResponses = SourcePreset(
        id: "surveymonkey-responses", name: "SurveyMonkey responses export",
        kpis: ["nps"], records: "responses", mediaTypes: ["text/csv"],
        columns: [
            ("score", "How likely is it that you would recommend this company to a friend or colleague?"),
            ("respondedAt", "End Date"), ("id", "Respondent ID"),
        ],
        values: [],
        dateFormat: "MM/DD/YYYY hh:mm:ss A", numberFormat: nil, headerRows: 2,
        document: Document(
            title: "Exporting Survey Results",
            url: "https://help.surveymonkey.com/en/surveymonkey/analyze/exporting-results/"))
}
