#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The normal and Student t distributions behind p-values and intervals of changes and trends.
///
/// The t distribution goes through the regularized incomplete beta function, evaluated by a continued
/// fraction (modified Lentz), with `x`, `1 − x` and their logarithms passed in so that no digits are lost
/// for large degrees of freedom. Degrees of freedom may be any real `df > 0` (Welch–Satterthwaite gives
/// fractions); `df = +∞` is the normal distribution.
extension Statistics {
    /// The standard normal cumulative distribution function Φ(z).
    static func normalCDF(_ z: Double) -> Double {
        0.5 * erfc(-z / 2.0.squareRoot())
    }

    /// The two-sided p-value of a standard normal statistic: P(|Z| ≥ |z|) = erfc(|z|/√2).
    static func twoSidedPValue(z: Double) -> Double {
        erfc(abs(z) / 2.0.squareRoot())
    }

    /// The Student t cumulative distribution function P(T ≤ t) with `df > 0` degrees of freedom.
    static func studentTCDF(_ t: Double, degreesOfFreedom df: Double) -> Double {
        t >= 0 ? 1 - studentTUpperTail(t, df) : studentTUpperTail(-t, df)
    }

    /// The two-sided p-value of a t statistic with `df > 0` degrees of freedom: P(|T| ≥ |t|).
    static func twoSidedPValue(t: Double, degreesOfFreedom df: Double) -> Double {
        min(1, 2 * studentTUpperTail(abs(t), df))
    }

    /// The `p` quantile (0 < p < 1) of the Student t distribution with `df > 0` degrees of freedom:
    /// the `t` with `P(T ≤ t) = p`, as accurate as the tail it inverts (within 1e-10 relative of scipy's
    /// `t.ppf` in the tests). Infinite when it exceeds the largest double (tiny `df`, `p` near 0 or 1).
    ///
    /// Solves `log Q(t) = log q` for `s = log t`, where `Q` is the upper tail and `q = min(p, 1 − p)`:
    /// a function of `s` that is monotone, nearly linear in the tail and flat towards the centre, so Newton
    /// steps kept inside a shrinking bracket (bisection when a step leaves it) converge in a few steps.
    public static func studentTQuantile(_ p: Double, degreesOfFreedom df: Double) -> Double {
        if p == 0.5 { return 0 }
        let q = p > 0.5 ? 1 - p : p  // exact on both sides
        let target = log(q)
        /// log Q(e^s) − log q and its derivative −t·f(t)/Q(t).
        func equation(_ s: Double) -> (value: Double, slope: Double) {
            let t = exp(s)
            let tail = studentTUpperTail(t, df)
            return (log(tail) - target, -t * studentTDensity(t, df) / tail)
        }
        // log t from −40 (Q within 1e-17 of ½ for every df) to just below the largest double.
        var low = -40.0
        var high = log(Double.greatestFiniteMagnitude) - 1
        if equation(high).value > 0 { return p > 0.5 ? .infinity : -.infinity }
        var s = 0.0
        for _ in 0..<200 {
            let (value, slope) = equation(s)
            if value == 0 { break }
            if value > 0 { low = s } else { high = s }
            var next = s - value / slope
            if !(next > low && next < high) { next = low + (high - low) / 2 }
            let step = abs(next - s)
            s = next
            if step <= 1e-15 * max(1, abs(s)) || high - low <= 1e-15 * max(1, abs(s)) { break }
        }
        let t = exp(s)
        return p > 0.5 ? t : -t
    }

    /// Degrees of freedom past which the t distribution is its normal limit with the first-order term of
    /// its expansion in 1/df (Abramowitz & Stegun §26.7), `Q(t) ≈ Q_normal(t) + φ(t)(t³ + t)/(4·df)`:
    /// the neglected terms are O(df⁻²), below 1e-20.
    private static let largeDegreesOfFreedom = 1e10

    /// The upper tail P(T ≥ t) for `t ≥ 0`: `½·I_x(df/2, ½)` with `x = df/(df + t²)`.
    private static func studentTUpperTail(_ t: Double, _ df: Double) -> Double {
        if t == 0 { return 0.5 }
        if df > largeDegreesOfFreedom {
            let tail = 0.5 * erfc(t / 2.0.squareRoot())
            return tail + normalDensity(t) * (t * t * t + t) / (4 * df)
        }
        // x = 1/(1 + r2) and y = 1 − x = r2/(1 + r2) with r2 = t²/df, and their logarithms, from log1p
        // and, for r2 > 1, from log r2 (t² may overflow where its logarithm does not).
        let r2 = t * t / df
        let x: Double, y: Double, logX: Double, logY: Double
        if r2 > 1 {
            let logInverse = log(df) - 2 * log(t)
            let inverse = exp(logInverse)
            x = inverse / (1 + inverse)
            y = 1 / (1 + inverse)
            logY = -log1p(inverse)
            logX = logInverse + logY
        } else {
            x = 1 / (1 + r2)
            y = r2 / (1 + r2)
            logX = -log1p(r2)
            logY = log(r2) + logX
        }
        return 0.5 * regularizedIncompleteBeta(a: df / 2, b: 0.5, x: x, y: y, logX: logX, logY: logY)
    }

