import JSON
import Statistics

/// The change of a KPI from one result `a` (before, or the baseline) to another `b` (the contract's change
/// object, in `/series` and `/compare`): the difference `b − a` with its working, and where the KPI has a
/// sampling model, its 95 % interval and the test of "no change".
public struct Change: Sendable, Equatable {
    /// A test of "no change": the method, its statistic and the two-sided p-value.
    public struct Test: Sendable, Equatable {
        /// `two-proportion z`, `NPS z` or `Welch t`.
        public var method: String
        /// The z or t statistic, positive when `b` is above `a`.
        public var statistic: Double
        /// The two-sided p-value.
        public var pValue: Double
        /// The Welch–Satterthwaite degrees of freedom (Welch only).
        public var degreesOfFreedom: Double?
    }

    /// The value before.
    public var a: Double
    /// The value after.
    public var b: Double
    /// `b − a`, in ``unit``.
    public var difference: Double
    /// `(b − a) / |a| × 100`; nil when `a` is 0 (or the ratio is too large to represent).
    public var relative: Double?
    /// `percentage points` for percent KPIs, else the KPI's unit.
    public var unit: String
    /// The difference with numbers: `9.5 − 12 = −2.5`.
    public var substituted: String
    /// The 95 % interval of the difference; nil without a sampling model or when it cannot be computed.
    public var interval: KPIResult.Interval?
    /// The test of no difference; nil without a sampling model or when it cannot be computed.
    public var test: Test?
    /// Whether the test's p-value is below 0.05; nil when there is no test.
    public var significant: Bool?
    /// What a reader must know: both readings of a percent change, why a statistic is missing. Not written
    /// inside the change object; the response that holds it lists them in its own `warnings`.
    public var warnings: [String]

    /// The significance level of ``significant``.
    public static let alpha = 0.05

    /// The change from `a` to `b` of a KPI of statistical `kind` and `unit`.
    ///
    /// Never produces NaN or Infinity in an optional member (it is nil, with a warning, instead);
    /// ``difference`` itself is infinite only when `b − a` overflows (``isFinite`` says so).
    public static func between(a: KPIResult, b: KPIResult, kind: StatisticalKind, unit: KPIUnit) -> Change {
        let difference = b.value - a.value
        var change = Change(
            a: a.value, b: b.value, difference: difference, relative: nil,
            unit: unit == .percent ? "percentage points" : unit.rawValue,
            substituted: concatenate(b.value.signedText, " − ", a.value.operandText, " = ", difference.signedText),
            interval: nil, test: nil, significant: nil, warnings: [])
        if let relative = Statistics.relativeChange(from: a.value, to: b.value), relative.isFinite {
            change.relative = relative
        }
        if unit == .percent { change.warnings.append(change.readings) }
        change.addStatistics(a.sample, b.sample, kind: kind, name: a.name)
        if change.interval.map({ !$0.low.isFinite || !$0.high.isFinite }) ?? false {
            change.interval = nil
            change.warnings.append("The interval of the change is too large to represent.")
        }
        if let test = change.test, !test.statistic.isFinite || !test.pValue.isFinite || !(test.degreesOfFreedom?.isFinite ?? true) {
            change.test = nil
            change.warnings.append("The test of the change cannot be computed for these values.")
        }
        change.significant = change.test.map { $0.pValue < alpha }
        return change
    }

    /// Whether every number of the change is finite (only an overflowing `b − a` is not).
    public var isFinite: Bool { difference.isFinite }

    /// The percentage-points reading next to the relative one: `−2.5 percentage points, a 20.8 % relative fall`.
    private var readings: String {
        // Rounded to 2 decimals for reading (the exact value is `difference`), unless that would hide it.
        let rounded = (difference * 100).rounded() / 100
        let points = concatenate((rounded == 0 ? difference : rounded).signedText, " percentage points")
        guard let relative else {
            return concatenate(points, "; no relative change can be given from 0 %")
        }
        if difference == 0 { return concatenate(points, ", no relative change") }
        let percent = (abs(relative) * 10).rounded() / 10
        return concatenate(points, ", a ", percent.formatted, " % relative ", difference < 0 ? "fall" : "rise")
    }

