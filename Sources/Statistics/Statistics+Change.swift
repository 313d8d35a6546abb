/// Tests of a change between two periods or groups, `a` (before, or the baseline) and `b` (after):
/// every difference is `b − a`.
extension Statistics {
    /// A point estimate and its 95 % interval.
    public struct Estimate: Equatable, Sendable {
        /// The estimate itself.
        public var value: Double
        /// The lower bound of the 95 % interval.
        public var low: Double
        /// The upper bound of the 95 % interval.
        public var high: Double
    }

    /// A test statistic of "no difference" and its two-sided p-value.
    public struct TestResult: Equatable, Sendable {
        /// The statistic: a z or t value, positive when `b` is above `a`.
        public var statistic: Double
        /// The two-sided p-value of `statistic`.
        public var pValue: Double
    }

    /// The relative change from `a` to `b` in percent, `(b − a)/|a|·100`; nil when `a` is 0.
    public static func relativeChange(from a: Double, to b: Double) -> Double? {
        a == 0 ? nil : (b - a) / abs(a) * 100
    }

    /// The difference of two proportions `xb/nb − xa/na` in percentage points with Newcombe's hybrid score
    /// interval (Newcombe 1998, method 10), built from the two 95 % Wilson intervals:
    /// `d − √((pb − lb)² + (ua − pa)²)` to `d + √((ub − pb)² + (pa − la)²)`. Counts from 0 to their
    /// positive totals (up to `Int64.max`: only their ratios are taken, in Double).
    public static func proportionDifference(successesA xa: Int64, trialsA na: Int64, successesB xb: Int64, trialsB nb: Int64) -> Estimate {
        let pa = Double(xa) / Double(na) * 100
        let pb = Double(xb) / Double(nb) * 100
        let a = wilson(successes: Double(xa), trials: Double(na))
        let b = wilson(successes: Double(xb), trials: Double(nb))
        let difference = pb - pa
        let below = ((pb - b.low) * (pb - b.low) + (a.high - pa) * (a.high - pa)).squareRoot()
        let above = ((b.high - pb) * (b.high - pb) + (pa - a.low) * (pa - a.low)).squareRoot()
        return Estimate(value: difference, low: difference - below, high: difference + above)
    }

    /// The pooled two-proportion z-test of `xb/nb − xa/na`:
    /// `z = (pb − pa) / √(p(1 − p)(1/na + 1/nb))` with the pooled `p = (xa + xb)/(na + nb)`.
    /// Nil when the pooled variance is 0 (both 0 % or both 100 %). Counts from 0 to their positive totals,
    /// up to `Int64.max`: the pooled sums are taken in Double, where two counts near 2⁶³ cannot overflow.
    public static func twoProportionZTest(successesA xa: Int64, trialsA na: Int64, successesB xb: Int64, trialsB nb: Int64) -> TestResult? {
        guard xa > 0 || xb > 0, xa < na || xb < nb else { return nil }
        let pooled = (Double(xa) + Double(xb)) / (Double(na) + Double(nb))
        let se = (pooled * (1 - pooled) * (1 / Double(na) + 1 / Double(nb))).squareRoot()
        let z = (Double(xb) / Double(nb) - Double(xa) / Double(na)) / se
        return TestResult(statistic: z, pValue: twoSidedPValue(z: z))
    }

    /// The standard error of an NPS in NPS points, as in ``npsInterval(promoters:detractors:responses:)``:
    /// `√((p + d − (p − d)²)/n)·100` from the proportions of promoters `p` and detractors `d` of `n > 0`.
    public static func npsStandardError(promoters p: Double, detractors d: Double, responses n: Double) -> Double {
        // max(0, …): p + d − (p − d)² ≥ 0 in exact arithmetic, but may round to a hair below 0.
        (max(0, p + d - (p - d) * (p - d)) / n).squareRoot() * 100
    }

    /// The difference of two NPS, `npsB − npsA`, in NPS points, with the 95 % interval
    /// `difference ± z95·√(seA² + seB²)` (not clamped) and the z-test of no difference; the test is nil
    /// when the combined standard error is 0 (every answer a promoter, or every one a detractor, on both sides).
    public static func npsDifference(
        npsA: Double, standardErrorA seA: Double, npsB: Double, standardErrorB seB: Double
    ) -> (difference: Estimate, test: TestResult?) {
        let difference = npsB - npsA
        let se = (seA * seA + seB * seB).squareRoot()
        let estimate = Estimate(value: difference, low: difference - z95 * se, high: difference + z95 * se)
        guard se > 0 else { return (estimate, nil) }
        let z = difference / se
        return (estimate, TestResult(statistic: z, pValue: twoSidedPValue(z: z)))
    }

    /// Welch's unequal-variance t-test of `meanB − meanA`.
    public struct WelchTest: Equatable, Sendable {
        /// `meanB − meanA` with its 95 % interval `± t(0.975, df)·se`.
        public var difference: Estimate
        /// The Welch–Satterthwaite degrees of freedom (not an integer in general).
        public var degreesOfFreedom: Double
        /// The standard error of the difference, `√(varianceA/nA + varianceB/nB)`.
        public var standardError: Double
        /// The t statistic `difference / standardError` and its two-sided p-value.
        public var test: TestResult
    }

    /// Welch's t-test from each side's mean, sample variance (divisor `n − 1`) and count. Nil when either
    /// count is below 2 or the standard error of the difference is 0 (both variances 0).
    public static func welch(
        meanA: Double, varianceA: Double, countA: Int, meanB: Double, varianceB: Double, countB: Int
    ) -> WelchTest? {
        guard countA >= 2, countB >= 2 else { return nil }
        let shareA = varianceA / Double(countA)
        let shareB = varianceB / Double(countB)
        let variance = shareA + shareB
        guard variance > 0 else { return nil }
        let se = variance.squareRoot()
        // df = (sA + sB)² / (sA²/(nA − 1) + sB²/(nB − 1)), with the shares as fractions of their sum so
        // that tiny variances do not underflow when squared.
        let fractionA = shareA / variance
        let fractionB = shareB / variance
        let df = 1 / (fractionA * fractionA / Double(countA - 1) + fractionB * fractionB / Double(countB - 1))
        let difference = meanB - meanA
        let half = studentTQuantile(0.975, degreesOfFreedom: df) * se
        let t = difference / se
        return WelchTest(
            difference: Estimate(value: difference, low: difference - half, high: difference + half),
            degreesOfFreedom: df,
            standardError: se,
            test: TestResult(statistic: t, pValue: twoSidedPValue(t: t, degreesOfFreedom: df))
        )
    }
}
