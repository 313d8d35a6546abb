/// A straight-line trend through a series: ordinary least squares of the values on the period index.
extension Statistics {
    /// The least-squares line `y = intercept + slope·x` and what its intervals need.
    public struct Trend: Equatable, Sendable {
        /// The change of `y` per unit of `x` (per period), with its 95 % interval `± t(0.975, n − 2)·se`.
        public var slope: Estimate
        /// The fitted value at `x = 0`.
        public var intercept: Double
        /// The number of points, at least 3.
        public var count: Int
        /// The standard error of the slope, `s/√Sxx`.
        var slopeStandardError: Double
        /// The residual standard error `s = √(Σ residual²/(n − 2))`: 0 for a perfect fit.
        var residualStandardError: Double
        /// The mean of the `x` values.
        var meanX: Double
        /// `Sxx = Σ(x − x̄)²`, positive.
        var sumOfSquaresX: Double
        /// `t(0.975, n − 2)`, the factor of every 95 % interval of the fit.
        var criticalT: Double

        /// The fitted mean at `x0` with its 95 % confidence interval
        /// `ŷ ± t(0.975, n − 2)·s·√(1/n + (x0 − x̄)²/Sxx)`.
        public func fitted(at x0: Double) -> Estimate {
            let value = intercept + slope.value * x0
            let distance = x0 - meanX
            let spread = (1 / Double(count) + distance * distance / sumOfSquaresX).squareRoot()
            let half = criticalT * residualStandardError * spread
            return Estimate(value: value, low: value - half, high: value + half)
        }
    }

    /// The least-squares trend of `y` on `x` (equal counts); nil for fewer than 3 points or when every `x`
    /// is the same (Sxx = 0). Two passes, centred sums: no cancellation of large squares.
    public static func trend(x: [Double], y: [Double]) -> Trend? {
        precondition(x.count == y.count, "one y for each x")
        let n = x.count
        guard n >= 3 else { return nil }
        let count = Double(n)
        let meanX = x.reduce(0, +) / count
        let meanY = y.reduce(0, +) / count
        var sxx = 0.0
        var sxy = 0.0
        for (xi, yi) in zip(x, y) {
            sxx += (xi - meanX) * (xi - meanX)
            sxy += (xi - meanX) * (yi - meanY)
        }
        guard sxx > 0 else { return nil }
        let slope = sxy / sxx
        let intercept = meanY - slope * meanX
        var residuals = 0.0
        for (xi, yi) in zip(x, y) {
            let residual = yi - (intercept + slope * xi)
            residuals += residual * residual
        }
        let s = (residuals / (count - 2)).squareRoot()
        let se = s / sxx.squareRoot()
        let criticalT = studentTQuantile(0.975, degreesOfFreedom: count - 2)
        return Trend(
            slope: Estimate(value: slope, low: slope - criticalT * se, high: slope + criticalT * se),
            intercept: intercept, count: n, slopeStandardError: se, residualStandardError: s,
            meanX: meanX, sumOfSquaresX: sxx, criticalT: criticalT
        )
    }
}
