import HTTPServer
import HTTPTypes
import JSON
import KPICore
import Reading

/// An RFC 9457 problem details object: the body of every error response (`application/problem+json`).
public struct Problem: Sendable, Equatable {
    /// One invalid field: where (RFC 6901 JSON Pointer into the request body) and why; KPICore's issue, whose
    /// pointer a batch item prefixes with its own place.
    public typealias FieldError = ValidationError.Issue

    /// What kind of problem: its `type` URI, `title` and status.
    public var type: ProblemType
    /// What went wrong with this request (RFC 9457 §3.1.4).
    public var detail: String
    /// The request path the problem belongs to.
    public var instance: String?
    /// Every invalid field (422 only).
    public var errors: [FieldError]
    /// The problems of ``errors`` that are about records, each distinct one once (422 only).
    public var grouped: ProblemGroups {
        ProblemGroups(errors.lazy.map { (pointer: $0.pointer, detail: $0.detail) })
    }

    /// A problem of `type` about `instance`.
    public init(_ type: ProblemType, detail: String, instance: String? = nil, errors: [FieldError] = []) {
        self.type = type
        self.detail = detail
        self.instance = instance
        self.errors = errors
    }

    /// A 422 for a request whose JSON was well-formed but whose content was not.
    public init(validation error: ValidationError, instance: String?, pointerPrefix: String = "") {
        self.init(
            error.work == nil ? .invalidInput : .tooMuchWork,
            detail: error.summary,
            instance: instance,
            errors: error.issues.map { FieldError(pointer: pointerPrefix + $0.pointer, detail: $0.detail) }
        )
    }

    /// The problem for a request the server refused itself (``Refusal``).
    public init(refusal: Refusal) {
        self.init(ProblemType(refusal), detail: refusal.detail)
    }

    /// The problem as a JSON object, members in RFC 9457's order; `grouped` (before `errors`) when some errors are
    /// about records, `errors` only when there are any.
    public var json: JSONValue {
        var object: JSONObject = [
            "type": .string(type.uri), "title": .string(type.title), "status": .int(type.status.code),
            "detail": .string(detail),
        ]
        if let instance { object["instance"] = .string(instance) }
        let grouped = grouped
        if !grouped.groups.isEmpty { object["grouped"] = grouped.json }
        if !errors.isEmpty {
            object["errors"] = .array(JSONArray(errors.map { ["pointer": .string($0.pointer), "detail": .string($0.detail)] }))
        }
        return .object(object)
    }

    /// The problem as a complete HTTP response.
    public func response(headerFields extra: HTTPFields = [:]) -> Response {
        var fields = extra
        fields[.contentType] = MediaType.problemJSON
        return Response(status: type.status, headerFields: fields, body: json.serialized())
    }
}

/// An error that knows the problem it answers with (like Hummingbird's `HTTPResponseError`).
public protocol ProblemConvertible: Error {
    /// The problem for a request to `path`.
    func problem(instance: String) -> Problem
    /// Extra header fields of the error response (`Allow`, `WWW-Authenticate`).
    var headerFields: HTTPFields { get }
}

extension ProblemConvertible {
    public var headerFields: HTTPFields { [:] }
}

/// Media types the service reads and writes.
enum MediaType {
    static let json = "application/json"
    static let problemJSON = "application/problem+json"
    static let openAPI = "application/yaml"
    static let prometheus = "text/plain; version=0.0.4; charset=utf-8"
}
