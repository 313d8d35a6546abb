import HTTPTypes
import JSON
import KPICore

/// The ways a request can fail before (or instead of) reaching a KPI computation.
///
/// Each case maps to one row of the contract's error table.
enum ServiceError: ProblemConvertible {
    /// 404: no route has this path.
    case notFound(path: String)
    /// 405: the path exists, the method does not (RFC 9110 §15.5.6: `Allow` is required).
    case methodNotAllowed(allow: String)
    /// 415: a body that is not declared as JSON, or as one of the record formats the route takes (RFC 9110 §15.5.16).
    case unsupportedMediaType(contentType: String?, accepted: [RecordFormat])
    /// 415: a body with a content coding; none is accepted (RFC 9110 §8.4, §15.5.16).
    case unsupportedContentEncoding(String)
    /// 400: the body is not valid JSON.
    case malformedJSON(JSONParseError)
    /// 400: record lines that are not NDJSON or CSV.
    case malformedLines(String)
    /// 400: valid JSON that is not an object.
    case notAnObject
    /// 401: API keys are configured and the request has no valid bearer token (RFC 6750 §3).
    case unauthorized(invalidToken: Bool)
    /// 503: the service is draining for shutdown.
    case draining
    /// 413, for one `/batch` item: the response reached ``Batch/responseBudget`` before it.
    case batchResponseTooLarge(budget: Int)
    /// 422: the answer came out larger than ``KPIService/maxResponseBytes``.
    case responseTooLarge(bytes: Int, limit: Int)

    func problem(instance: String) -> Problem {
        switch self {
        case .notFound(let path):
            return Problem(.notFound, detail: "no route for \(path)", instance: instance)
        case .methodNotAllowed(let allow):
            return Problem(.methodNotAllowed, detail: "allowed methods: \(allow)", instance: instance)
        case .unsupportedMediaType(let contentType, let accepted):
            let types = (["application/json"] + accepted.map(\.mediaType))
            let send = types.count == 1 ? types[0] : types.dropLast().joined(separator: ", ") + " or " + types.last!
            let detail = contentType.map { "Content-Type \($0) is not one this route reads; send \(send)" }
                ?? "Content-Type is missing; send \(send)"
            return Problem(.unsupportedMediaType, detail: detail, instance: instance)
        case .unsupportedContentEncoding(let coding):
            return Problem(.unsupportedContentEncoding, detail: "Content-Encoding \(coding) is not accepted; send the body without a content coding", instance: instance)
        case .malformedJSON(let error):
            return Problem(.malformedJSON, detail: "the body is not valid JSON: \(error)", instance: instance)
        case .malformedLines(let reason):
            return Problem(.malformedRecords, detail: "the body is \(reason)", instance: instance)
        case .notAnObject:
            return Problem(.notAnObject, detail: "the body must be a JSON object", instance: instance)
        case .unauthorized(let invalidToken):
            let detail = invalidToken ? "the bearer token is not valid" : "send Authorization: Bearer <key>"
            return Problem(.unauthorized, detail: detail, instance: instance)
        case .batchResponseTooLarge(let budget):
            return Problem(
                .batchResponseTooLarge,
                detail: "the batch response reached its \(budget / 1_048_576) MiB budget before this item; send it in another batch",
                instance: instance)
        case .responseTooLarge(let bytes, let limit):
            return Problem(
                .responseTooLarge,
                detail: "the answer would be \(bytes) bytes, over the \(limit / 1_048_576) MiB any route answers; ask for less in one request or split it",
                instance: instance)
        case .draining:
            return Problem(.shuttingDown, detail: "the service is shutting down", instance: instance)
        }
    }

    var headerFields: HTTPFields {
        switch self {
        case .methodNotAllowed(let allow):
            return [.allow: allow]
        case .unsupportedContentEncoding:
            // RFC 9110 §15.5.16, §12.5.3: the codings that would have been accepted: none but identity.
            return [.acceptEncoding: "identity"]
        case .unauthorized(let invalidToken):
            // RFC 6750 §3: a challenge, with error="invalid_token" when a token was sent but is wrong.
            return [.wwwAuthenticate: invalidToken ? #"Bearer realm="kpi-service", error="invalid_token""# : #"Bearer realm="kpi-service""#]
        default:
            return [:]
        }
    }
}
