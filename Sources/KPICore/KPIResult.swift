import JSON
import Reading

/// A computed KPI: the value with everything that explains it (the contract's success envelope).
public struct KPIResult: Sendable {
    /// One named input or intermediate.
    public struct Entry: Sendable, Equatable {
        /// The name, e.g. `totalSpend`.
        public var name: String
        /// The number (exact for counts).
        public var value: JSONNumber
        /// The text of an entry that names a definition rather than a number (`churnDenominator: "start"`);
        /// when set, it is written instead of ``value``.
        public var text: String? = nil
        /// The items of an entry that lists records (`detractorIds: ["r-2", 7]`, ids as given); when set, it
        /// is written as a JSON array instead of ``value``.
        public var list: [JSONValue]? = nil
        /// An entry.
        public init(_ name: String, _ value: JSONNumber) {
            self.name = name
            self.value = value
        }
        /// An entry echoing the definition used (`basis: "logo"`).
        public init(_ name: String, text: String) {
            self.name = name
            self.value = JSONNumber(Int64(0))
            self.text = text
        }
        /// An entry listing records by their ids (`detractorIds`).
        public init(_ name: String, list: [JSONValue]) {
            self.name = name
            self.value = JSONNumber(Int64(list.count))
            self.list = list
        }
    }

    /// One formula applied.
    public struct Step: Sendable, Equatable {
        /// What the step computes, e.g. `averagePurchaseValue`.
        public var name: String
        /// The formula in field names, e.g. `annualRevenue / annualPurchases`.
        public var formula: String
        /// The formula with numbers, e.g. `100000 / 2500 = 40`.
        public var substituted: String
        /// The result.
        public var value: Double
        /// A step.
        public init(name: String, formula: String, substituted: String, value: Double) {
            self.name = name
            self.formula = formula
            self.substituted = substituted
            self.value = value
        }
    }

    /// A 95 % confidence interval in the KPI's unit.
    public struct Interval: Sendable, Equatable {
        /// The confidence level (0.95).
        public var level: Double
        /// Lower bound.
        public var low: Double
        /// Upper bound.
        public var high: Double
        /// An interval.
        public init(level: Double = 0.95, low: Double, high: Double) {
            self.level = level
            self.low = low
            self.high = high
        }

        /// `{"level":…,"low":…,"high":…}`, as results, changes and trends carry it.
        public func write(to writer: inout JSONWriter) {
            writer.beginObject()
            writer.member("level", level)
            writer.member("low", low)
            writer.member("high", high)
            writer.endObject()
        }
    }

    /// One group of records (a rep, an agent, a pipeline stage).
    public struct Group: Sendable, Equatable {
        /// The group's key.
        public var key: String
        /// How many records it holds.
        public var count: Int
        /// The group's value (`nil` is written as JSON `null`, e.g. the last pipeline stage).
        public var value: Double?
        /// Further numbers for this group, e.g. `meanDays` of a pipeline stage.
        public var extra: [Entry]
        /// The 95 % interval of a rate's group (a rep's close rate).
        public var interval: Interval?
        /// A group.
        public init(key: String, count: Int, value: Double?, extra: [Entry] = [], interval: Interval? = nil) {
            self.key = key
            self.count = count
            self.value = value
            self.extra = extra
            self.interval = interval
        }
    }

    /// The KPI id, e.g. `cac`.
    public var kpi: String
    /// The KPI name.
    public var name: String
    /// The KPI value, unrounded.
    public var value: Double
    /// The value's unit.
    public var unit: KPIUnit
    /// The KPI symbol, e.g. `CAC`.
    public var symbol: String
    /// The formula applied last, with the KPI symbol: `CAC = totalSpend / newCustomers`.
    public var formula: String { symbol + " = " + (steps.last?.formula ?? "") }
    /// The same with numbers: `CAC = 10000 / 10 = 1000`.
    public var substituted: String { symbol + " = " + (steps.last?.substituted ?? "") }
    /// Every input and intermediate by name.
    public var breakdown: [Entry]
    /// Each formula applied, in order; the last is the KPI itself.
    public var steps: [Step]
    /// The 95 % interval, for rates and NPS computed from counts.
    public var interval: Interval?
    /// Per-rep / agent / stage groups, for record-based KPIs.
    public var groups: [Group]?
    /// The goal outcome, when the request had a `target`.
    public var goal: Goal?
    /// The records left out under `invalidRows: "skip"`, when there were any.
    public var skipped: Skipped? = nil
    /// Notes about the data (duplicates ignored, records skipped, …).
    public var warnings: [String]

