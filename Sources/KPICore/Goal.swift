import JSON

/// The outcome of a request's `target` (a SMART goal): is the value on the right side of it, and by how much.
public struct Goal: Sendable, Equatable {
    /// Which side of the target is good.
    public enum Direction: String, Sendable {
        /// The value must be at least the target.
        case atLeast
        /// The value must be at most the target.
        case atMost

        /// The default for a KPI: lower is better → `atMost`, higher is better → `atLeast`.
        public init(_ better: BetterDirection) {
            self = better == .lower ? .atMost : .atLeast
        }
    }

    /// The target value.
    public var target: Double
    /// The direction applied.
    public var direction: Direction
    /// Whether the value meets the target (`atMost`: value ≤ target; `atLeast`: value ≥ target).
    public var met: Bool
    /// `value − target`.
    public var gap: Double
    /// The deadline as given (ISO 8601 date), if any.
    public var deadline: String?

    /// The goal for `value` against `target`.
    public init(value: Double, target: Double, direction: Direction, deadline: String?) {
        self.target = target
        self.direction = direction
        self.met = direction == .atMost ? value <= target : value >= target
        self.gap = value - target
        self.deadline = deadline
    }

    /// `{ target, direction, met, gap, deadline? }`, written straight to JSON text.
    public func write(to writer: inout JSONWriter) {
        writer.beginObject()
        writeMembers(to: &writer)
        writer.endObject()
    }

    /// The members of ``write(to:)`` inside an object being written (a series' goal adds its outlook).
    public func writeMembers(to writer: inout JSONWriter) {
        writer.member("target", target)
        writer.member("direction", direction.rawValue)
        writer.member("met", met)
        writer.member("gap", gap)
        if let deadline {
            writer.member("deadline", deadline)
        }
    }
}
