import JSON
import Statistics

extension Goal {
    /// A request's `target`, read as every KPI reads it (``InputSpec/target``).
    public struct Target: Sendable, Equatable {
        /// The target value, in the KPI's unit.
        public var value: Double
        /// The direction given, if any (else the KPI's better direction applies).
        public var direction: Direction?
        /// The deadline as given (an ISO 8601 date or date-time), if any.
        public var deadline: String?

        /// A target.
        public init(value: Double, direction: Direction? = nil, deadline: String? = nil) {
            self.value = value
            self.direction = direction
            self.deadline = deadline
        }

        /// Reads the JSON text of a `target` object (already checked to be JSON) with the fields and checks
        /// of ``InputSpec/target``; issues point under `pointer` (`/target/value`).
        public static func read(json: UnsafeRawBufferPointer, at pointer: String) throws(ValidationError) -> Target {
            let fields = InputSpec.targetFields
            var reader = InputReader()
            let values: InputValues
            do throws(JSONParseError) {
                var cursor = JSONCursor(json)
                values = try reader.read(&cursor, specs: fields.specs, at: { pointer })
            } catch {
                throw ValidationError(pointer: pointer, detail: "must be a JSON object")
            }
            guard reader.isClean, let value = values[fields.value] else { throw ValidationError(issues: reader.issues) }
            return Target(
                value: value, direction: values[fields.direction].flatMap(Direction.init(rawValue:)),
                deadline: values.text(fields.deadline))
        }
    }
}

/// A KPI over periods (`POST /series`): the trend of its values, the change between the last two, and the
/// outlook of a goal with a deadline.
public struct SeriesAnalysis: Sendable {
    /// The least-squares trend of the values on the period index.
    public struct Trend: Sendable, Equatable {
        /// Always `ols`.
        public var method = "ols"
        /// The points with a value it was fitted on.
        public var points: Int
        /// The change per period.
        public var slope: Double
        /// The slope's unit: `percentage points per month`.
        public var unit: String
        /// The slope's 95 % interval, `slope ± t(0.975, n − 2)·se(slope)`.
        public var interval: KPIResult.Interval
        /// The fitted value at index 0 (the first period).
        public var intercept: Double
    }

    /// The fitted line at the deadline's period with the 95 % interval of the fitted mean there.
    public struct Projection: Sendable, Equatable {
        /// The deadline's period.
        public var period: Period
        public var value: Double
        public var low: Double
        public var high: Double
    }

    /// The goal judged on the last value, with where the trend leads by the deadline.
    public struct Outlook: Sendable, Equatable {
        /// The goal on the last point with a value.
        public var goal: Goal
        /// The projection at the deadline (nil without a deadline or a trend).
        public var projected: Projection?
        /// Whether the projection meets the target in its direction.
        public var onTrack: Bool?
        /// `(target − last value) / (deadline index − last index)`: the change needed per period from now.
        public var requiredPerPeriod: Double?

        /// The goal's members then `projected`, `onTrack`, `requiredPerPeriod` (these three only with a deadline;
        /// `null` when they cannot be computed).
        public func write(to writer: inout JSONWriter) {
            writer.beginObject()
            goal.writeMembers(to: &writer)
            if goal.deadline != nil {
                writer.member("projected", projected) { writer, projected in
                    writer.beginObject()
                    writer.member("period", projected.period.label)
                    writer.member("value", projected.value)
                    writer.member("low", projected.low)
                    writer.member("high", projected.high)
                    writer.endObject()
                }
                writer.member("onTrack", onTrack) { $0.write($1) }
                writer.member("requiredPerPeriod", requiredPerPeriod) { $0.write($1) }
            }
            writer.endObject()
        }
    }

    public var trend: Trend?
    public var change: Change?
    public var goal: Outlook?
    public var warnings: [String]

    /// The unit of a change per period: `percentage points per month`, `days per week`.
    public static func unit(_ unit: KPIUnit, per granularity: Period.Granularity) -> String {
        concatenate(unit == .percent ? "percentage points" : unit.rawValue, " per ", granularity.rawValue)
    }

    /// A point whose value rests on fewer observations than this is a small sample (``isSmallSample(_:)``).
    public static let smallSampleLimit: Int64 = 30

    /// Whether `result` rests on fewer than ``smallSampleLimit`` observations (``KPIResult/sampleSize``); a
    /// KPI without a sampling model never is.
    public static func isSmallSample(_ result: KPIResult) -> Bool {
        result.sampleSize.map { $0 < smallSampleLimit } ?? false
    }

