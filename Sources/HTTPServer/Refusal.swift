import HTTPTypes

/// A request the server answers itself, before or instead of the application: a malformed request, a
/// timeout, or a limit reached. The server decides the status and a client-safe detail; the application
/// decides how the answer reads (``Server/init(configuration:refusal:headCheck:handler:)``: the KPI service
/// writes RFC 9457 problem details, one writer for every error it sends).
public struct Refusal: Sendable, Equatable {
    /// Why the server refused.
    public enum Reason: Sendable, Equatable {
        /// The request could not be parsed or breaks a limit (RFC 9112; the error names the clause).
        case malformed(HTTPParseError)
        /// The header section did not arrive within the header timeout (RFC 9110 §15.5.9).
        case headerTimeout
        /// The body arrived slower than the minimum transfer rate (RFC 9110 §15.5.9).
        case bodyTooSlow
        /// The connection is over `maxConnections` (RFC 9110 §15.6.4).
        case tooManyConnections
        /// The process already receives `maxBodyBytesInFlight` of bodies (RFC 9110 §15.6.4; `Retry-After`).
        case tooManyBodiesInFlight
        /// Responses waiting for their clients already hold the in-flight budget (`maxBodyBytesInFlight`, shared
        /// with request bodies): a large answer is dropped for this one (RFC 9110 §15.6.4; `Retry-After`).
        case tooManyResponsesInFlight
    }

    /// Why.
    public let reason: Reason
    /// The limit that was passed, in bytes, for a body or header section too large (RFC 9110 §15.5.14 lets
    /// the answer say what the server accepts); `nil` otherwise.
    public let limit: Int?

    /// A refusal for `reason`, naming `limit` when a size limit was passed.
    public init(reason: Reason, limit: Int? = nil) {
        self.reason = reason
        self.limit = limit
    }

    /// The status the server answers with.
    public var status: HTTPResponse.Status {
        switch reason {
        case .malformed(let error): error.status
        case .headerTimeout, .bodyTooSlow: .requestTimeout
        case .tooManyConnections, .tooManyBodiesInFlight, .tooManyResponsesInFlight: .serviceUnavailable
        }
    }

    /// A short, client-safe sentence saying what went wrong.
    public var detail: String {
        switch reason {
        case .malformed(.contentTooLarge) where limit != nil: "The request body is larger than the limit of \(limit!) bytes."
        case .malformed(.headerFieldsTooLarge) where limit != nil: "The header section is larger than the limit of \(limit!) bytes, or has too many fields."
        case .malformed(let error): error.detail
        case .headerTimeout: "The request was not received in time."
        case .bodyTooSlow: "The request body arrived too slowly."
        case .tooManyConnections: "Too many open connections."
        case .tooManyBodiesInFlight: "Too many request bodies are being received; retry later."
        case .tooManyResponsesInFlight: "Too many large responses are waiting for their clients to read them; retry later."
        }
    }

    /// The answer of a server whose application does not say otherwise: the status and the detail as
    /// `text/plain`.
    public static func plainText(_ refusal: Refusal) -> Response {
        Response(
            status: refusal.status, headerFields: [.contentType: "text/plain; charset=utf-8"],
            body: Array((refusal.detail + "\n").utf8))
    }
}
