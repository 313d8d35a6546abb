import Statistics

/// The per-stage counts of a pipeline: deals with a row at each stage, deals that reached it (at it or a later
/// one), and the days spent in it.
struct PipelineFlow {
    private var reachedFurthest: [Int64]
    /// Deals with a history row at each stage.
    private var withRow: [Int64]
    /// The number of the last deal counted in ``withRow`` per stage, so a stage a deal returns to counts once.
    private var lastCounted: [Int64]
    private var added: Int64 = 0
    private var daysInStage: [Double]
    private var leftStage: [Int]
    private var outcomes = (won: Int64(0), lost: Int64(0), open: Int64(0))

    init(stageCount: Int) {
        reachedFurthest = Array(repeating: 0, count: stageCount)
        withRow = Array(repeating: 0, count: stageCount)
        lastCounted = Array(repeating: 0, count: stageCount)
        daysInStage = Array(repeating: 0, count: stageCount)
        leftStage = Array(repeating: 0, count: stageCount)
    }

    /// Adds a deal whose furthest stage is `furthest` (it has reached every stage up to it), whose history has
    /// rows at the stages `visited` (a stage may repeat after a return), with the days it spent in each stage it
    /// left. Stages are indices into the `stageCount` stages the flow was made for.
    mutating func add(furthest: Int, visited: [Int], spans: [(stage: Int, days: Double)], outcome: String) {
        reachedFurthest[furthest] += 1
        added += 1
        for stage in visited where lastCounted[stage] != added {
            lastCounted[stage] = added
            withRow[stage] += 1
        }
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

    /// The result: stage groups in pipeline order (`count` with a row at the stage, `reached` at it or past it,
    /// `value` the conversion of reached deals to the next stage), first → last conversion with its Wilson
    /// interval, and the biggest drop-off named in a warning.
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
            groups.append(.init(key: stage, count: Int(withRow[k]), value: conversion, extra: [.init("reached", entered[k])] + extra))
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