    /// Analyses `points` (in strictly increasing periods of one granularity; `result` nil where a point has no
    /// value) of the KPI `definition`, judging `target` when given. Index 0 is the first point's period.
    /// A deadline before the last point's period is the caller's to refuse; here it is simply projected to.
    ///
    /// Points resting on fewer than ``smallSampleLimit`` observations are named in a warning. With
    /// `minSample`, points resting on fewer than it are left out of the trend, the change and the projection
    /// (the goal is still judged on the last value).
    public static func analyze(
        _ points: [(period: Period, result: KPIResult?)], definition: KPIDefinition, target: Goal.Target?,
        minSample: Int64? = nil
    ) -> SeriesAnalysis {
        var analysis = SeriesAnalysis(trend: nil, change: nil, goal: nil, warnings: [])
        guard let first = points.first?.period else { return analysis }
        let all = points.compactMap { point in point.result.map { (index: point.period.index(from: first), period: point.period, result: $0) } }
        let small = all.filter { isSmallSample($0.result) }
        if !small.isEmpty {
            let named = small.map { concatenate($0.period.label, " (n = ", String($0.result.sampleSize ?? 0), ")") }
            analysis.warnings.append(concatenate(
                small.count == 1 ? "1 point rests" : "\(small.count) points rest", " on fewer than \(smallSampleLimit) observations, so ",
                small.count == 1 ? "its value is" : "their values are", " uncertain: ", named.joined(separator: ", "), "."))
        }
        var valued = all
        if let minSample {
            valued = all.filter { ($0.result.sampleSize ?? .max) >= minSample }
            let left = all.filter { ($0.result.sampleSize ?? .max) < minSample }
            if !left.isEmpty {
                analysis.warnings.append(concatenate(
                    "Left out of the trend, the change and the projection (minSample \(minSample)): ",
                    left.map { concatenate($0.period.label, " (n = ", String($0.result.sampleSize ?? 0), ")") }.joined(separator: ", "), "."))
            }
        }

        // Trend.
        let fit = Statistics.trend(x: valued.map { Double($0.index) }, y: valued.map(\.result.value))
        if valued.count < 3 {
            analysis.warnings.append("Fewer than 3 points have a value (\(valued.count)): there is no trend.")
        } else if let fit, fit.slope.value.isFinite, fit.slope.low.isFinite, fit.slope.high.isFinite, fit.intercept.isFinite {
            analysis.trend = Trend(
                points: fit.count, slope: fit.slope.value, unit: unit(definition.unit, per: first.granularity),
                interval: .init(low: fit.slope.low, high: fit.slope.high), intercept: fit.intercept)
        } else {
            analysis.warnings.append("The trend is too large to represent.")
        }

        // Change between the last two points with a value.
        if valued.count >= 2 {
            let before = valued[valued.count - 2]
            let after = valued[valued.count - 1]
            let change = Change.between(a: before.result, b: after.result, kind: definition.statistics, unit: definition.unit)
            let span = concatenate(before.period.label, " to ", after.period.label, ": ")
            if change.isFinite {
                analysis.change = change
                analysis.warnings += change.warnings.map { concatenate(span, $0) }
            } else {
                analysis.warnings.append(concatenate(span, "the change is too large to represent."))
            }
        } else {
            analysis.warnings.append("Fewer than 2 points have a value: there is no change.")
        }

        // Goal on the last value, and the outlook at the deadline.
        guard let target else { return analysis }
        guard let last = all.last else {
            analysis.warnings.append("No point has a value: the goal cannot be judged.")
            return analysis
        }
        let direction = target.direction ?? Goal.Direction(definition.betterDirection)
        let goal = Goal(value: last.result.value, target: target.value, direction: direction, deadline: target.deadline)
        guard goal.gap.isFinite else {
            analysis.warnings.append("The target is too far from the last value to compare.")
            return analysis
        }
        var outlook = Outlook(goal: goal)
        if let deadline = target.deadline, let period = Period.containing(date: deadline, granularity: first.granularity) {
            let index = period.index(from: first)
            if let fit, analysis.trend != nil {
                let fitted = fit.fitted(at: Double(index))
                if fitted.value.isFinite, fitted.low.isFinite, fitted.high.isFinite {
                    outlook.projected = Projection(period: period, value: fitted.value, low: fitted.low, high: fitted.high)
                    if let range = possibleRange(definition.unit), fitted.low < range.lowerBound || fitted.high > range.upperBound {
                        analysis.warnings.append(concatenate(
                            "The projection at ", period.label, " (", fitted.low.signedText, " to ", fitted.high.signedText,
                            ") reaches beyond what the KPI can be: a straight line does not know its limits, so read it as a direction, not a forecast."))
                    }
                    outlook.onTrack = direction == .atMost ? fitted.value <= target.value : fitted.value >= target.value
                } else {
                    analysis.warnings.append("The projection at the deadline is too large to represent.")
                }
            } else {
                analysis.warnings.append("Without a trend there is no projection at the deadline.")
            }
            let remaining = index - last.index
            let required = (target.value - last.result.value) / Double(remaining)
            if remaining > 0, required.isFinite {
                outlook.requiredPerPeriod = required
            } else if remaining <= 0 {
                analysis.warnings.append(concatenate(
                    "The deadline is in the last value's period (", last.period.label, "): no periods are left to change it."))
            }
        }
        analysis.goal = outlook
        return analysis
    }
}

extension SeriesAnalysis {
    /// The values a KPI of `unit` can take, where the unit bounds them (money can be negative).
    static func possibleRange(_ unit: KPIUnit) -> ClosedRange<Double>? {
        switch unit {
        case .score: -100...100
        case .percent, .ratio, .days, .hours, .months, .count: 0...Double.greatestFiniteMagnitude
        case .currency: nil
        }
    }
}

extension SeriesAnalysis.Outlook {
    init(goal: Goal) { self.init(goal: goal, projected: nil, onTrack: nil, requiredPerPeriod: nil) }
}

extension SeriesAnalysis.Trend {
    /// `{ method, points, slope, unit, interval }`.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("method", method)
        writer.member("points", points)
        writer.member("slope", slope)
        writer.member("unit", unit)
        writer.key("interval")
        interval.write(to: &writer)
        writer.endObject()
    }
}
