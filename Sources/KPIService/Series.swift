import JSON
import KPICore

/// `POST /series`: one KPI per period, with its trend, the change between the last two values and the
/// outlook of a goal.
///
/// The body is read like `/batch`'s (``JSONEnvelope``): one pass validates the envelope and notes where each
/// point's `input` is, then each point is evaluated from its own text. The points come from either form:
/// `points` (one input per period), or the records form (`period`, `from`, `to`, `input`), whose records
/// KPICore reads once and buckets into periods by their event date, or evaluates over each month's window for
/// the subscription KPIs (``KPIDefinition/buckets(json:window:maxPeriods:)``).
/// Both make the same list of ``Point``s and the rest is shared.
enum Series {
    /// The most points (periods) one series may have.
    static let maxPoints = 1000

    /// One point to compute: its period and how to compute it.
    struct Point {
        var period: Period
        /// The point's result (nil for a bucket without records), or its issues relative to the point
        /// (`/input/…`, or `/period` for a month window's period).
        var evaluate: () -> Result<KPIResult?, ValidationError>
    }

    /// The members a series body may have.
    private static let fields: Set<String> = ["kpi", "points", "target", "period", "from", "to", "input", "minSample"]

    /// The series response for a JSON body.
    ///
    /// - Throws: a 422 (inside ``BodyError/invalid(_:)``) when the request itself is wrong: unknown KPI,
    ///   missing or extra fields, both forms, more than 1000 points or periods, a bad or out-of-order period
    ///   label, periods of mixed granularity, an unknown `period` word, bad `from`/`to` dates or `from` after
    ///   `to`, records of a KPI without an event date, a `period` other than `month` for a KPI whose points
    ///   are month windows, an invalid input of the records form, an invalid target,
    ///   a deadline before the last point. A point whose input (or bucket) cannot be computed is that point's
    ///   own 422 and fails only itself.
    static func evaluate(_ body: UnsafeRawBufferPointer) throws(BodyError) -> [UInt8] {
        var envelope = try JSONEnvelope.body(body, known: fields, elementsOf: "points", limit: maxPoints)
        let definition = envelope.definition()
        var target: Goal.Target? = nil
        if let member = envelope["target"] {
            do {
                target = try Goal.Target.read(json: UnsafeRawBufferPointer(rebasing: body[member.range]), at: "/target")
            } catch {
                envelope.issues.append(contentsOf: error.issues)
            }
        }
        let minSample = readMinSample(body, &envelope)
        var points: [Point] = []
        var warnings: [String] = []
        if envelope.has("points") {
            for name in ["period", "from", "to", "input"] where envelope.has(name) {
                envelope.issue("/" + name, "cannot be combined with points")
            }
            points = pointsForm(body, &envelope).map { period, input in
                Point(period: period) {
                    definition.map { $0.evaluate(body, input).map { $0 }.mapError { $0.under("/input") } } ?? .success(nil)
                }
            }
        } else if ["input", "period", "from", "to"].contains(where: envelope.has) {
            (points, warnings) = recordsForm(body, definition, &envelope)
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
        return respond(definition, granularity, points, target, minSample: minSample, warnings: warnings)
    }

    /// The body's `minSample`: a whole number from 1 to 2⁶³ − 1 (the points resting on fewer observations are
    /// left out of the trend, the change and the projection), or nil with an issue when it is not one.
    private static func readMinSample(_ body: UnsafeRawBufferPointer, _ envelope: inout JSONEnvelope) -> Int64? {
        guard let member = envelope["minSample"] else { return nil }
        var cursor = JSONCursor(UnsafeRawBufferPointer(rebasing: body[member.range]))
        if member.kind == .number, let number = try? cursor.readNumber(), let n = number.integer, n >= 1 { return n }
        envelope.issue("/minSample", "must be a whole number from 1 to 9223372036854775807")
        return nil
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
            envelope.issues.append(contentsOf: point.issues.issues, prefix: at)
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

    /// The records form (`period`, `from`, `to`, `input` with the KPI's records): checks the window, then
    /// reads the input once and buckets its records by their event date, one point per period from `from` to
    /// `to` (each evaluating its bucket's records when asked), with warnings about the records as a whole.
    /// Issues go into `envelope`.
    private static func recordsForm(
        _ body: UnsafeRawBufferPointer, _ definition: KPIDefinition?, _ envelope: inout JSONEnvelope
    ) -> (points: [Point], warnings: [String]) {
        var granularity: Period.Granularity? = nil
        if let period = envelope.require("period") {
            granularity = period.string.flatMap(Period.Granularity.init(rawValue:))
            if granularity == nil { envelope.issue("/period", "must be one of day, week, month, quarter, year") }
        }
        if let definition, let chosen = granularity, let issue = definition.seriesPeriodIssue(chosen) {
            envelope.issues.append(issue)
            granularity = nil
        }
        var bounds: [String: String] = [:]
        for name in ["from", "to"] {
            guard let member = envelope[name] else { continue }
            if let text = member.string { bounds[name] = text } else { envelope.issue("/" + name, "must be a string holding an ISO 8601 date") }
        }
        var window: SeriesWindow? = nil
        do {
            window = try SeriesWindow(granularity: granularity ?? .day, from: bounds["from"], to: bounds["to"])
        } catch {
            envelope.issues.append(contentsOf: error.issues)
        }
        let input = envelope.require("input")
        if let issue = definition?.recordsSeriesIssue {
            envelope.issues.append(issue)
            return ([], [])
        }
        guard let definition, granularity != nil, let window, let input else { return ([], []) }
        do {
            let buckets = try definition.buckets(
                json: UnsafeRawBufferPointer(rebasing: body[input.range]), window: window, maxPeriods: maxPoints)
            return (buckets.points.map { Point(period: $0.period, evaluate: $0.evaluate) }, buckets.warnings)
        } catch {
            envelope.issues.append(contentsOf: error)
            return ([], [])
        }
    }

    /// Evaluates every point and writes the response: `kpi`, `unit`, `period`, `points`, `trend`, `change`,
    /// `goal` (with a target), `warnings` (`warnings` about the records first).
    private static func respond(
        _ definition: KPIDefinition, _ granularity: Period.Granularity, _ points: [Point], _ target: Goal.Target?,
        minSample: Int64?, warnings: [String]
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
                if SeriesAnalysis.isSmallSample(result) { writer.member("smallSample", true) }
                computed.append((point.period, result))
            case .success(nil):
                writer.member("status", 200)
                writer.key("result")
                writer.writeNull()
                writer.member("count", 0)
                computed.append((point.period, nil))
            case .failure(let validation):
                writeProblem(Problem(validation: validation, instance: "/series"), to: &writer)
                computed.append((point.period, nil))
            }
            writer.endObject()
        }
        writer.endArray()

        var analysis = SeriesAnalysis.analyze(computed, definition: definition, target: target, minSample: minSample)
        analysis.warnings = warnings + analysis.warnings
        if overBudget > 0 {
            analysis.warnings.append("\(overBudget) points after the 8 MiB response budget were not computed and are left out of the trend.")
        }
        writer.member("trend", analysis.trend) { $1.write(to: &$0) }
        writer.member("change", analysis.change) { $1.write(to: &$0) }
        if target != nil { writer.member("goal", analysis.goal) { $1.write(to: &$0) } }
        writer.member("warnings", analysis.warnings)
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