    /// The density of the t distribution: `(1 + t²/df)^(−(df+1)/2) / (√df · B(df/2, ½))`.
    private static func studentTDensity(_ t: Double, _ df: Double) -> Double {
        if df > largeDegreesOfFreedom { return normalDensity(t) }
        let r2 = t * t / df
        // log(1 + r2), through log r2 when r2 > 1 (t² may overflow).
        let logPower = r2 > 1 ? 2 * log(t) - log(df) + log1p(1 / r2) : log1p(r2)
        return exp(-(df + 1) / 2 * logPower - logBeta(df / 2, 0.5) - 0.5 * log(df))
    }

    /// The standard normal density φ(z).
    private static func normalDensity(_ z: Double) -> Double {
        exp(-0.5 * z * z) / (2 * Double.pi).squareRoot()
    }

    /// The regularized incomplete beta function I_x(a, b) for `a, b > 0`, given `x`, `y = 1 − x` and
    /// their logarithms (the caller knows them more precisely than `1 − x` and `log(x)` would; `x` or `y`
    /// may underflow to 0 where its logarithm is still finite).
    ///
    /// `x^a·y^b / B(a, b)` divided by the continued fraction of DiDonato & Morris (1992, BFRAC) for
    /// `x ≤ a/(a + b)`, and `1 − I_y(b, a)` otherwise. Unlike the Numerical Recipes fraction, whose first
    /// terms are `1 − (a + b)x/(a + 1)` (all digits cancel when `x` is near 1 and `a` is large: 5e-8
    /// relative error at 1e9 degrees of freedom), its terms use `y` directly; it converges in under
    /// 250 terms for any `a` (measured over df from 1e-3 to 1e10 and t from 1e-6 to 1e3).
    private static func regularizedIncompleteBeta(a: Double, b: Double, x: Double, y: Double, logX: Double, logY: Double) -> Double {
        if logX == -.infinity { return 0 }
        if logY == -.infinity { return 1 }
        // x^a · y^b / B(a, b), symmetric in (a, x) and (b, y).
        let front = exp(a * logX + b * logY - logBeta(a, b))
        if x <= a / (a + b) {
            return front / betaContinuedFraction(a: a, b: b, x: x, y: y)
        }
        return 1 - front / betaContinuedFraction(a: b, b: a, x: y, y: x)
    }

    /// The continued fraction `b₀ + a₁/(b₁ + a₂/(b₂ + …))` with `I_x(a, b) = x^a·y^b / (B(a, b)·fraction)`
    /// (DiDonato & Morris 1992), evaluated by the modified Lentz method:
    /// `a_m = (a + m − 1)(a + b + m − 1)·m(b − m)·x² / (a + 2m − 1)²` and
    /// `b_m = m + m(b − m)x/(a + 2m − 1) + (a + m)(a·y − b·x + 1 + m(2 − x))/(a + 2m + 1)`.
    private static func betaContinuedFraction(a: Double, b: Double, x: Double, y: Double) -> Double {
        let tiny = 1e-300
        /// Keeps a Lentz denominator away from zero.
        func guarded(_ v: Double) -> Double { abs(v) < tiny ? tiny : v }
        var fraction = guarded(a * (a * y - b * x + 1) / (a + 1))
        var c = fraction
        var d = 0.0
        for m in 1...10_000 {
            let m = Double(m)
            let denominator = a + 2 * m - 1
            let an = (a + m - 1) * (a + b + m - 1) * m * (b - m) * x * x / (denominator * denominator)
            let bn = m + m * (b - m) * x / denominator + (a + m) * (a * y - b * x + 1 + m * (2 - x)) / (a + 2 * m + 1)
            d = 1 / guarded(bn + an * d)
            c = guarded(bn + an / c)
            let delta = c * d
            fraction *= delta
            if abs(delta - 1) <= Double.ulpOfOne { break }
        }
        return fraction
    }

    /// log B(a, b) = log Γ(a) + log Γ(b) − log Γ(a + b) for `a, b > 0`.
    ///
    /// When the larger argument is 10 or more, `log Γ(large) − log Γ(large + small)` comes from Stirling's
    /// series, arranged so that no large terms cancel: `lgamma` differences would lose about
    /// `ε·large·log(large)` (1e-9 at `large = 5e5`).
    private static func logBeta(_ a: Double, _ b: Double) -> Double {
        let small = min(a, b)
        let large = max(a, b)
        if large < 10 { return lgamma(small) + lgamma(large) - lgamma(a + b) }
        let sum = large + small
        // (large − ½)·log(large/sum) − small·log(sum) + small, with log(large/sum) = −log1p(small/large).
        let difference = -(large - 0.5) * log1p(small / large) - small * log(sum) + small
        return lgamma(small) + difference + stirlingCorrection(large) - stirlingCorrection(sum)
    }

    /// The remainder of Stirling's series, `log Γ(x) − ((x − ½)·log x − x + ½·log 2π)`, for `x ≥ 10`
    /// (terms to x⁻⁹: error below 1e-17 there).
    private static func stirlingCorrection(_ x: Double) -> Double {
        let inverse = 1 / x
        let inverse2 = inverse * inverse
        return inverse * (1.0 / 12 - inverse2 * (1.0 / 360 - inverse2 * (1.0 / 1260 - inverse2 * (1.0 / 1680 - inverse2 / 1188))))
    }
}
