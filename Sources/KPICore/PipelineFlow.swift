/// The per-stage counts of a pipeline: deals that entered each stage, and the days spent in it.
struct PipelineFlow {
    private var reachedFurthest: [Int64]
    private var daysInStage: [Double]
    private var leftStage: [Int]
    private var outcomes = (won: Int64(0), lost: Int64(0), open: Int64(0))

    init(stageCount: Int) {
        reachedFurthest = Array(repeating: 0, count: stageCount)
        daysInStage = Array(repeating: 0, count: stageCount)
        leftStage = Array(repeating: 0, count: stageCount)
    }

    /// Adds a deal whose furthest stage is `furthest` (it has entered every stage up to it), with the days it
    /// spent in each stage it left. Stages are indices into the `stageCount` stages the flow was made for.
    mutating func add(furthest: Int, spans: [(stage: Int, days: Double)], outcome: String) {
        reachedFurthest[furthest] += 1
        for span in spans {
            daysInStage[span.stage] += span.days
            leftStage[span.stage] += 1
        }
        switch outcome {
        case "won": outcomes.won += 1
        case "lost": outcomes.lost += 1
        default: outcomes.open += 1
        }
    }

    /// The result: stage groups in pipeline order, first → last conversion with its Wilson interval, and the
    /// biggest drop-off named in a warning.
    func computation(stages: [String]) -> Computation {
        var entered = reachedFurthest
        for k in stride(from: entered.count - 2, through: 0, by: -1) { entered[k] += entered[k + 1] }
        var groups: [KPIResult.Group] = []
        var dropOff: (stage: Int, conversion: Double)?
        for (k, stage) in stages.enumerated() {
            var conversion: Double?
            if k + 1 < stages.count, entered[k] > 0 {
                let c = Double(entered[k + 1]) / Double(entered[k]) * 100
                conversion = c
                if c < 100, c < dropOff?.conversion ?? .infinity { dropOff = (k, c) }
            }
            let extra: [KPIResult.Entry] = leftStage[k] > 0 ? [.init("meanDays", daysInStage[k] / Double(leftStage[k]))] : []
            groups.append(.init(key: stage, count: Int(entered[k]), value: conversion, extra: extra))
        }
        let first = entered[0]
        let last = entered[entered.count - 1]
        let value = Double(last) / Double(first) * 100
        let (low, high) = Statistics.wilson(successes: Double(last), trials: Double(first))
        var breakdown: [KPIResult.Entry] = [
            .init("deals", first), .init("stages", Int64(stages.count)), .init("wonDeals", outcomes.won),
            .init("lostDeals", outcomes.lost), .init("openDeals", outcomes.open),
            .init("enteredFirstStage", first), .init("enteredLastStage", last),
        ]
        var warnings: [String] = []
        if let dropOff {
            breakdown.append(.init("biggestDropOffStage", Int64(dropOff.stage)))
            warnings.append(
                "The biggest drop-off is at stage \"\(stages[dropOff.stage])\" (index \(dropOff.stage)): "
                    + "only \(dropOff.conversion.formatted) % of its deals reach the next stage.")
        }
        return Computation(
            value: value, breakdown: breakdown,
            steps: [.init("pipelineConversion", "enteredLastStage / enteredFirstStage × 100",
                          "\(last.formatted) / \(first.formatted) × 100", value)],
            interval: .init(low: low, high: high), groups: groups, warnings: warnings)
    }
}
