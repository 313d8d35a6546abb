import JSON
import KPICore

/// `POST /series`: one KPI per period, with its trend, the change between the last two values and the
/// outlook of a goal.
///
/// The body is read like `/batch`'s (``JSONEnvelope``): one pass validates the envelope and notes where each
/// point's `input` is, then each point is evaluated from its own text. The points come from a
/// ``Source``: today the `points` form (one input per period); a source that buckets records into periods
/// (the `period`/`from`/`to` form) plugs in as another way to make the same list.
enum Series {
    /// The most points (periods) one series may have.
    static let maxPoints = 1000

    /// One point to compute: its period and how to compute it.
    struct Point {
        var period: Period
        /// The point's result (nil for a bucket without records), or its issues relative to the point.
        var evaluate: () -> Result<KPIResult?, ValidationError>
    }

    /// The members a series body may have.
    private static let fields: Set<String> = ["kpi", "points", "target", "period", "from", "to", "input"]

    /// The series response for a JSON body.
    ///
    /// - Throws: a 422 (inside ``BodyError/invalid(_:)``) when the request itself is wrong: unknown KPI,
    ///   missing or extra fields, more than 1000 points, a bad or out-of-order period label, periods of
    ///   mixed granularity, an invalid target, a deadline before the last point. A point whose input cannot
    ///   be computed is that point's own 422 and fails only itself.
    static func evaluate(_ body: UnsafeRawBufferPointer) throws(BodyError) -> [UInt8] {
        var envelope = try JSONEnvelope.body(body, known: fields, elementsOf: "points", limit: maxPoints)
        let definition = envelope.definition()
        var target: Goal.Target? = nil
        if let member = envelope["target"] {
            do {
                target = try Goal.Target.read(json: UnsafeRawBufferPointer(rebasing: body[member.range]), at: "/target")
            } catch {
                envelope.issues += error.issues
            }
        }
        var points: [Point] = []
        if envelope.has("points") {
            for name in ["period", "from", "to", "input"] where envelope.has(name) {
                envelope.issue("/" + name, "cannot be combined with points")
            }
            points = pointsForm(body, &envelope).map { period, input in
                Point(period: period) { definition.map { $0.evaluate(body, input).map { $0 } } ?? .success(nil) }
            }
        } else if envelope.has("input") || envelope.has("period") {
            recordsForm(&envelope)
        } else {
            envelope.issue("/points", "is required (one input per period)")
        }
        if let deadline = target?.deadline, let last = points.last?.period,
            let period = Period.containing(date: deadline, granularity: last.granularity), period.ordinal < last.ordinal {
            envelope.issue("/target/deadline", "must not be before the last point's period (\(last.label))")
        }
        try envelope.check()
        guard let definition, let granularity = points.first?.period.granularity else {
            throw .invalid(ValidationError(pointer: "", detail: "cannot be computed"))
        }
        return respond(definition, granularity, points, target)
    }

    /// The periods and input texts of the `points` form, each checked (an object with `period` and `input`, labels of one
    /// granularity, strictly increasing); issues go into `envelope` with pointers `/points/<i>/…`.
    private static func pointsForm(_ body: UnsafeRawBufferPointer, _ envelope: inout JSONEnvelope) -> [(Period, Range<Int>)] {
        guard envelope["points"]?.kind == .array else {
            envelope.issue("/points", "must be an array")
            return []
        }
        if envelope.elementCount == 0 { envelope.issue("/points", "must have at least 1 point") }
        if envelope.elementCount > maxPoints { envelope.issue("/points", "must have at most \(maxPoints) points") }
        var points: [(Period, Range<Int>)] = []
        var first: Period? = nil
        var previous: Period? = nil
        for (i, element) in envelope.elements.enumerated() {
            let at = "/points/\(i)"
            let read = Result { () throws(JSONParseError) in try JSONEnvelope.read(body, in: element, known: ["period", "input"]) }
            guard case .success(var point?) = read else {
                envelope.issue(at, "must be an object with period and input")
                continue
            }
            let period = point.require("period")
            let input = point.require("input")
            envelope.issues += point.issues.map { .init(pointer: at + $0.pointer, detail: $0.detail) }
            guard let period, let input else { continue }
            guard let label = period.string else {
                envelope.issue(at + "/period", "must be a string")
                continue
            }
            guard let parsed = Period(label: label) else {
                envelope.issue(at + "/period", "must be a period label: 2024-03-05, 2024-W10, 2024-03, 2024-Q1 or 2024")
                continue
            }
            if let first, parsed.granularity != first.granularity {
                envelope.issue(
                    at + "/period", "must be a \(first.granularity.rawValue) like the first point's period (\(first.label))")
                continue
            }
            if let previous, parsed.ordinal <= previous.ordinal {
                envelope.issue(at + "/period", "must come after \(previous.label): periods must be strictly increasing")
            }
            if first == nil { first = parsed }
            previous = parsed
            points.append((parsed, input.range))
        }
        return points
    }

