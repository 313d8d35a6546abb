import JSON
import Statistics

extension KPIDefinition {
    /// One dated answer of the `responses` form.
    private struct NPSResponse {
        let score: Field<Int64>
        let respondedAt: Field<Instant>
        let id: Field<RecordID>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            score = list.add(InputSpec(
                "score", .count, minimum: 0, maximum: 10, doc: "The answer: a whole number on the scale (0 to 10, or 1 to 5).", example: 9))
            respondedAt = list.add(InputSpec(
                "respondedAt", .date, doc: "When it was given (ISO 8601 date or date-time with offset).", example: "2024-03-04"))
            id = list.add(InputSpec("id", .identifier, .optional, doc: "Response id; a repeated id is counted once.", example: "r-1"))
            specs = list.specs
        }
    }

    /// The body of `POST /nps`: raw `scores`, dated `responses`, or the three counts.
    private struct NPSInputs {
        let response = NPSResponse()
        let scores: Field<IntegerColumn>
        let responses: Field<Records>
        let scale: Field<String>
        let promoters: Field<Int64>
        let passives: Field<Int64>
        let detractors: Field<Int64>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            scores = list.add(InputSpec(
                "scores", .integers, .optional, minimum: 0, maximum: 10, minItems: 1,
                doc: "Raw answers: whole numbers on the scale, 0 to 10 or 1 to 5 (give these, responses or the counts).",
                example: [10, 9, 8, 6, 10]))
            responses = list.add(InputSpec(
                "responses", .records(response.specs), .optional, minItems: 1,
                doc: "Dated answers (instead of scores): a series buckets them by respondedAt.",
                example: [["score": 10, "respondedAt": "2024-03-04", "id": "r-1"], ["score": 6, "respondedAt": "2024-03-05T10:00:00Z"]]))
            scale = list.add(InputSpec(
                "scale", .choice(["0-10", "1-5"]), .optional,
                doc: "Scale of scores or responses: 0-10 (9–10 promoters, 0–6 detractors; default) or 1-5 (4–5, 1–2).",
                example: "0-10"))
            promoters = list.add(InputSpec("promoters", .count, .optional, doc: "Counts: promoters (default 0).", example: 60))
            passives = list.add(InputSpec("passives", .count, .optional, doc: "Counts: passives (default 0).", example: 25))
            detractors = list.add(InputSpec("detractors", .count, .optional, doc: "Counts: detractors (default 0).", example: 15))
            specs = list.specs
        }
    }

    private static let npsInputs = NPSInputs()

    /// Promoters, passives and detractors, counted as integers (never as Doubles: a count near 2⁶³ would
    /// round up past `Int64.max`).
    private typealias Tally = (promoters: Int64, passives: Int64, detractors: Int64)

    /// Net Promoter Score: % promoters − % detractors (minus, not divided), with its 95 % interval.
    static let nps = KPIDefinition(
        id: "nps", name: "Net Promoter Score",
        summary: "Percentage of promoters minus percentage of detractors, from raw scores, dated responses or counts.",
        formula: "NPS = promoterPercent − detractorPercent", unit: .score, betterDirection: .higher, statistics: .nps,
        inputs: npsInputs.specs,
        example: ["promoters": 60, "passives": 25, "detractors": 15],
        events: EventDate(records: npsInputs.responses, date: npsInputs.response.respondedAt, id: npsInputs.response.id)
    ) { values, reader in
        let inputs = npsInputs
        let countFields = [inputs.promoters, inputs.passives, inputs.detractors]
        let givenCounts = countFields.filter { values.has($0) }
        var tally: Tally = (0, 0, 0)
        var breakdown: [KPIResult.Entry] = []
        var responses: Int64 = 0
        var warnings: [String] = []
        var detractorIds: [JSONValue]? = nil
        if values.has(inputs.scores) || values.has(inputs.responses) {
            let form = values.has(inputs.responses) ? "responses" : "scores"
            if values.has(inputs.scores), values.has(inputs.responses) {
                reader.issue("/scores", "cannot be combined with responses: give one of scores or responses")
            }
            for field in givenCounts { reader.issue("/" + values.name(field), "cannot be combined with \(form)") }
            let fivePoint = values[inputs.scale] == "1-5"
            let (range, promoterAt, detractorAt): (ClosedRange<Int64>, Int64, Int64) = fivePoint ? (1...5, 4, 2) : (0...10, 9, 6)
            if let records = values[inputs.responses] {
                let counted = count(records, inputs.response, range: range, promoters: promoterAt, detractors: detractorAt, &reader)
                tally = counted.tally
                responses = counted.responses
                warnings = counted.warnings
                detractorIds = counted.detractorIds
            } else {
                guard let scores = values[inputs.scores] else { return nil }
                tally = count(scores, range: range, promoters: promoterAt, detractors: detractorAt, &reader)
                responses = Int64(scores.count)
            }
            breakdown = [.init("promoters", tally.promoters), .init("passives", tally.passives), .init("detractors", tally.detractors)]
        } else {
            if values.has(inputs.scale) { reader.issue("/scale", "is only used with scores or responses") }
            if givenCounts.isEmpty { reader.issue("/scores", "is required (or give responses, or promoters, passives, detractors)") }
            guard reader.isClean else { return nil }
            let names = countFields.map { values.name($0) }
            let counts = countFields.map { values[$0] ?? 0 }
            guard let total = reader.sum(Array(zip(names, counts))) else { return nil }
            tally = (counts[0], counts[1], counts[2])
            breakdown = zip(names, counts).map { KPIResult.Entry($0, $1) }
            responses = total
            if total == 0 { reader.issue("", "must have promoters, passives and detractors adding up to more than 0") }
        }
        guard reader.isClean else { return nil }
        // Counts stay Int64 (exact past 2⁵³, checked when added); the percentages are computed in Double.
        let n = Double(responses)
        let (promoters, detractors) = (Double(tally.promoters), Double(tally.detractors))
        let promoterPercent = promoters / n * 100
        let detractorPercent = detractors / n * 100
        let value = promoterPercent - detractorPercent
        let (low, high) = Statistics.npsInterval(promoters: promoters / n, detractors: detractors / n, responses: n)
        return Computation(
            value: value,
            breakdown: breakdown + [
                .init("responses", responses), .init("promoterPercent", promoterPercent), .init("detractorPercent", detractorPercent),
            ] + (detractorIds.map { [.init("detractorIds", list: $0)] } ?? []),
            steps: [
                .init("promoterPercent", "promoters / responses × 100", "\(tally.promoters) / \(responses) × 100", promoterPercent),
                .init("detractorPercent", "detractors / responses × 100", "\(tally.detractors) / \(responses) × 100", detractorPercent),
                .init("nps", "promoterPercent − detractorPercent", "\(promoterPercent.formatted) − \(detractorPercent.formatted)", value),
            ],
            interval: .init(low: low, high: high),
            warnings: warnings,
            sample: .nps(promoters: tally.promoters, detractors: tally.detractors, responses: responses))
    }

    /// Counts the dated `responses` as ``count(_:range:promoters:detractors:_:)`` counts scores: each score
    /// outside `range` is an issue at its record, and a repeated id is counted once (with a warning).
    /// When any response has an id, the detractors' ids are listed (as given, in the body's order) so that
    /// someone can reach out to them, and a warning counts the detractors without one.
    private static func count(
        _ responses: Records, _ fields: NPSResponse, range: ClosedRange<Int64>, promoters: Int64, detractors: Int64,
        _ reader: inout InputReader
    ) -> (tally: Tally, responses: Int64, warnings: [String], detractorIds: [JSONValue]?) {
        var ids = RecordTally(responses, id: fields.id)
        var detractorIds: [JSONValue] = []
        var anonymousDetractors = 0
        var tally: Tally = (0, 0, 0)
        var counted: Int64 = 0
        var response = responses.makeCursor()
        while response.next() {
            guard let score = response[fields.score] else { continue }
            guard range.contains(score) else {
                reader.issue("/responses/\(response.row)/score", "must be a whole number from \(range.lowerBound) to \(range.upperBound)")
                continue
            }
            guard ids.isFirst(response) else { continue }
            counted += 1
            if score >= promoters {
                tally.promoters += 1
            } else if score <= detractors {
                tally.detractors += 1
                switch response[fields.id] {
                case .string(let id)?: detractorIds.append(.string(id))
                case .integer(let id)?: detractorIds.append(.number(JSONNumber(id)))
                case nil: anonymousDetractors += 1
                }
            } else {
                tally.passives += 1
            }
        }
        var warnings = ids.duplicateWarnings("responses")
        // Ids are listed only when the responses carry them (the keys of the id column).
        guard responses.keys(fields.id).count > 0 else { return (tally, counted, warnings, nil) }
        if anonymousDetractors > 0 {
            warnings.append("\(anonymousDetractors) \(anonymousDetractors == 1 ? "detractor has" : "detractors have") no id, so detractorIds leaves \(anonymousDetractors == 1 ? "it" : "them") out.")
        }
        return (tally, counted, warnings, detractorIds)
    }

    /// Counts promoters (≥ `promoters`), detractors (≤ `detractors`) and passives among `scores` (whole
    /// numbers from 0 to 10, as the reader checked), recording an issue for each score outside `range`.
    /// One pass tallies how often each score occurs; only when some lie outside `range` does a second pass
    /// find where.
    private static func count(
        _ scores: IntegerColumn, range: ClosedRange<Int64>, promoters: Int64, detractors: Int64, _ reader: inout InputReader
    ) -> Tally {
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
        return (Int64(buckets.promoters), Int64(buckets.passives), Int64(buckets.detractors))
    }
}
