import JSON
import Reading

extension KPIDefinition {
    /// One entry of a deal's stage history.
    private struct StageEntry {
        let stage: Field<String>
        let enteredAt: Field<Instant>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            stage = list.add(InputSpec("stage", .string, doc: "A stage name from stages.", example: "qualified"))
            enteredAt = list.add(InputSpec(
                "enteredAt", .date, doc: "When the deal entered the stage (not before the previous entry).", example: "2024-03-04"))
            specs = list.specs
        }
    }

    /// One deal with its stage history.
    private struct PipelineDeal {
        let entry = StageEntry()
        let id: Field<RecordID>
        let history: Field<Records>
        let outcome: Field<String>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            id = list.add(InputSpec("id", .identifier, doc: "Deal id; a repeated id is counted once.", example: "d-1"))
            history = list.add(InputSpec(
                "history", .records(entry.specs), minItems: 1, doc: "Stages the deal entered, in time order.",
                example: [["stage": "lead", "enteredAt": "2024-03-01"], ["stage": "qualified", "enteredAt": "2024-03-04"]]))
            outcome = list.add(InputSpec(
                "outcome", .choice(["won", "lost", "open"]), .optional, doc: "won, lost or open (default open).", example: "open"))
            specs = list.specs
        }
    }

    /// The body of `POST /pipeline-stages`.
    private struct PipelineInputs {
        let deal = PipelineDeal()
        let stages: Field<[String]>
        let deals: Field<Records>
        let lostStage: Field<String>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            stages = list.add(InputSpec(
                "stages", .strings, minItems: 2, maxItems: 100, doc: "Stage names in pipeline order (two to a hundred, distinct).",
                example: ["lead", "qualified", "proposal", "won"]))
            deals = list.add(InputSpec(
                "deals", .records(deal.specs), minItems: 1, doc: "Deals with their stage history.",
                example: [["id": "d-1", "history": [["stage": "lead", "enteredAt": "2024-03-01"],
                                                    ["stage": "qualified", "enteredAt": "2024-03-04"]]]]))
            lostStage = list.add(InputSpec(
                "lostStage", .string, .optional,
                doc: "The stage a CRM's history writes when a deal is lost (Salesforce's `Closed Lost`), not one of stages: an entry at it ends the stay before it. With it, a deal without an outcome is lost when its last entry is at it, won when at the won stage (the last of stages), open otherwise.",
                example: "Closed Lost"))
            specs = list.specs
        }
    }

    private static let pipelineInputs = PipelineInputs()

    /// Pipeline stage conversion: how deals flow from stage to stage, and where they drop off.
    static let pipelineStages = KPIDefinition(
        id: "pipeline-stages", name: "Pipeline Stage Conversion",
        summary: "Deals at and past each pipeline stage, days spent there and conversion to the next; value is first → last stage.",
        formula: "pipelineConversion = enteredLastStage / enteredFirstStage × 100", unit: .percent, betterDirection: .higher,
        inputs: pipelineInputs.specs,
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
        ],
        // A series buckets deals by when they entered the pipeline: their first history entry.
        events: EventDate(
            records: pipelineInputs.deals, firstOf: pipelineInputs.deal.history, date: pipelineInputs.deal.entry.enteredAt,
            id: pipelineInputs.deal.id),
        noGroupBy: "its groups are the pipeline's stages, in order; to compare segments (a pipeline, a region), send each segment's deals in its own request"
    ) { values, reader in
        let inputs = pipelineInputs
        var stageIndex: [String: Int] = [:]
        for (j, stage) in (values[inputs.stages] ?? []).enumerated() {
            if stageIndex[stage] != nil { reader.issue("/stages/\(j)", "repeats an earlier stage") }
            else { stageIndex[stage] = j }
        }
        let stages = values[inputs.stages]
        let lostStage = values[inputs.lostStage]
        if let lostStage, stageIndex[lostStage] != nil {
            reader.issue("/lostStage", ValueMet.detail("is one of stages: the lost stage ends a deal and is no stage of the pipeline; leave it out of stages", met: lostStage))
        }
        guard let deals = values[inputs.deals] else { return nil }
        var flow = PipelineFlow(stageCount: stages?.count ?? 0)
        let fields = inputs.deal
        var tally = RecordTally(deals, id: fields.id)
        // History rows that repeat the stage before them (Salesforce writes one on every amount edit): one stay.
        var repeated = (rows: 0, deals: 0)
        // Deals whose given outcome contradicts their history: lost or open, yet last seen at the won stage.
        var contradicting: [String] = []
        let wonStage = (stages?.count ?? 0) - 1
        var deal = deals.makeCursor()
        while deal.next() {
            var furthest = 0
            var previous: (stage: Int, at: Instant)?
            var visited: [Int] = []
            var spans: [(stage: Int, days: Double)] = []
            var repeats = 0
            // Whether the deal's last entry so far is at the lost stage.
            var endedLost = false
            var entry = deal.children(fields.history)
            var j = -1
            while entry.next() {
                j += 1
                guard let name = entry[fields.entry.stage], let at = entry[fields.entry.enteredAt] else { continue }
                if let lostStage, name == lostStage {
                    if let previous {
                        if at.isBefore(previous.at, in: values.timeZone) {
                            reader.issue("/deals/\(deal.row)/history/\(j)/enteredAt", "must not be before the previous entry's enteredAt")
                        }
                        spans.append((previous.stage, at.days(since: previous.at, in: values.timeZone)))
                    }
                    previous = nil
                    endedLost = true
                    continue
                }
                endedLost = false
                guard let stage = stageIndex[name] else {
                    if stages != nil { reader.issue("/deals/\(deal.row)/history/\(j)/stage", "must be one of stages") }
                    continue
                }
                if let previous {
                    if at.isBefore(previous.at, in: values.timeZone) {
                        reader.issue("/deals/\(deal.row)/history/\(j)/enteredAt", "must not be before the previous entry's enteredAt")
                    }
                    // The same stage again: the stay goes on from its first row.
                    if stage == previous.stage {
                        repeats += 1
                        continue
                    }
                    spans.append((previous.stage, at.days(since: previous.at, in: values.timeZone)))
                }
                previous = (stage, at)
                visited.append(stage)
                furthest = max(furthest, stage)
            }
            guard reader.isClean, tally.isFirst(deal) else { continue }
            // With a lost stage the history tells the outcome the deal does not give: lost at it, won at the won stage.
            let told: DealOutcome? = lostStage == nil ? nil : endedLost ? .lost : previous?.stage == wonStage ? .won : .open
            let outcome = deal[fields.outcome] ?? told?.rawValue
            flow.add(furthest: furthest, visited: visited, spans: spans, outcome: outcome ?? "open")
            if repeats > 0 { repeated = (repeated.rows + repeats, repeated.deals + 1) }
            if let outcome, outcome != DealOutcome.won.rawValue, previous?.stage == wonStage {
                contradicting.append(concatenate(deal[fields.id]?.quoted ?? "row \(deal.row)", " (", outcome, ")"))
            }
        }
        guard reader.isClean, let stages else { return nil }
        var computation = flow.computation(stages: stages)
        computation.warnings = tally.duplicateWarnings("deals") + computation.warnings
        if repeated.rows > 0 {
            computation.warnings.append(concatenate(
                "Collapsed \(repeated.rows) history \(repeated.rows == 1 ? "row" : "rows") that repeat the stage before them, in \(repeated.deals) ",
                repeated.deals == 1 ? "deal" : "deals", ": a stay starts at the first of its repeated rows."))
        }
        if !contradicting.isEmpty {
            computation.warnings.append(concatenate(
                "The outcome contradicts the history (last stage \"", stages[wonStage], "\", the won stage) of ",
                contradicting.count == 1 ? "deal " : "deals ", contradicting.joined(separator: ", "), "."))
        }
        return computation
    }
}
