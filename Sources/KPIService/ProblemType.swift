import HTTPServer
import HTTPTypes

/// The kinds of problem the service reports, each with a stable `type` URI (RFC 9457 §3.1.1, §4).
///
/// The URI is a relative reference, `/problems/<name>`, resolved against the service's own address: a GET
/// on it answers the documentation below (``document``). A client branches on `type`, never on `detail`.
/// `openapi.yaml` lists every type, and the README has the table.
public enum ProblemType: String, CaseIterable, Sendable {
    case malformedRequest = "malformed-request"
    case malformedJSON = "malformed-json"
    case malformedRecords = "malformed-records"
    case notAnObject = "not-an-object"
    case unauthorized
    case notFound = "not-found"
    case methodNotAllowed = "method-not-allowed"
    case requestTimeout = "request-timeout"
    case contentTooLarge = "content-too-large"
    case batchResponseTooLarge = "batch-response-too-large"
    case responseTooLarge = "response-too-large"
    case targetTooLong = "target-too-long"
    case unsupportedMediaType = "unsupported-media-type"
    case unsupportedContentEncoding = "unsupported-content-encoding"
    case invalidInput = "invalid-input"
    case tooMuchWork = "too-much-work"
    case headerFieldsTooLarge = "header-fields-too-large"
    case internalError = "internal-error"
    case notImplemented = "not-implemented"
    case tooManyConnections = "too-many-connections"
    case tooManyBodiesInFlight = "too-many-bodies-in-flight"
    case tooManyResponsesInFlight = "too-many-responses-in-flight"
    case shuttingDown = "shutting-down"
    case versionNotSupported = "version-not-supported"

    /// The `type` member: `/problems/<name>`.
    public var uri: String { "/problems/" + rawValue }

    /// The status every problem of this type has.
    public var status: HTTPResponse.Status {
        switch self {
        case .malformedRequest, .malformedJSON, .malformedRecords, .notAnObject: .badRequest
        case .unauthorized: .unauthorized
        case .notFound: .notFound
        case .methodNotAllowed: .methodNotAllowed
        case .requestTimeout: .requestTimeout
        case .contentTooLarge, .batchResponseTooLarge: .contentTooLarge
        case .targetTooLong: .uriTooLong
        case .unsupportedMediaType, .unsupportedContentEncoding: .unsupportedMediaType
        case .invalidInput, .tooMuchWork, .responseTooLarge: .unprocessableContent
        case .headerFieldsTooLarge: .requestHeaderFieldsTooLarge
        case .internalError: .internalServerError
        case .notImplemented: .notImplemented
        case .tooManyConnections, .tooManyBodiesInFlight, .tooManyResponsesInFlight, .shuttingDown: .serviceUnavailable
        case .versionNotSupported: HTTPResponse.Status(code: 505, reasonPhrase: "HTTP Version Not Supported")
        }
    }

    /// The `title` member: the same for every occurrence of the type (RFC 9457 §3.1.3).
    public var title: String {
        switch self {
        case .malformedRequest: "Malformed HTTP request"
        case .malformedJSON: "Malformed JSON"
        case .malformedRecords: "Malformed record lines"
        case .notAnObject: "Body is not a JSON object"
        case .unauthorized: "Missing or invalid API key"
        case .notFound: "Not found"
        case .methodNotAllowed: "Method not allowed"
        case .requestTimeout: "Request too slow"
        case .contentTooLarge: "Request body too large"
        case .batchResponseTooLarge: "Batch response too large"
        case .responseTooLarge: "Response too large"
        case .targetTooLong: "Request target too long"
        case .unsupportedMediaType: "Unsupported media type"
        case .unsupportedContentEncoding: "Unsupported content encoding"
        case .invalidInput: "Invalid input"
        case .tooMuchWork: "Too much work for one request"
        case .headerFieldsTooLarge: "Header section too large"
        case .internalError: "Internal error"
        case .notImplemented: "Not implemented"
        case .tooManyConnections: "Too many connections"
        case .tooManyBodiesInFlight: "Too many request bodies in flight"
        case .tooManyResponsesInFlight: "Too many responses in flight"
        case .shuttingDown: "Shutting down"
        case .versionNotSupported: "HTTP version not supported"
        }
    }

