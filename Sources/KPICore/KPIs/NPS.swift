import JSON

extension KPIDefinition {
    private static let countFields = ["promoters", "passives", "detractors"]

    /// Net Promoter Score: % promoters − % detractors (minus, not divided), with its 95 % interval.
    static let nps = KPIDefinition(
        id: "nps", name: "Net Promoter Score",
        summary: "Percentage of promoters minus percentage of detractors, from raw scores or from counts.",
        formula: "NPS = promoterPercent − detractorPercent", unit: .score, betterDirection: .higher, statistics: .nps,
        inputs: [
            InputSpec("scores", .integers, .optional, minimum: 0, maximum: 10, minItems: 1,
                      doc: "Raw answers: whole numbers on the scale, 0 to 10 or 1 to 5 (give these or the counts).",
                      example: [10, 9, 8, 6, 10]),
            InputSpec("scale", .choice(["0-10", "1-5"]), .optional,
                      doc: "Scale of scores: 0-10 (9–10 promoters, 0–6 detractors; default) or 1-5 (4–5, 1–2).",
                      example: "0-10"),
            InputSpec("promoters", .count, .optional, doc: "Counts: promoters (default 0).", example: 60),
            InputSpec("passives", .count, .optional, doc: "Counts: passives (default 0).", example: 25),
            InputSpec("detractors", .count, .optional, doc: "Counts: detractors (default 0).", example: 15),
        ],
        example: ["promoters": 60, "passives": 25, "detractors": 15]
    ) { values, reader in
        let givenCounts = countFields.filter(values.has)
        var tally = (promoters: 0.0, passives: 0.0, detractors: 0.0)
        var breakdown: [KPIResult.Entry] = []
        var responses: Int64 = 0
        if values.has("scores") {
            for field in givenCounts { reader.issue("/" + field, "cannot be combined with scores") }
            guard let scores = values.integers("scores") else { return nil }
            let fivePoint = values.string("scale") == "1-5"
            tally = fivePoint ? count(scores, range: 1...5, promoters: 4, detractors: 2, &reader)
                : count(scores, range: 0...10, promoters: 9, detractors: 6, &reader)
            breakdown = [.init("promoters", tally.promoters), .init("passives", tally.passives), .init("detractors", tally.detractors)]
            responses = Int64(scores.count)
        } else {
            if values.has("scale") { reader.issue("/scale", "is only used with scores") }
            if givenCounts.isEmpty { reader.issue("/scores", "is required (or give promoters, passives, detractors)") }
            guard reader.isClean else { return nil }
            let counts = countFields.map { values.count($0) ?? 0 }
            guard let total = reader.sum(Array(zip(countFields, counts))) else { return nil }
            tally = (Double(counts[0]), Double(counts[1]), Double(counts[2]))
            breakdown = zip(countFields, counts).map { KPIResult.Entry($0, $1) }
            responses = total
            if total == 0 { reader.issue("", "must have promoters, passives and detractors adding up to more than 0") }
        }
        guard reader.isClean else { return nil }
        // Counts are added as integers (exact past 2⁵³); the percentages are computed in Double.
        let n = Double(responses)
        let promoterPercent = tally.promoters / n * 100
        let detractorPercent = tally.detractors / n * 100
        let value = promoterPercent - detractorPercent
        let (low, high) = Statistics.npsInterval(promoters: tally.promoters / n, detractors: tally.detractors / n, responses: n)
        return Computation(
            value: value,
            breakdown: breakdown + [
                .init("responses", responses), .init("promoterPercent", promoterPercent), .init("detractorPercent", detractorPercent),
            ],
            steps: [
                .init("promoterPercent", "promoters / responses × 100", "\(tally.promoters.formatted) / \(n.formatted) × 100", promoterPercent),
                .init("detractorPercent", "detractors / responses × 100", "\(tally.detractors.formatted) / \(n.formatted) × 100", detractorPercent),
                .init("nps", "promoterPercent − detractorPercent", "\(promoterPercent.formatted) − \(detractorPercent.formatted)", value),
            ],
            interval: .init(low: low, high: high),
            sample: .nps(promoters: Int64(tally.promoters), detractors: Int64(tally.detractors), responses: responses))
    }

    /// Counts promoters (≥ `promoters`), detractors (≤ `detractors`) and passives among `scores` (whole
    /// numbers from 0 to 10, as the reader checked), recording an issue for each score outside `range`.
    /// One pass tallies how often each score occurs; only when some lie outside `range` does a second pass
    /// find where.
    private static func count(
        _ scores: IntegerColumn, range: ClosedRange<Int64>, promoters: Int64, detractors: Int64, _ reader: inout InputReader
    ) -> (promoters: Double, passives: Double, detractors: Double) {
        let tally = scores.tally(below: 11)
        var buckets = (promoters: 0, passives: 0, detractors: 0, rejected: 0)
        for score in 0..<Int64(tally.count) {
            let n = tally[Int(score)]
            if !range.contains(score) { buckets.rejected += n }
            else if score >= promoters { buckets.promoters += n }
            else if score <= detractors { buckets.detractors += n }
            else { buckets.passives += n }
        }
        if buckets.rejected > 0 {
            var i = 0
            scores.forEach { score in
                if !range.contains(score) {
                    reader.issue("/scores/\(i)", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                }
                i += 1
            }
        }
        return (Double(buckets.promoters), Double(buckets.passives), Double(buckets.detractors))
    }
}