    /// The records form (`period`, `from`, `to`, `input` with records): checks what it can, then refuses,
    /// since bucketing records into periods is not available yet. A bucketing source returns ``Point``s
    /// (one per period from `from` to `to`, each evaluating its bucket's records) and the rest is shared.
    private static func recordsForm(_ envelope: inout JSONEnvelope) {
        if let period = envelope.require("period") {
            if period.string.flatMap(Period.Granularity.init(rawValue:)) == nil {
                envelope.issue("/period", "must be one of day, week, month, quarter, year")
            }
        }
        for name in ["from", "to"] {
            if let member = envelope[name], member.string.flatMap({ Period.containing(date: $0, granularity: .day) }) == nil {
                envelope.issue("/" + name, "must be an ISO 8601 date (2024-03-01) or date-time with offset")
            }
        }
        if envelope.require("input") != nil {
            envelope.issue(
                "/input", "cannot be bucketed into periods yet: bucketing records by their event date is not available; send one input per period in points")
        }
    }

    /// Evaluates every point and writes the response: `kpi`, `unit`, `period`, `points`, `trend`, `change`,
    /// `goal` (with a target), `warnings`.
    private static func respond(
        _ definition: KPIDefinition, _ granularity: Period.Granularity, _ points: [Point], _ target: Goal.Target?
    ) -> [UInt8] {
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("kpi", definition.id)
        writer.member("unit", definition.unit.rawValue)
        writer.member("period", granularity.rawValue)
        writer.key("points")
        writer.beginArray()
        var computed: [(period: Period, result: KPIResult?)] = []
        computed.reserveCapacity(points.count)
        var overBudget = 0
        for point in points {
            writer.beginObject()
            writer.member("period", point.period.label)
            guard writer.byteCount < Batch.responseBudget else {
                // As in /batch: past the budget a point answers a 413 of its own and is left out of the analysis.
                overBudget += 1
                writeProblem(ServiceError.batchResponseTooLarge(budget: Batch.responseBudget).problem(instance: "/series"), to: &writer)
                writer.endObject()
                continue
            }
            switch point.evaluate() {
            case .success(let result?):
                writer.member("status", 200)
                writer.key("result")
                result.write(to: &writer)
                computed.append((point.period, result))
            case .success(nil):
                writer.member("status", 200)
                writer.key("result")
                writer.writeNull()
                writer.member("count", 0)
                computed.append((point.period, nil))
            case .failure(let validation):
                writeProblem(Problem(validation: validation, instance: "/series", pointerPrefix: "/input"), to: &writer)
                computed.append((point.period, nil))
            }
            writer.endObject()
        }
        writer.endArray()

        var analysis = SeriesAnalysis.analyze(computed, definition: definition, target: target)
        if overBudget > 0 {
            analysis.warnings.append("\(overBudget) points after the 8 MiB response budget were not computed and are left out of the trend.")
        }
        writer.key("trend")
        if let trend = analysis.trend { trend.write(to: &writer) } else { writer.writeNull() }
        writer.key("change")
        if let change = analysis.change { change.write(to: &writer) } else { writer.writeNull() }
        if target != nil {
            writer.key("goal")
            if let goal = analysis.goal { goal.write(to: &writer) } else { writer.writeNull() }
        }
        writer.key("warnings")
        writer.beginArray()
        for warning in analysis.warnings { writer.write(warning) }
        writer.endArray()
        writer.endObject()
        return writer.bytes
    }

    /// `"status": 422, "problem": {…}` (or the problem's own status) inside a point's object.
    private static func writeProblem(_ problem: Problem, to writer: inout JSONWriter) {
        writer.member("status", problem.type.status.code)
        writer.key("problem")
        writer.write(problem.json)
    }
}