    /// What the problem means and what to do about it.
    public var explanation: String {
        switch self {
        case .malformedRequest: "The HTTP/1.1 message breaks RFC 9112 (request line, header fields, framing or chunked coding); the connection is closed."
        case .malformedJSON: "The body is not JSON text (RFC 8259), or repeats a member name; `detail` says where."
        case .malformedRecords: "An NDJSON body has a line that is not one JSON object, or a CSV body is not RFC 4180 CSV; `detail` names the line."
        case .notAnObject: "The body is valid JSON but not an object; every endpoint that takes a body takes a JSON object."
        case .unauthorized: "The service runs with API keys and the request has no valid `Authorization: Bearer <key>`."
        case .notFound: "No route has this path, or no KPI has this id; `GET /kpis` lists them."
        case .methodNotAllowed: "The path exists but not with this method; the `Allow` header field lists the methods it has."
        case .requestTimeout: "The header section or the body did not arrive in time, or arrived slower than the minimum transfer rate; the connection is closed."
        case .contentTooLarge: "The body is larger than the service's limit (`--max-body-bytes`)."
        case .batchResponseTooLarge: "One `/batch` item: the batch's answers reached the response budget before it; send it in another batch."
        case .responseTooLarge: "The answer would be larger than any route may answer (16 MiB; `detail` says how large): ask for less in one request (fewer customers, cohorts, periods or scenarios) or split it."
        case .targetTooLong: "The request target is longer than the service accepts."
        case .unsupportedMediaType: "`Content-Type` is missing or is not `application/json` (or `application/*+json`), nor a record format the route takes (`application/x-ndjson`, `text/csv`)."
        case .unsupportedContentEncoding: "The body has a `Content-Encoding`; none is accepted (`Accept-Encoding: identity`)."
        case .invalidInput: "Valid JSON whose content does not allow the KPI to be computed; `errors` lists every problem with a JSON Pointer (RFC 6901) into the body."
        case .tooMuchWork: "Valid input that asks for more computation than one request may cost (`--max-work` record evaluations: records × periods × scenarios, customers × months, cohort cells); `detail` gives the cost and the limit, `errors` the field to shrink. Split the request, choose a longer period or a shorter span, or send fewer scenarios."
        case .headerFieldsTooLarge: "The header section is larger, or has more fields, than the service accepts (RFC 6585 §5)."
        case .internalError: "The service failed to answer; its log has the cause. Not your request's fault."
        case .notImplemented: "The method or the transfer coding is not one the service implements."
        case .tooManyConnections: "The service is at its connection limit; retry on a new connection."
        case .tooManyBodiesInFlight: "The service is receiving as many request bodies as its memory budget allows; retry after `Retry-After` seconds."
        case .tooManyResponsesInFlight: "Large answers already waiting for slow clients hold the memory budget they share with request bodies (`--max-body-bytes-in-flight`); this answer was dropped. Retry after `Retry-After` seconds."
        case .shuttingDown: "The service is draining for shutdown; retry on another instance."
        case .versionNotSupported: "Only HTTP/1.0 and HTTP/1.1 are served."
        }
    }

    /// The type of a problem the server refused itself.
    init(_ refusal: Refusal) {
        switch refusal.reason {
        case .headerTimeout, .bodyTooSlow: self = .requestTimeout
        case .tooManyConnections: self = .tooManyConnections
        case .tooManyBodiesInFlight: self = .tooManyBodiesInFlight
        case .tooManyResponsesInFlight: self = .tooManyResponsesInFlight
        case .malformed(let error):
            switch error {
            case .contentTooLarge: self = .contentTooLarge
            case .targetTooLong: self = .targetTooLong
            case .headerFieldsTooLarge: self = .headerFieldsTooLarge
            case .unsupportedTransferCoding, .methodNotImplemented: self = .notImplemented
            case .versionNotSupported: self = .versionNotSupported
            default: self = .malformedRequest
            }
        }
    }
}