    /// The records left out under `invalidRows: "skip"`: how many, and each distinct problem once.
    public struct Skipped: Sendable, Equatable {
        /// How many records were left out.
        public var rows: Int
        /// Their problems, grouped.
        public var problems: ProblemGroups
    }
    /// What the value was estimated from, for comparing two results (``Change``); not part of the response.
    public var sample: Sample? = nil

    /// One cohort of customers by the month they started: its size and retention month by month.
    public struct Cohort: Sendable, Equatable {
        /// The cohort's month, `2024-01`.
        public var cohort: String
        /// Customers in it.
        public var size: Int
        /// Retention in percent at months 0, 1, … after the cohort's month, up to the last month in the data.
        public var retention: [Double]
        /// The 95 % Wilson interval of each cell (logo retention); `nil` for revenue retention.
        public var intervals: [Interval]?
        /// A cohort.
        public init(cohort: String, size: Int, retention: [Double], intervals: [Interval]?) {
            self.cohort = cohort
            self.size = size
            self.retention = retention
            self.intervals = intervals
        }
    }

    /// The KPI recomputed with some inputs replaced (a request's `scenarios`).
    public struct Scenario: Sendable, Equatable {
        /// The scenario's name, as given.
        public var name: String
        /// The KPI under the scenario.
        public var value: Double
        /// `value` minus the measured value.
        public var difference: Double
        /// The scenario's last formula with its numbers.
        public var substituted: String
        /// A scenario.
        public init(name: String, value: Double, difference: Double, substituted: String) {
            self.name = name
            self.value = value
            self.difference = difference
            self.substituted = substituted
        }
    }

    /// One input solved for, holding the KPI's value (a request's `solve`).
    public struct Solved: Sendable, Equatable {
        /// The input solved for.
        public var field: String
        /// What it must be (rounded up for counts).
        public var value: Double
        /// The range the KPI's interval implies, when it has one (`nil`: none, or unbounded on that side).
        public var low: Double?
        public var high: Double?
        /// The solution with its numbers: `leads = 12 / 0.3 = 40`.
        public var substituted: String
        /// A solution.
        public init(field: String, value: Double, low: Double?, high: Double?, substituted: String) {
            self.field = field
            self.value = value
            self.low = low
            self.high = high
            self.substituted = substituted
        }
    }

    /// Cohorts of customers by starting month (`/cohort-retention`).
    public var cohorts: [Cohort]? = nil
    /// The request's scenarios, in order.
    public var scenarios: [Scenario]? = nil
    /// The request's `solve`, solved.
    public var solved: Solved? = nil

    /// The sample behind a value: what a test of the difference between two results needs.
    public enum Sample: Sendable, Equatable {
        /// A rate from counts: `successes` of `trials` (`trials > 0`).
        case proportion(successes: Int64, trials: Int64)
        /// An NPS from `responses` answers, of which `promoters` and `detractors` (`responses > 0`).
        case nps(promoters: Int64, detractors: Int64, responses: Int64)
        /// A mean over `count` per-record values with their sample variance (divisor `count − 1`; 0 when
        /// `count` is 1).
        case values(mean: Double, variance: Double, count: Int)
    }

    /// The number of observations the value rests on (the records of a mean, the responses of an NPS, a
    /// rate's denominator), when the KPI has a sampling model; `nil` otherwise.
    public var sampleSize: Int64? {
        switch sample {
        case .proportion(_, let trials)?: trials
        case .nps(_, _, let responses)?: responses
        case .values(_, _, let count)?: Int64(count)
        case nil: nil
        }
    }

