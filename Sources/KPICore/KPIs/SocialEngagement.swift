import JSON
import Statistics

extension KPIDefinition {
    /// The body of `POST /social-engagement`.
    private struct SocialEngagementInputs: Sendable {
        let interactions: Field<Int64>
        let likes: Field<Int64>
        let comments: Field<Int64>
        let shares: Field<Int64>
        let followers: Field<Int64>
        let reach: Field<Int64>
        let specs: [InputSpec]
        /// `interactions` or its parts; `followers` or `reach`.
        let rules: [InputRule]

        /// The parts of `interactions`, in order.
        var parts: [Field<Int64>] { [likes, comments, shares] }

        init() {
            var list = FieldList()
            interactions = list.add(InputSpec(
                "interactions", .count, .optional, doc: "All interactions (give this or likes/comments/shares).", example: 250))
            likes = list.add(InputSpec("likes", .count, .optional, doc: "Likes (default 0 when other parts are given).", example: 180))
            comments = list.add(InputSpec(
                "comments", .count, .optional, doc: "Comments (default 0 when other parts are given).", example: 40))
            shares = list.add(InputSpec("shares", .count, .optional, doc: "Shares (default 0 when other parts are given).", example: 30))
            followers = list.add(InputSpec(
                "followers", .count, .optional, exclusiveMinimum: 0, doc: "Audience: followers (give this or reach).", example: 5000))
            reach = list.add(InputSpec(
                "reach", .count, .optional, exclusiveMinimum: 0, doc: "Audience: accounts reached (give this or followers).", example: 8000))
            specs = list.specs
            rules = [
                .oneOf([.all([interactions]), .any([likes, comments, shares])]),
                .oneOf([.all([followers]), .all([reach])]),
            ]
        }

        /// `interactions`, or the sum of its parts (`nil` past 2⁶³ − 1).
        var allInteractions: Solvable.Operand {
            Solvable.Operand { [self] values in
                if let given = values[interactions] { return Double(given) }
                var sum: Int64 = 0
                for part in parts {
                    let (next, overflow) = sum.addingReportingOverflow(values[part] ?? 0)
                    if overflow { return nil }
                    sum = next
                }
                return Double(sum)
            }
        }
    }

    private static let socialEngagementInputs = SocialEngagementInputs()

    /// Social media engagement rate: interactions per follower (or per account reached).
    static let socialEngagement = KPIDefinition(
        id: "social-engagement", name: "Social Media Engagement Rate",
        summary: "Interactions (likes, comments, shares) as a percentage of followers or of accounts reached.",
        formula: "engagementRate = interactions / followers (or reach) × 100", unit: .percent, betterDirection: .higher,
        inputs: socialEngagementInputs.specs, rules: socialEngagementInputs.rules,
        example: ["likes": 180, "comments": 40, "shares": 30, "followers": 5000],
        solvable: [
            .numerator(
                socialEngagementInputs.interactions, of: .first([socialEngagementInputs.followers, socialEngagementInputs.reach]), scale: 100),
            .denominator(socialEngagementInputs.followers, over: socialEngagementInputs.allInteractions, scale: 100),
            .denominator(socialEngagementInputs.reach, over: socialEngagementInputs.allInteractions, scale: 100),
        ]
    ) { values, reader in
        let inputs = socialEngagementInputs
        let audienceField = values.has(inputs.followers) ? inputs.followers : inputs.reach
        let audienceName = values.name(audienceField)
        guard reader.isClean, let audience = values[audienceField] else { return nil }
        var breakdown: [KPIResult.Entry] = []
        var steps: [KPIResult.Step] = []
        let interactions: Int64
        if let given = values[inputs.interactions] {
            interactions = given
            breakdown.append(.init("interactions", given))
        } else {
            let names = inputs.parts.map { values.name($0) }
            let counts = inputs.parts.map { values[$0] ?? 0 }
            guard let sum = reader.sum(zip(names, counts).map { (name: $0, value: $1) }) else { return nil }
            interactions = sum
            breakdown = zip(names, counts).map { KPIResult.Entry($0, $1) } + [.init("interactions", interactions)]
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
