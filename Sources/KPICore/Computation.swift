import JSON
import Statistics

/// What a KPI's computation returns: the value and what explains it, before the goal is applied.
struct Computation {
    /// The KPI value.
    var value: Double
    /// Every input and intermediate by name.
    var breakdown: [KPIResult.Entry]
    /// Each formula applied; the last is the KPI itself.
    var steps: [KPIResult.Step]
    /// The 95 % interval, when there is one.
    var interval: KPIResult.Interval? = nil
    /// Record groups, when there are any.
    var groups: [KPIResult.Group]? = nil
    /// Notes about the data.
    var warnings: [String] = []
    /// Where to point when a number of the result is not finite (the divisor, or `""` for the whole body).
    var overflowPointer: String = ""
    /// What the value was estimated from (rates from counts, NPS, means over records).
    var sample: KPIResult.Sample? = nil
    /// Cohorts by starting month (`/cohort-retention`).
    var cohorts: [KPIResult.Cohort]? = nil
}

extension KPIResult.Step {
    /// A step whose `substituted` is `operands = value`, e.g. `100000 / 2500 = 40`.
    init(_ name: String, _ formula: String, _ operands: String, _ value: Double) {
        self.init(name: name, formula: formula, substituted: concatenate(operands, " = ", value.formatted), value: value)
    }

    /// A step whose `substituted` is `operands = value` for an exact count, e.g. `180 + 40 + 30 = 250`.
    init(_ name: String, _ formula: String, _ operands: String, count value: Int64) {
        self.init(name: name, formula: formula, substituted: concatenate(operands, " = ", value.formatted), value: Double(value))
    }

    /// A step for a binary operation, `lhs op rhs = value` (plus `suffix`, e.g. ` × 100`), built in one buffer.
    init(_ name: String, _ formula: String, _ lhs: String, _ op: String, _ rhs: String, suffix: String = "", _ value: Double) {
        let substituted = concatenate(lhs, " ", op, " ", rhs, suffix, " = ", value.formatted)
        self.init(name: name, formula: formula, substituted: substituted, value: value)
    }
}

/// The strings joined into one allocation (the hot path of every `substituted` string).
func concatenate(_ parts: String...) -> String {
    var count = 0
    for part in parts { count += part.utf8.count }
    return String(unsafeUninitializedCapacity: count) { buffer in
        var offset = 0
        for var part in parts {
            part.withUTF8 { bytes in
                _ = UnsafeMutableBufferPointer(rebasing: buffer[offset...]).initialize(from: bytes)
                offset += bytes.count
            }
        }
        return offset
    }
}

extension KPIResult.Entry {
    /// An entry holding a computed number.
    init(_ name: String, _ value: Double) { self.init(name, JSONNumber(value)) }
    /// An entry holding an exact count.
    init(_ name: String, _ value: Int64) { self.init(name, JSONNumber(value)) }
}

extension Double {
    /// The number as written in `substituted` strings (see ``NumberFormat``).
    var formatted: String { NumberFormat.string(self) }
}

extension Int64 {
    /// The number as written in `substituted` strings.
    var formatted: String { String(self) }
}

extension InputReader {
    /// Records `part > whole` at the part: `must not be greater than leads`.
    mutating func checkPart<T: Comparable>(_ part: T?, _ partName: String, notAbove whole: T?, _ wholeName: String) {
        if let part, let whole, part > whole { issue("/" + partName, "must not be greater than \(wholeName)") }
    }

    /// Records `part > whole` at the part (both read from `values`): `must not be greater than leads`.
    mutating func checkPart<T: FieldValue & Comparable>(_ values: InputValues, _ part: Field<T>, notAbove whole: Field<T>) {
        checkPart(values[part], values.name(part), notAbove: values[whole], values.name(whole))
    }

    /// The exact sum of the counts `parts`, or `nil` with an issue at the first field whose addition takes the
    /// sum past 2⁶³ − 1: `/shares`, `makes likes + comments + shares greater than 9223372036854775807`.
    mutating func sum(_ parts: [(name: String, value: Int64)]) -> Int64? {
        var sum: Int64 = 0
        for part in parts {
            let (next, overflow) = sum.addingReportingOverflow(part.value)
            if overflow {
                issue("/" + part.name, "makes " + parts.map(\.name).joined(separator: " + ") + " greater than \(Int64.max)")
                return nil
            }
            sum = next
        }
        return sum
    }
}

extension Computation {
    /// A rate from counts: `part / whole × 100` in percent, with its Wilson interval.
    /// `whole` must be positive and `part ≤ whole`.
    static func rate(
        _ name: String, part: (name: String, value: Int64), whole: (name: String, value: Int64),
        extra: [KPIResult.Entry] = []
    ) -> Computation {
        let value = Double(part.value) / Double(whole.value) * 100
        let (low, high) = Statistics.wilson(successes: Double(part.value), trials: Double(whole.value))
        var breakdown = extra
        breakdown.append(.init(part.name, part.value))
        breakdown.append(.init(whole.name, whole.value))
        return Computation(
            value: value, breakdown: breakdown,
            steps: [.init(name, part.name + " / " + whole.name + " × 100", part.value.formatted, "/", whole.value.formatted,
                          suffix: " × 100", value)],
            interval: .init(low: low, high: high),
            overflowPointer: "/" + whole.name,
            sample: .proportion(successes: part.value, trials: whole.value))
    }
}