    /// The success envelope: `kpi`, `name`, `value`, `unit`, `formula`, `substituted`, `breakdown`, `steps`,
    /// then `interval`, `groups`, `goal` when present, then `warnings`; written straight to JSON text.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("kpi", kpi)
        writer.member("name", name)
        writer.member("value", value)
        writer.member("unit", unit.rawValue)
        // ``formula`` and ``substituted`` written from their pieces: joining them first cost 2 % of a `/cac` request.
        writer.key("formula")
        writer.write(joining: symbol, " = ", steps.last?.formula ?? "")
        writer.key("substituted")
        writer.write(joining: symbol, " = ", steps.last?.substituted ?? "")
        writer.key("breakdown")
        writer.beginObject()
        Self.writeMembers(breakdown, to: &writer)
        writer.endObject()
        writer.key("steps")
        writer.beginArray()
        for step in steps {
            writer.beginObject()
            writer.member("name", step.name)
            writer.member("formula", step.formula)
            writer.member("substituted", step.substituted)
            writer.member("value", step.value)
            writer.endObject()
        }
        writer.endArray()
        if let interval {
            writer.key("interval")
            interval.write(to: &writer)
        }
        if let groups {
            writer.key("groups")
            writer.beginArray()
            for group in groups {
                writer.beginObject()
                writer.member("key", group.key)
                writer.member("count", group.count)
                writer.member("value", group.value) { $0.write($1) }
                Self.writeMembers(group.extra, to: &writer)
                if let interval = group.interval {
                    writer.key("interval")
                    interval.write(to: &writer)
                }
                writer.endObject()
            }
            writer.endArray()
        }
        if let cohorts {
            writer.key("cohorts")
            writer.beginArray()
            for cohort in cohorts {
                writer.beginObject()
                writer.member("cohort", cohort.cohort)
                writer.member("size", cohort.size)
                writer.key("retention")
                writer.beginArray()
                for cell in cohort.retention { writer.write(cell) }
                writer.endArray()
                if let intervals = cohort.intervals {
                    writer.key("intervals")
                    writer.beginArray()
                    for interval in intervals { interval.write(to: &writer) }
                    writer.endArray()
                }
                writer.endObject()
            }
            writer.endArray()
        }
        if let goal {
            writer.key("goal")
            goal.write(to: &writer)
        }
        if let scenarios {
            writer.key("scenarios")
            writer.beginArray()
            for scenario in scenarios {
                writer.beginObject()
                writer.member("name", scenario.name)
                writer.member("value", scenario.value)
                writer.member("difference", scenario.difference)
                writer.member("substituted", scenario.substituted)
                writer.endObject()
            }
            writer.endArray()
        }
        if let solved {
            writer.key("solved")
            writer.beginObject()
            writer.member("for", solved.field)
            writer.member("value", solved.value)
            writer.member("low", solved.low) { $0.write($1) }
            writer.member("high", solved.high) { $0.write($1) }
            writer.member("substituted", solved.substituted)
            writer.endObject()
        }
        if let skipped {
            writer.key("skipped")
            writer.beginObject()
            writer.member("rows", skipped.rows)
            writer.key("problems")
            writer.write(skipped.problems.json)
            writer.endObject()
        }
        writer.member("warnings", warnings)
        writer.endObject()
    }

    /// The success envelope as compact JSON text.
    public func serialized() -> [UInt8] {
        var writer = JSONWriter()
        write(to: &writer)
        return writer.bytes
    }

    /// Every number of the result is finite.
    var isFinite: Bool {
        value.isFinite && breakdown.allSatisfy { $0.value.double.isFinite } && steps.allSatisfy { $0.value.isFinite }
            && (interval.map { $0.low.isFinite && $0.high.isFinite } ?? true)
            && (groups ?? []).allSatisfy { group in
                (group.value?.isFinite ?? true) && group.extra.allSatisfy { $0.value.double.isFinite }
                    && (group.interval.map { $0.low.isFinite && $0.high.isFinite } ?? true)
            }
            && (cohorts ?? []).allSatisfy { cohort in
                cohort.retention.allSatisfy(\.isFinite) && (cohort.intervals ?? []).allSatisfy { $0.low.isFinite && $0.high.isFinite }
            }
    }

    /// Each entry as a `"name": number` member of the object being written (the breakdown, a group's extras).
    private static func writeMembers(_ entries: [Entry], to writer: inout JSONWriter) {
        for entry in entries {
            writer.key(entry.name)
            if let text = entry.text { writer.write(text) } else if let list = entry.list { writer.write(.array(JSONArray(list))) } else { writer.write(entry.value) }
        }
    }
}
