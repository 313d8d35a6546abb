import HTTPTypes

/// An HTTP protocol version as it appears on the request line (RFC 9112 §2.3).
public struct HTTPVersion: Sendable, Hashable, CustomStringConvertible {
    /// The major version digit.
    public var major: Int
    /// The minor version digit.
    public var minor: Int

    /// Creates a version from its two digits.
    public init(major: Int, minor: Int) {
        self.major = major
        self.minor = minor
    }

    /// HTTP/1.0.
    public static let http1_0 = HTTPVersion(major: 1, minor: 0)
    /// HTTP/1.1.
    public static let http1_1 = HTTPVersion(major: 1, minor: 1)

    /// `HTTP/major.minor`.
    public var description: String { "HTTP/\(major).\(minor)" }
}

/// A complete request handed to the handler: method, target, header fields, version and the whole
/// decoded body.
///
/// The `Host` field (or the authority of an absolute-form target) is carried in ``authority`` and not
/// repeated in ``headerFields``, as swift-http-types models HTTP/1 requests; an asterisk-form target
/// (`OPTIONS *`) has ``path`` `"*"`. ``head`` gives the whole head as a swift-http-types `HTTPRequest`.
public struct Request: Sendable {
    /// The request method.
    public var method: HTTPRequest.Method
    /// `http` or `https` for an absolute-form target, else `nil`.
    public var scheme: String?
    /// The `Host` field, or the authority of an absolute-form target.
    public var authority: String?
    /// The request target's path and query (origin-form), or `"*"`.
    public var path: String
    /// The header fields other than `Host`, in order.
    public var headerFields: RequestFields
    /// The protocol version the client used (`HTTP/1.x` with x > 1 is served, and reported, as 1.1).
    public var version: HTTPVersion
    /// The body, de-chunked; empty when the request had none.
    public var body: [UInt8]

    /// Creates a request.
    public init(
        method: HTTPRequest.Method, scheme: String? = nil, authority: String? = nil, path: String,
        headerFields: RequestFields = RequestFields(), version: HTTPVersion = .http1_1, body: [UInt8] = []
    ) {
        self.method = method
        self.scheme = scheme
        self.authority = authority
        self.path = path
        self.headerFields = headerFields
        self.version = version
        self.body = body
    }

    /// Creates a request from a swift-http-types head (a missing path is `/`).
    public init(head: HTTPRequest, version: HTTPVersion = .http1_1, body: [UInt8] = []) {
        self.init(
            method: head.method, scheme: head.scheme, authority: head.authority, path: head.path ?? "/",
            headerFields: RequestFields(head.headerFields), version: version, body: body)
    }

    /// Method, target and header fields as a swift-http-types `HTTPRequest`, built on each call.
    public var head: HTTPRequest {
        HTTPRequest(method: method, scheme: scheme, authority: authority, path: path, headerFields: headerFields.httpFields)
    }
}
