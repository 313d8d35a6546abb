import Statistics

extension Computation {
    /// The computation of a record-based duration KPI: mean of `durations` (value), with median, p90, min and max
    /// named `<kind><unit>` in the breakdown (`medianDays`). `durations` must not be empty: both callers hold at
    /// least one record (resolution-time checks it; sales-cycle-length has `minItems: 1` and the first id always counts).
    static func durations(
        _ durations: inout [Double], unit: String, records: String, symbol: String, extra: [KPIResult.Entry] = [],
        groups: [KPIResult.Group], warnings: [String]
    ) -> Computation {
        var total = 0.0
        for d in durations { total += d }
        let summary = Statistics.summary(&durations)
        let count = Int64(durations.count)
        // The sample variance (divisor n − 1), centred on the mean: no cancellation of large squares.
        var squares = 0.0
        for d in durations { squares += (d - summary.mean) * (d - summary.mean) }
        let variance = durations.count > 1 ? squares / Double(durations.count - 1) : 0
        return Computation(
            value: summary.mean,
            breakdown: [.init(records, count)] + extra + [
                .init("total\(unit)", total), .init("mean\(unit)", summary.mean), .init("median\(unit)", summary.median),
                .init("p90\(unit)", summary.p90), .init("min\(unit)", summary.min), .init("max\(unit)", summary.max),
            ],
            steps: [.init(symbol, "total\(unit) / \(records)", "\(total.formatted) / \(count.formatted)", summary.mean)],
            groups: groups, warnings: warnings,
            sample: .values(mean: summary.mean, variance: variance, count: durations.count))
    }
}
