// libFuzzer target: every KPI's input reading, validation and computation (`KPIDefinition.evaluate`).
//
// Input layout: byte 0 selects the KPI (`KPIRegistry.all[byte % count]`), the rest is the body: read as JSON,
// and for a KPI that takes records also as NDJSON and as CSV lines, with query parameters taken from a first
// line that starts with `?` (`?stages=a,b&target.value=3`).
// Invariants: no trap or ASan report; a result is finite, names its KPI, serializes to JSON that reads
// back as an object with a numeric `value`, and is deterministic (a second evaluation writes the same
// bytes); a validation error has at least one issue, each with a JSON Pointer ("" or "/…") and a detail.
import FuzzSupport
import JSON
import KPICore

private let definitions = KPIRegistry.all

private func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

/// Record lines: a result or a problem, never a trap; every issue has a pointer and a detail.
private func evaluateLines(_ definition: KPIDefinition, _ format: RecordFormat, _ bytes: UnsafeRawBufferPointer) {
    var body = bytes
    var parameters: [(name: String, value: String)] = []
    if bytes.first == UInt8(ascii: "?") {
        let end = bytes.firstIndex(of: 0x0A) ?? bytes.count
        let query = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[1..<end]), as: UTF8.self)
        parameters = query.split(separator: "&", omittingEmptySubsequences: false).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            return (String(parts[0]), parts.count > 1 ? String(parts[1]) : "")
        }
        body = UnsafeRawBufferPointer(rebasing: bytes[min(end + 1, bytes.count)...])
    }
    do {
        let result = try definition.evaluate(records: body, format: format, parameters: parameters)
        check(result.kpi == definition.id && result.value.isFinite, "\(definition.id) lines gave \(result.value)")
    } catch .invalid(let error) {
        check(!error.issues.isEmpty, "a validation error without issues")
        for issue in error.issues {
            check(issue.pointer.isEmpty || issue.pointer.utf8.first == UInt8(ascii: "/"), "pointer \(issue.pointer.debugDescription)")
            check(!issue.detail.isEmpty, "empty detail at \(issue.pointer)")
        }
    } catch {
        // Lines that are not NDJSON or CSV: a 400 with its reason.
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size > 0 else { return 0 }
    let definition = definitions[Int(data[0]) % definitions.count]
    let bytes = UnsafeRawBufferPointer(start: data + 1, count: size - 1)
    for format in definition.recordFormats { evaluateLines(definition, format, bytes) }
    guard let body = try? JSONReader.parse(bytes) else { return 0 }
    do {
        let result = try definition.evaluate(body)
        check(result.kpi == definition.id, "result for \(result.kpi) from \(definition.id)")
        check(result.value.isFinite, "value \(result.value)")
        check(result.breakdown.allSatisfy { $0.value.double.isFinite }, "non-finite breakdown")
        check(result.steps.allSatisfy { $0.value.isFinite }, "non-finite step")
        if let goal = result.goal { check(goal.gap.isFinite, "non-finite goal gap") }
        let written = result.serialized()
        guard let reread = try? JSONReader.parse(written), let object = reread.objectValue else {
            fatalError("invariant violated: \(definition.id) result is not a JSON object: \(text(written))")
        }
        check(object["kpi"] == .string(definition.id), "kpi member \(String(describing: object["kpi"]))")
        check(object["value"]?.numberValue != nil, "no numeric value in \(text(written))")
        let again = try definition.evaluate(body)
        check(again.serialized() == written, "second evaluation differs: \(text(again.serialized())) vs \(text(written))")
    } catch {
        check(!error.issues.isEmpty, "a validation error without issues")
        for issue in error.issues {
            // On UTF-8 (String.hasPrefix compares characters: "/" + a combining mark is not "/").
            check(issue.pointer.isEmpty || issue.pointer.utf8.first == UInt8(ascii: "/"), "pointer \(issue.pointer.debugDescription)")
            check(!issue.detail.isEmpty, "empty detail at \(issue.pointer)")
        }
        check(!error.summary.isEmpty, "empty summary")
    }
    return 0
}
