/// The statistics behind intervals and record summaries: pure functions of numbers (no Foundation, no I/O).
public enum Statistics {
    /// The 97.5th percentile of the standard normal distribution: a 95 % two-sided interval.
    static let z95 = 1.959963984540054

    /// The 95 % Wilson score interval of `successes / trials`, in percent, clamped to [0, 100].
    /// `trials` must be positive.
    public static func wilson(successes: Double, trials: Double) -> (low: Double, high: Double) {
        let z = z95
        let p = successes / trials
        let z2n = z * z / trials
        let denominator = 1 + z2n
        let centre = (p + z2n / 2) / denominator
        let half = z * (p * (1 - p) / trials + z2n / (4 * trials)).squareRoot() / denominator
        return (clamp((centre - half) * 100, 0, 100), clamp((centre + half) * 100, 0, 100))
    }

    /// The 95 % interval of an NPS from proportions of promoters `p` and detractors `d` over `n` answers:
    /// `nps ± z·se·100` with `se = sqrt((p + d − (p − d)²) / n)`, clamped to [−100, 100].
    public static func npsInterval(promoters p: Double, detractors d: Double, responses n: Double) -> (low: Double, high: Double) {
        let nps = (p - d) * 100
        let se = ((p + d - (p - d) * (p - d)) / n).squareRoot()
        let half = z95 * se * 100
        return (clamp(nps - half, -100, 100), clamp(nps + half, -100, 100))
    }

    /// Summary of a sample: mean, median, p90 (numpy's default linear interpolation), min and max.
    public struct Summary: Equatable {
        /// The arithmetic mean.
        public var mean: Double
        /// The 0.5 quantile.
        public var median: Double
        /// The 0.9 quantile.
        public var p90: Double
        /// The smallest value.
        public var min: Double
        /// The largest value.
        public var max: Double
    }

    /// The summary of `values` (not empty). Reorders `values` in place: selection, not a full sort.
    public static func summary(_ values: inout [Double]) -> Summary {
        var sum = 0.0
        var low = Double.infinity
        var high = -Double.infinity
        for v in values {
            sum += v
            low = Swift.min(low, v)
            high = Swift.max(high, v)
        }
        let median = percentile(&values, 0.5)
        let p90 = percentile(&values, 0.9)
        return Summary(mean: sum / Double(values.count), median: median, p90: p90, min: low, max: high)
    }

    /// The `q` quantile (0…1) with linear interpolation between closest ranks (numpy `percentile` default,
    /// Excel PERCENTILE.INC): `h = (n − 1)·q`, `x[⌊h⌋] + (h − ⌊h⌋)·(x[⌊h⌋+1] − x[⌊h⌋])`.
    public static func percentile(_ values: inout [Double], _ q: Double) -> Double {
        let h = Double(values.count - 1) * q
        let lowerRank = Int(h.rounded(.down))
        let lower = select(&values, rank: lowerRank)
        let fraction = h - Double(lowerRank)
        guard fraction > 0, lowerRank + 1 < values.count else { return lower }
        var upper = values[lowerRank + 1]
        for v in values[(lowerRank + 1)...] where v < upper { upper = v }
        return lower + fraction * (upper - lower)
    }

    /// Rearranges `values` so that `values[rank]` holds the element of that rank, smaller ones before it and
    /// larger ones after it, and returns it (``Selection/select(_:rank:by:)``: linear in the worst case).
    static func select(_ values: inout [Double], rank: Int) -> Double {
        Selection.select(&values, rank: rank, by: <)
    }

    private static func clamp(_ x: Double, _ low: Double, _ high: Double) -> Double {
        Swift.min(Swift.max(x, low), high)
    }
}
