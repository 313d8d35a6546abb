// libFuzzer target: the whole in-process path from a request body to the bytes the server writes:
// `KPIService.handle` (routing, media type, JSON reading, KPI or batch evaluation, problem+json,
// gzip, request id) and then `ResponseWriter.append`, as the connection serializes a response.
//
// Input layout: byte 0 selects the route: `(byte & 0x7F) % (KPI count + 3)`, the last three being `/batch`,
// `/series` and `/compare`; bit 7 adds `Accept-Encoding: gzip`. The rest is the body, sent as `application/json`.
// Invariants: no trap or ASan report; the status is 200, 400 or 422 (never 500), and the one predicted
// from `JSONReader.parse` and `KPIDefinition.evaluate`; 200 answers are JSON objects (the KPI's result,
// a batch whose items are 200/422, a series whose points each have a period label that reads back and a
// status, a compare with both sides and the change); error answers are application/problem+json objects whose
// `status` member is the status; gzip bodies carry the gzip magic; the serialized response has one
// status line, header lines without CR/LF inside, a matching Content-Length and the body at the end.
import FuzzSupport
import HTTPTypes
import JSON
import KPICore
import KPIService
import Logging
@testable import HTTPServer

private let service = KPIService(logger: Logger(label: "fuzz", factory: { _ in SwiftLogNoOpLogHandler() }))
private let definitions = KPIRegistry.all
/// Which answer a route gives: one KPI's result, or one of the envelopes over them.
private enum Route {
    case kpi(KPIDefinition)
    case batch, series, compare
}
private let routes: [(path: String, route: Route)] = definitions.map { ("/" + $0.id, .kpi($0)) }
    + [("/batch", .batch), ("/series", .series), ("/compare", .compare)]
nonisolated(unsafe) private var writer = ResponseWriter(serverName: "kpi-service")
private let plainFields = RequestFields([.contentType: "application/json"])
private let gzipFields = RequestFields([.contentType: "application/json", .acceptEncoding: "gzip"])

private func text<C: Collection<UInt8>>(_ bytes: C) -> String { String(decoding: bytes, as: UTF8.self) }

/// The status the service must answer with, from the public KPICore and JSON APIs (nil: not predicted).
private func expectedStatus(_ body: [UInt8], _ route: Route) -> Int? {
    // The service skips a UTF-8 byte-order mark at the start of every body (as Excel and CRM exports write it).
    let body = body.starts(with: [0xEF, 0xBB, 0xBF]) ? Array(body.dropFirst(3)) : body
    guard let value = try? JSONReader.parse(body), case .object = value else { return 400 }
    guard case .kpi(let definition) = route else { return nil }
    return (try? definition.evaluate(value)) == nil ? 422 : 200
}

/// Checks the bytes `ResponseWriter` produced for `response`.
private func checkSerialized(_ output: [UInt8], _ response: Response) {
    let separator: [UInt8] = Array("\r\n\r\n".utf8)
    var headEnd: Int?
    if output.count >= 4 {
        for index in 0...(output.count - 4) where output[index] == 0x0D && Array(output[index..<index + 4]) == separator {
            headEnd = index
            break
        }
    }
    guard let headEnd else { fatalError("invariant violated: no end of head in \(text(output))") }
    let head = text(output[..<headEnd])
    let lines = head.split(separator: "\r\n", omittingEmptySubsequences: false)
    check(lines[0].hasPrefix("HTTP/1.1 \(response.status.code) "), "status line \(lines[0])")
    var contentLength: Int?
    for line in lines.dropFirst() {
        check(!line.utf8.contains(0x0D) && !line.utf8.contains(0x0A), "CR or LF inside header line \(line.debugDescription)")
        guard let colon = line.firstIndex(of: ":") else { fatalError("invariant violated: header line without colon: \(line)") }
        if line[..<colon].lowercased() == "content-length" {
            check(contentLength == nil, "two Content-Length lines")
            contentLength = Int(line[line.index(after: colon)...].drop { $0 == " " })
        }
    }
    check(contentLength == response.body.count, "Content-Length \(String(describing: contentLength)) for \(response.body.count) bytes")
    check(output.count - headEnd - 4 == response.body.count && output.suffix(response.body.count).elementsEqual(response.body), "body not at the end")
}

