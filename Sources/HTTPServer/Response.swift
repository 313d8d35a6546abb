import HTTPTypes

/// A response returned by the handler.
///
/// The server adds `Date`, `Server`, `Content-Length` and, when needed, `Connection`;
/// any `Content-Length`, `Transfer-Encoding` or `Connection` set here is replaced
/// (the body is always sent with its exact length). Other fields are written as given.
public struct Response: Sendable {
    /// The status code and reason phrase.
    public var status: HTTPResponse.Status
    /// Header fields written as given, in order.
    public var headerFields: HTTPFields
    /// The body bytes (dropped on the wire for HEAD, 204 and 304).
    public var body: [UInt8]

    /// Creates a response.
    public init(status: HTTPResponse.Status, headerFields: HTTPFields = [:], body: [UInt8] = []) {
        self.status = status
        self.headerFields = headerFields
        self.body = body
    }
}