    /// Sets the interval and the test the samples and the kind allow, or says why there are none.
    private mutating func addStatistics(_ sa: KPIResult.Sample?, _ sb: KPIResult.Sample?, kind: StatisticalKind, name: String) {
        switch (kind, sa, sb) {
        case (.none, _, _):
            warnings.append(concatenate(name, " has no sampling model, so the change has no interval and cannot be tested."))
        case (.rate, .proportion(let xa, let na)?, .proportion(let xb, let nb)?):
            let estimate = Statistics.proportionDifference(successesA: xa, trialsA: na, successesB: xb, trialsB: nb)
            interval = KPIResult.Interval(low: estimate.low, high: estimate.high)
            if let z = Statistics.twoProportionZTest(successesA: xa, trialsA: na, successesB: xb, trialsB: nb) {
                test = Test(method: "two-proportion z", statistic: z.statistic, pValue: z.pValue)
            } else {
                warnings.append("Both rates are 0 % or both are 100 %: the two-proportion z-test is undefined.")
            }
        case (.nps, .nps(let pa, let da, let na)?, .nps(let pb, let db, let nb)?):
            let seA = Statistics.npsStandardError(promoters: Double(pa) / Double(na), detractors: Double(da) / Double(na), responses: Double(na))
            let seB = Statistics.npsStandardError(promoters: Double(pb) / Double(nb), detractors: Double(db) / Double(nb), responses: Double(nb))
            let (estimate, z) = Statistics.npsDifference(npsA: a, standardErrorA: seA, npsB: b, standardErrorB: seB)
            if let z {
                interval = KPIResult.Interval(low: estimate.low, high: estimate.high)
                test = Test(method: "NPS z", statistic: z.statistic, pValue: z.pValue)
            } else {
                warnings.append("Every answer on both sides is a promoter, or every one a detractor: the NPS standard errors are 0, so the change has no interval and cannot be tested.")
            }
        case (.meanOverRecords, .values(let ma, let va, let ca)?, .values(let mb, let vb, let cb)?):
            if ca < 2 || cb < 2 {
                warnings.append("Welch's test needs at least 2 records on each side (\(ca) and \(cb)): the change has no interval and cannot be tested.")
            } else if let welch = Statistics.welch(meanA: ma, varianceA: va, countA: ca, meanB: mb, varianceB: vb, countB: cb) {
                interval = KPIResult.Interval(low: welch.difference.low, high: welch.difference.high)
                test = Test(method: "Welch t", statistic: welch.test.statistic, pValue: welch.test.pValue,
                            degreesOfFreedom: welch.degreesOfFreedom)
            } else {
                warnings.append("Every record on both sides has the same value: with no variance the change has no interval and cannot be tested.")
            }
        case (.rate, _, _), (.nps, _, _), (.meanOverRecords, _, _):
            warnings.append(concatenate(name, " was not computed from counts or records on both sides (e.g. from amounts), so the change has no interval and cannot be tested."))
        }
    }

    /// The change object: `a`, `b`, `difference`, `relative`, `unit`, `substituted`, `interval`, `test`,
    /// `significant` (the three last `null` when there are none).
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("a", a)
        writer.member("b", b)
        writer.member("difference", difference)
        writer.member("relative", relative) { $0.write($1) }
        writer.member("unit", unit)
        writer.member("substituted", substituted)
        writer.member("interval", interval) { $1.write(to: &$0) }
        writer.member("test", test) { writer, test in
            writer.beginObject()
            writer.member("method", test.method)
            writer.member("statistic", test.statistic)
            writer.member("pValue", test.pValue)
            if let df = test.degreesOfFreedom { writer.member("degreesOfFreedom", df) }
            writer.endObject()
        }
        writer.member("significant", significant) { $0.write($1) }
        writer.endObject()
    }
}

extension Double {
    /// The number as in `substituted` strings, negative with a true minus sign: `−2.5`.
    var signedText: String { self < 0 ? concatenate("−", (-self).formatted) : formatted }

    /// The same as the right operand of a subtraction: a negative number in parentheses, `(−2.5)`.
    var operandText: String { self < 0 ? concatenate("(", signedText, ")") : formatted }
}
