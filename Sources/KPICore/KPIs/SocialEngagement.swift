import JSON

extension KPIDefinition {
    private static let interactionParts = ["likes", "comments", "shares"]

    /// Social media engagement rate: interactions per follower (or per account reached).
    static let socialEngagement = KPIDefinition(
        id: "social-engagement", name: "Social Media Engagement Rate",
        summary: "Interactions (likes, comments, shares) as a percentage of followers or of accounts reached.",
        formula: "engagementRate = interactions / followers (or reach) × 100", unit: .percent, betterDirection: .higher,
        inputs: [
            InputSpec("interactions", .count, .optional,
                      doc: "All interactions (give this or likes/comments/shares).", example: 250),
            InputSpec("likes", .count, .optional, doc: "Likes (default 0 when other parts are given).", example: 180),
            InputSpec("comments", .count, .optional, doc: "Comments (default 0 when other parts are given).", example: 40),
            InputSpec("shares", .count, .optional, doc: "Shares (default 0 when other parts are given).", example: 30),
            InputSpec("followers", .count, .optional, exclusiveMinimum: 0,
                      doc: "Audience: followers (give this or reach).", example: 5000),
            InputSpec("reach", .count, .optional, exclusiveMinimum: 0,
                      doc: "Audience: accounts reached (give this or followers).", example: 8000),
        ],
        example: ["likes": 180, "comments": 40, "shares": 30, "followers": 5000]
    ) { values, reader in
        let parts = interactionParts.filter(values.has)
        if values.has("interactions") {
            for part in parts { reader.issue("/" + part, "cannot be combined with interactions") }
        } else if parts.isEmpty {
            reader.issue("/interactions", "is required (or give likes, comments, shares)")
        }
        let audienceName = values.has("followers") ? "followers" : "reach"
        if values.has("followers"), values.has("reach") {
            reader.issue("/reach", "cannot be combined with followers")
        } else if !values.has("followers"), !values.has("reach") {
            reader.issue("/followers", "is required (or give reach)")
        }
        guard reader.isClean, let audience = values.count(audienceName) else { return nil }
        var breakdown: [KPIResult.Entry] = []
        var steps: [KPIResult.Step] = []
        let interactions: Int64
        if let given = values.count("interactions") {
            interactions = given
            breakdown.append(.init("interactions", given))
        } else {
            let counts = interactionParts.map { values.count($0) ?? 0 }
            guard let sum = reader.sum(zip(interactionParts, counts).map { (name: $0, value: $1) }) else { return nil }
            interactions = sum
            breakdown = zip(interactionParts, counts).map { KPIResult.Entry($0, $1) } + [.init("interactions", interactions)]
            steps.append(.init("interactions", "likes + comments + shares", counts.map(\.formatted).joined(separator: " + "),
                               count: interactions))
        }
        let value = Double(interactions) / Double(audience) * 100
        breakdown.append(.init(audienceName, audience))
        steps.append(.init("engagementRate", "interactions / \(audienceName) × 100",
                           "\(interactions.formatted) / \(audience.formatted) × 100", value))
        var computation = Computation(value: value, breakdown: breakdown, steps: steps)
        if interactions <= audience {
            let (low, high) = Statistics.wilson(successes: Double(interactions), trials: Double(audience))
            computation.interval = .init(low: low, high: high)
        } else {
            computation.warnings.append(
                "There are more interactions than \(audienceName), so the rate is not a proportion and has no interval.")
        }
        return computation
    }
}
