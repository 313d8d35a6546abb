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

/// A complete request handed to the handler: head, version and the whole decoded body.
///
/// The `Host` field (or the authority of an absolute-form target) is carried in
/// `head.authority` and not repeated in `head.headerFields`, as swift-http-types models
/// HTTP/1 requests; an asterisk-form target (`OPTIONS *`) has `head.path == "*"`.
public struct Request: Sendable {
    /// Method, target and header fields.
    public var head: HTTPRequest
    /// The protocol version the client used (`HTTP/1.x` with x > 1 is served, and reported, as 1.1).
    public var version: HTTPVersion
    /// The body, de-chunked; empty when the request had none.
    public var body: [UInt8]

    /// Creates a request.
    public init(head: HTTPRequest, version: HTTPVersion = .http1_1, body: [UInt8] = []) {
        self.head = head
        self.version = version
        self.body = body
    }
}
