import HTTPTypes

/// A request the server refuses while parsing it.
///
/// Every case maps to one status code (400, 413, 414, 431, 501 or 505) and every case
/// closes the connection: once framing is in doubt, nothing pipelined behind the bad
/// request may be read as a request (RFC 9112 §9.6, §11.2).
public enum HTTPParseError: Error, Sendable, Equatable {
    /// The request line is not `method SP request-target SP HTTP-version` (RFC 9112 §3).
    case invalidRequestLine
    /// A request line with no version: HTTP/0.9 is not served (RFC 9112 §2.3).
    case http09Request
    /// The version is not `HTTP/DIGIT.DIGIT` (RFC 9112 §2.3; the name is case-sensitive).
    case invalidVersion
    /// The request target is not origin-, absolute- or asterisk-form (RFC 9112 §3.2).
    case invalidTarget
    /// A bare CR or bare LF where CRLF is required (RFC 9112 §2.2).
    case invalidLineEnding
    /// A field line starting with whitespace: obsolete line folding (RFC 9112 §5.2).
    case obsoleteLineFolding
    /// A field line with no colon, an empty name, or non-token bytes in the name (RFC 9112 §5.1).
    case invalidFieldName
    /// A field value with NUL or other control characters (RFC 9110 §5.5).
    case invalidFieldValue
    /// HTTP/1.1 request without exactly one valid `Host` (RFC 9112 §3.2).
    case invalidHost
    /// `Content-Length` together with `Transfer-Encoding` (RFC 9112 §6.3).
    case contentLengthWithTransferEncoding
    /// A `Content-Length` that is repeated, a list, not 1*DIGIT, or overflows (RFC 9112 §6.3).
    case invalidContentLength
    /// `Transfer-Encoding` in which `chunked` is not the final coding, or on HTTP/1.0 (RFC 9112 §6.1, §6.3).
    case invalidTransferEncoding
    /// A malformed chunk size line, chunk terminator or trailer section (RFC 9112 §7.1).
    case invalidChunk
    /// Chunk extensions longer than the server accepts (RFC 9112 §7.1.1).
    case chunkExtensionTooLong
    /// The connection ended before the request was complete (RFC 9112 §8).
    case incompleteRequest
    /// The body is larger than the configured limit (RFC 9110 §15.5.14).
    case contentTooLarge
    /// The request target is longer than the configured limit (RFC 9110 §15.5.15).
    case targetTooLong
    /// The header section is larger than, or has more fields than, the configured limit (RFC 6585 §5).
    case headerFieldsTooLarge
    /// A transfer coding other than `chunked` (RFC 9112 §6.1).
    case unsupportedTransferCoding
    /// A well-formed method the server does not implement (RFC 9110 §9.1).
    case methodNotImplemented
    /// A major version other than 1 (RFC 9110 §15.6.6).
    case versionNotSupported

    /// The status the server answers this error with.
    public var status: HTTPResponse.Status {
        switch self {
        case .contentTooLarge: return .contentTooLarge
        case .targetTooLong: return .uriTooLong
        case .headerFieldsTooLarge: return .requestHeaderFieldsTooLarge
        case .unsupportedTransferCoding, .methodNotImplemented: return .notImplemented
        case .versionNotSupported: return HTTPResponse.Status(code: 505, reasonPhrase: "HTTP Version Not Supported")
        default: return .badRequest
        }
    }

    /// A short, client-safe description for the problem+json `detail` member.
    public var detail: String {
        switch self {
        case .invalidRequestLine: return "Malformed request line."
        case .http09Request: return "HTTP/0.9 requests are not supported."
        case .invalidVersion: return "Malformed HTTP version."
        case .invalidTarget: return "Malformed request target."
        case .invalidLineEnding: return "Lines must end with CRLF."
        case .obsoleteLineFolding: return "Obsolete line folding is not accepted."
        case .invalidFieldName: return "Malformed header field name."
        case .invalidFieldValue: return "Malformed header field value."
        case .invalidHost: return "HTTP/1.1 requires exactly one valid Host header field."
        case .contentLengthWithTransferEncoding: return "Content-Length and Transfer-Encoding must not both be present."
        case .invalidContentLength: return "Malformed Content-Length."
        case .invalidTransferEncoding: return "Malformed Transfer-Encoding."
        case .invalidChunk: return "Malformed chunked body."
        case .chunkExtensionTooLong: return "Chunk extensions are too long."
        case .incompleteRequest: return "The request ended before it was complete."
        case .contentTooLarge: return "The request body is too large."
        case .targetTooLong: return "The request target is too long."
        case .headerFieldsTooLarge: return "The header section is too large."
        case .unsupportedTransferCoding: return "Only the chunked transfer coding is supported."
        case .methodNotImplemented: return "The method is not implemented."
        case .versionNotSupported: return "Only HTTP/1.x is supported."
        }
    }
}
