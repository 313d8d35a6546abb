import JSON

/// A computed KPI: the value with everything that explains it (the contract's success envelope).
public struct KPIResult: Sendable {
    /// One named input or intermediate.
    public struct Entry: Sendable, Equatable {
        /// The name, e.g. `totalSpend`.
        public var name: String
        /// The number (exact for counts).
        public var value: JSONNumber
        /// An entry.
        public init(_ name: String, _ value: JSONNumber) {
            self.name = name
            self.value = value
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
        /// A group.
        public init(key: String, count: Int, value: Double?, extra: [Entry] = []) {
            self.key = key
            self.count = count
            self.value = value
            self.extra = extra
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
    /// Notes about the data (duplicates ignored, records skipped, …).
    public var warnings: [String]
    /// What the value was estimated from, for comparing two results (``Change``); not part of the response.
    public var sample: Sample? = nil

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

    /// The success envelope: `kpi`, `name`, `value`, `unit`, `formula`, `substituted`, `breakdown`, `steps`,
    /// then `interval`, `groups`, `goal` when present, then `warnings`; written straight to JSON text.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writer.member("kpi", kpi)
        writer.member("name", name)
        writer.member("value", value)
        writer.member("unit", unit.rawValue)
        writer.member("formula", formula)
        writer.member("substituted", substituted)
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
                writer.endObject()
            }
            writer.endArray()
        }
        if let goal {
            writer.key("goal")
            goal.write(to: &writer)
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
            && (groups ?? []).allSatisfy { ($0.value?.isFinite ?? true) && $0.extra.allSatisfy { $0.value.double.isFinite } }
    }

    /// Each entry as a `"name": number` member of the object being written (the breakdown, a group's extras).
    private static func writeMembers(_ entries: [Entry], to writer: inout JSONWriter) {
        for entry in entries {
            writer.key(entry.name)
            writer.write(entry.value)
        }
    }
}
