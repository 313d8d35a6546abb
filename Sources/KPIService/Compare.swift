import JSON
import KPICore

/// `POST /compare`: one KPI computed for two inputs, `a` (before, or the baseline) and `b`, with the change
/// from `a` to `b` (``Change``): its interval and test where the KPI has a sampling model.
enum Compare {
    /// The compare response for a JSON body: `kpi`, `a`, `b` (each the KPI result), `change`, `warnings`
    /// (the change's: both readings of a percent change, no sampling model, …).
    ///
    /// - Throws: a 422 (inside ``BodyError/invalid(_:)``) for an unknown KPI, missing or unknown fields, or
    ///   an invalid side, its issues under `/a/…` or `/b/…` (both sides are checked).
    static func evaluate(_ body: UnsafeRawBufferPointer) throws(BodyError) -> [UInt8] {
        var envelope = try JSONEnvelope.body(body, known: ["kpi", "a", "b"])
        let definition = envelope.definition()
        let sides = (a: envelope.require("a"), b: envelope.require("b"))
        guard let definition, let a = sides.a, let b = sides.b else { throw .invalid(envelope.issues.validationError) }
        var results: [KPIResult] = []
        for (name, side) in [("/a", a), ("/b", b)] {
            switch definition.evaluate(body, side.range) {
            case .success(let result): results.append(result)
            case .failure(let validation): envelope.issues.append(contentsOf: validation, prefix: name)
            }
        }
        try envelope.check()
        let change = Change.between(a: results[0], b: results[1], kind: definition.statistics, unit: definition.unit)
        guard change.isFinite else {
            throw .invalid(ValidationError(pointer: "/b", detail: "makes the change from a too large to represent"))
        }
        var writer = JSONWriter()
        writer.beginObject()
        writer.member("kpi", definition.id)
        writer.key("a")
        results[0].write(to: &writer)
        writer.key("b")
        results[1].write(to: &writer)
        writer.key("change")
        change.write(to: &writer)
        writer.member("warnings", change.warnings)
        writer.endObject()
        return writer.bytes
    }
}
