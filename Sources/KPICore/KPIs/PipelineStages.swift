import JSON

extension KPIDefinition {
    private static let historyFields = [
        InputSpec("stage", .string, doc: "A stage name from stages.", example: "qualified"),
        InputSpec("enteredAt", .date, doc: "When the deal entered the stage (not before the previous entry).",
                  example: "2024-03-04"),
    ]
    private static let dealFields = [
        InputSpec("id", .identifier, doc: "Deal id; a repeated id is counted once.", example: "d-1"),
        InputSpec("history", .records(historyFields), minItems: 1, doc: "Stages the deal entered, in time order.",
                  example: [["stage": "lead", "enteredAt": "2024-03-01"], ["stage": "qualified", "enteredAt": "2024-03-04"]]),
        InputSpec("outcome", .choice(["won", "lost", "open"]), .optional, doc: "won, lost or open (default open).",
                  example: "open"),
    ]

    /// Pipeline stage conversion: how deals flow from stage to stage, and where they drop off.
    static let pipelineStages = KPIDefinition(
        id: "pipeline-stages", name: "Pipeline Stage Conversion",
        summary: "Deals entering each pipeline stage, days spent there and conversion to the next; value is first → last stage.",
        formula: "pipelineConversion = enteredLastStage / enteredFirstStage × 100", unit: .percent, betterDirection: .higher,
        inputs: [
            InputSpec("stages", .strings, minItems: 2, maxItems: 100,
                      doc: "Stage names in pipeline order (two to a hundred, distinct).",
                      example: ["lead", "qualified", "proposal", "won"]),
            InputSpec("deals", .records(dealFields), minItems: 1, doc: "Deals with their stage history.",
                      example: [["id": "d-1", "history": [["stage": "lead", "enteredAt": "2024-03-01"],
                                                          ["stage": "qualified", "enteredAt": "2024-03-04"]]]]),
        ],
        example: [
            "stages": ["lead", "qualified", "proposal", "won"],
            "deals": [
                ["id": "d-1", "outcome": "won", "history": [
                    ["stage": "lead", "enteredAt": "2024-03-01"], ["stage": "qualified", "enteredAt": "2024-03-04"],
                    ["stage": "proposal", "enteredAt": "2024-03-10"], ["stage": "won", "enteredAt": "2024-03-20"]]],
                ["id": "d-2", "outcome": "lost", "history": [
                    ["stage": "lead", "enteredAt": "2024-03-02"], ["stage": "qualified", "enteredAt": "2024-03-06"]]],
                ["id": "d-3", "history": [["stage": "lead", "enteredAt": "2024-03-05"]]],
            ],
        ]
    ) { values, reader in
        var stageIndex: [String: Int] = [:]
        for (j, stage) in (values.strings("stages") ?? []).enumerated() {
            if stageIndex[stage] != nil { reader.issue("/stages/\(j)", "repeats an earlier stage") }
            else { stageIndex[stage] = j }
        }
        let stages = values.strings("stages")
        guard let deals = values.records("deals") else { return nil }
        var flow = PipelineFlow(stageCount: stages?.count ?? 0)
        var tally = RecordTally(records: deals.count)
        var deal = deals.makeCursor()
        var entry = (deal.children(1) ?? Records(specs: historyFields)).makeCursor()
        while deal.next() {
            var furthest = 0
            var previous: (stage: Int, at: Instant)?
            var spans: [(stage: Int, days: Double)] = []
            // The deal's history is the next `integer(1)` rows of the history table.
            for j in 0..<Int(deal.integer(1) ?? 0) {
                guard entry.next(), let name = entry.string(0), let at = entry.date(1) else { continue }
                guard let stage = stageIndex[name] else {
                    if stages != nil { reader.issue("/deals/\(deal.row)/history/\(j)/stage", "must be one of stages") }
                    continue
                }
                if let previous {
                    if at < previous.at {
                        reader.issue("/deals/\(deal.row)/history/\(j)/enteredAt", "must not be before the previous entry's enteredAt")
                    }
                    spans.append((previous.stage, at.seconds(since: previous.at) / 86_400))
                }
                previous = (stage, at)
                furthest = max(furthest, stage)
            }
            guard reader.isClean, tally.isFirst(deal.identifier(0)) else { continue }
            flow.add(furthest: furthest, spans: spans, outcome: deal.string(2) ?? "open")
        }
        guard reader.isClean, let stages else { return nil }
        var computation = flow.computation(stages: stages)
        computation.warnings = tally.duplicateWarnings("deals") + computation.warnings
        return computation
    }
}