/// Checks a 200 answer's shape for its route.
private func checkAnswer(_ object: JSONObject, _ route: (path: String, route: Route)) {
    switch route.route {
    case .kpi(let definition):
        check(object["kpi"] == .string(definition.id), "result for \(String(describing: object["kpi"])) from \(route.path)")
    case .batch:
        guard let results = object["results"]?.arrayValue else { fatalError("invariant violated: batch without results") }
        for item in results {
            let itemStatus = item["status"]?.numberValue?.integer
            check(itemStatus == 200 ? item["result"]?.objectValue != nil : [413, 422].contains(itemStatus) && item["problem"]?.objectValue != nil, "batch item \(item)")
        }
    case .series:
        guard let points = object["points"]?.arrayValue, !points.isEmpty else { fatalError("invariant violated: series without points") }
        for point in points {
            // Every label the service writes is one it reads back (a period of a four-digit year).
            guard let label = point["period"]?.stringValue, Period(label: label) != nil else {
                fatalError("invariant violated: series point period \(String(describing: point["period"])) does not read back")
            }
            check([200, 413, 422].contains(point["status"]?.numberValue?.integer), "series point \(point)")
        }
        if let label = object["goal"]?["projected"]?["period"]?.stringValue {
            check(Period(label: label) != nil, "projected period \(label) does not read back")
        }
    case .compare:
        check(object["a"]?.objectValue != nil && object["b"]?.objectValue != nil && object["change"]?.objectValue != nil, "compare without a, b or change")
    }
}

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ pointer: UnsafePointer<UInt8>?, _ size: Int) -> CInt {
    guard let data = pointer, size > 0 else { return 0 }
    let route = routes[Int(data[0] & 0x7F) % routes.count]
    let gzip = data[0] & 0x80 != 0
    let body = Array(UnsafeBufferPointer(start: data + 1, count: size - 1))
    let request = Request(method: .post, authority: "localhost", path: route.path, headerFields: gzip ? gzipFields : plainFields, body: body)
    let response = service.handle(request)
    let status = response.status.code

    check(status != 500, "500 for \(route.path) with \(text(body))")
    check([200, 400, 422].contains(status), "status \(status) for \(route.path)")
    if let expected = expectedStatus(body, route.route) {
        check(status == expected, "\(route.path) answered \(status), expected \(expected) for \(text(body))")
    }
    check(response.headerFields[HTTPField.Name("X-Request-ID")!] != nil, "no request id")

    let contentType = response.headerFields[.contentType]
    check(contentType == (status == 200 ? "application/json" : "application/problem+json"), "Content-Type \(String(describing: contentType)) with \(status)")
    if response.headerFields[.contentEncoding] != nil {
        check(gzip && response.headerFields[.contentEncoding] == "gzip", "Content-Encoding without asking for gzip")
        check(response.body.starts(with: [0x1F, 0x8B]), "gzip body without the gzip magic")
    } else {
        guard let value = try? JSONReader.parse(response.body), let object = value.objectValue else {
            fatalError("invariant violated: \(status) body is not a JSON object: \(text(response.body))")
        }
        if status == 200 {
            checkAnswer(object, route)
        } else {
            check(object["status"]?.numberValue?.integer == Int64(status), "problem status \(String(describing: object["status"])) for \(status)")
            check(object["title"]?.stringValue != nil && object["detail"]?.stringValue != nil, "problem without title or detail")
        }
    }

    var output: [UInt8] = []
    let closes = writer.append(response, to: &output, isHead: false, close: false, http10: false)
    check(!closes, "a KPI answer closes the connection")
    checkSerialized(output, response)
    return 0
}
