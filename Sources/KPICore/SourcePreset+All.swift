extension SourcePreset {
    /// Every preset `GET /sources` lists and the `source` option takes, one file per vendor export in
    /// `Presets/`.
    public static let all: [SourcePreset] = [
        .hubSpotDeals, .hubSpotDealsAPI, .salesforceOpportunities, .pipedriveDeals, .zendeskTickets, .delightedResponses, .delightedResponsesAPI,
    ]
}
