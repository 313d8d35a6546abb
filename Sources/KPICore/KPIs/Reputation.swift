import JSON
import Statistics

extension KPIDefinition {
    /// The counted mentions of the `mentions` reading.
    private struct Mentions {
        let positive: Field<Int64>
        let neutral: Field<Int64>
        let negative: Field<Int64>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            positive = list.add(InputSpec("positive", .count, doc: "Mentions with a positive tone.", example: 120))
            neutral = list.add(InputSpec("neutral", .count, doc: "Mentions with a neutral tone.", example: 60))
            negative = list.add(InputSpec("negative", .count, doc: "Mentions with a negative tone.", example: 20))
            specs = list.specs
        }
    }

    /// The body of `POST /reputation`: review stars, or counted mentions (with share of voice).
    private struct ReputationInputs {
        let mention = Mentions()
        let ratings: Field<IntegerColumn>
        let mentions: Field<InputValues>
        let ourMentions: Field<Int64>
        let totalMentions: Field<Int64>
        let specs: [InputSpec]
        /// Ratings or mentions, by the fields given (ratings when neither is).
        let readings: InputRule

        init() {
            var list = FieldList()
            ratings = list.add(InputSpec(
                "ratings", .integers, .optional, minimum: 1, maximum: 5, minItems: 1,
                doc: "Review stars, one whole number from 1 to 5 per review (give these or mentions).", example: [5, 4, 4, 3, 5, 2, 5]))
            mentions = list.add(InputSpec(
                "mentions", .object(mention.specs), .optional,
                doc: "Mentions of the brand counted by tone (instead of ratings).",
                example: ["positive": 120, "neutral": 60, "negative": 20]))
            ourMentions = list.add(InputSpec(
                "ourMentions", .count, .optional,
                doc: "Mentions reading: mentions of the brand, for share of voice (default: the mentions counted).", example: 200))
            totalMentions = list.add(InputSpec(
                "totalMentions", .count, .optional, exclusiveMinimum: 0,
                doc: "Mentions reading: mentions of the brand and its competitors in the same channels; adds share of voice.",
                example: 800))
            specs = list.specs
            readings = .oneOf([
                .all([ratings], name: "ratings"),
                .all([mentions], optional: [ourMentions, totalMentions], name: "mentions"),
            ], wording: .init(
                conflict: { "is not used with the \($0) reading" }, conflictWhenSelected: { "is not used with the \($0) reading" },
                missing: { _, others in "is required (or give \(others.joined(separator: " or ")))" }))
        }
    }

    private static let reputationInputs = ReputationInputs()

    /// Reputation: the mean of review stars, or the net sentiment of counted mentions.
    static let reputation = KPIDefinition(
        id: "reputation", name: "Reputation",
        summary: "Mean review stars (1–5) with a t interval and the share of 4–5 stars; or net sentiment of mentions (% positive − % negative) with share of voice.",
        formula: "reputation = totalStars / ratings (or positivePercent − negativePercent from mentions)",
        unit: .score, betterDirection: .higher, statistics: .meanOverRecords,
        inputs: reputationInputs.specs, rules: [reputationInputs.readings],
        example: ["ratings": [5, 4, 4, 3, 5, 2, 5]]
    ) { values, reader in
        let inputs = reputationInputs
        guard inputs.readings.takenName(in: values) == "mentions" else {
            guard reader.isClean, let ratings = values[inputs.ratings] else { return nil }
            return stars(ratings)
        }
        return sentiment(values, inputs, &reader)
    }

    /// The ratings reading: the mean of the stars with its t interval, `mean ± t(0.975, n − 1)·s/√n`
    /// clamped to 1…5 (none for a single rating), and the share of 4–5 stars with its Wilson interval.
    private static func stars(_ ratings: IntegerColumn) -> Computation {
        let counts = ratings.tally(below: 6)
        let n = Int64(ratings.count)
        var total: Int64 = 0
        for star in 1...5 { total += Int64(star) * Int64(counts[star]) }
        let mean = Double(total) / Double(n)
        // The sample variance (divisor n − 1), centred on the mean.
        var squares = 0.0
        for star in 1...5 { squares += Double(counts[star]) * (Double(star) - mean) * (Double(star) - mean) }
        let variance = n > 1 ? squares / Double(n - 1) : 0
        let deviation = variance.squareRoot()
        var interval: KPIResult.Interval? = nil
        var warnings: [String] = []
        if n > 1 {
            // Student's t interval of a mean.
            let half = Statistics.studentTQuantile(0.975, degreesOfFreedom: Double(n - 1)) * deviation / Double(n).squareRoot()
            interval = .init(low: max(1, mean - half), high: min(5, mean + half))
        } else {
            warnings.append("A single rating gives no interval for the mean: its spread is unknown.")
        }
        let good = Int64(counts[4] + counts[5])
        let share = Double(good) / Double(n) * 100
        let (low, high) = Statistics.wilson(successes: Double(good), trials: Double(n))
        return Computation(
            value: mean,
            breakdown: [.init("ratings", n)] + (1...5).map { KPIResult.Entry("stars\($0)", Int64(counts[$0])) } + [
                .init("totalStars", total), .init("standardDeviation", deviation),
                .init("fourOrFiveStarPercent", share), .init("fourOrFiveStarLow", low), .init("fourOrFiveStarHigh", high),
            ],
            steps: [
                .init("totalStars", "1 × stars1 + 2 × stars2 + 3 × stars3 + 4 × stars4 + 5 × stars5",
                      (1...5).map { "\($0) × \(counts[$0])" }.joined(separator: " + "), count: total),
                .init("fourOrFiveStarPercent", "(stars4 + stars5) / ratings × 100",
                      "(\(counts[4]) + \(counts[5])) / \(n)", "×", "100", share),
                .init("reputation", "totalStars / ratings", total.formatted, "/", n.formatted, mean),
            ],
            interval: interval, warnings: warnings,
            sample: .values(mean: mean, variance: variance, count: Int(n)))
    }

    /// The mentions reading: `positivePercent − negativePercent` (−100…100) with the NPS interval
    /// (``Statistics/npsInterval(promoters:detractors:responses:)``: positive mentions in the place of
    /// promoters, negative ones in that of detractors), and share of voice when `totalMentions` is given.
    private static func sentiment(_ values: InputValues, _ inputs: ReputationInputs, _ reader: inout InputReader) -> Computation? {
        let fields = inputs.mention
        if values.has(inputs.ourMentions), !values.has(inputs.totalMentions) {
            reader.issue("/totalMentions", "is required with ourMentions (share of voice is ourMentions / totalMentions)")
        }
        guard reader.isClean, let mentions = values[inputs.mentions], let positive = mentions[fields.positive],
            let neutral = mentions[fields.neutral], let negative = mentions[fields.negative],
            let counted = reader.sum([("mentions/positive", positive), ("mentions/neutral", neutral), ("mentions/negative", negative)])
        else { return nil }
        guard counted > 0 else {
            reader.issue("/mentions", "must hold at least one mention")
            return nil
        }
        let n = Double(counted)
        let positivePercent = Double(positive) / n * 100
        let negativePercent = Double(negative) / n * 100
        let value = positivePercent - negativePercent
        let (low, high) = Statistics.npsInterval(promoters: Double(positive) / n, detractors: Double(negative) / n, responses: n)
        var breakdown: [KPIResult.Entry] = [
            .init("positive", positive), .init("neutral", neutral), .init("negative", negative), .init("mentions", counted),
            .init("positivePercent", positivePercent), .init("negativePercent", negativePercent),
        ]
        var steps: [KPIResult.Step] = [
            .init("positivePercent", "positive / mentions × 100", positive.formatted, "/", counted.formatted, suffix: " × 100", positivePercent),
            .init("negativePercent", "negative / mentions × 100", negative.formatted, "/", counted.formatted, suffix: " × 100", negativePercent),
        ]
        if let total = values[inputs.totalMentions] {
            let ours = values[inputs.ourMentions] ?? counted
            guard ours <= total else {
                reader.issue(
                    values.has(inputs.ourMentions) ? "/ourMentions" : "/totalMentions",
                    values.has(inputs.ourMentions) ? "must not be greater than totalMentions"
                        : "must not be less than the mentions counted (\(counted))")
                return nil
            }
            let share = Double(ours) / Double(total) * 100
            let (shareLow, shareHigh) = Statistics.wilson(successes: Double(ours), trials: Double(total))
            breakdown += [
                .init("ourMentions", ours), .init("totalMentions", total), .init("shareOfVoice", share),
                .init("shareOfVoiceLow", shareLow), .init("shareOfVoiceHigh", shareHigh),
            ]
            steps.append(.init("shareOfVoice", "ourMentions / totalMentions × 100", ours.formatted, "/", total.formatted, suffix: " × 100", share))
        }
        steps.append(.init("reputation", "positivePercent − negativePercent", positivePercent.formatted, "−", negativePercent.formatted, value))
        return Computation(
            value: value, breakdown: breakdown, steps: steps, interval: .init(low: low, high: high),
            sample: .nps(promoters: positive, detractors: negative, responses: counted))
    }
}
