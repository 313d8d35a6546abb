import HTTPServer
import HTTPTypes

/// A response that never changes (the root document, the catalogue, the OpenAPI document), built once
/// with its gzip encoding (RFC 9110 §8.4.1.3) so that no request compresses it again.
///
/// The variants follow ``Compression/apply(to:acceptEncoding:)`` exactly: a body of at least
/// ``Compression/minimumBytes`` carries `Vary: Accept-Encoding` (RFC 9110 §12.5.5) in both, and the
/// gzip variant goes to clients whose `Accept-Encoding` allows gzip (RFC 9110 §12.5.3). `apply` then
/// leaves either alone: the gzip variant is already encoded, and the other goes only to clients that
/// do not accept gzip.
struct ConstantResponse: Sendable {
    private let identity: Response
    /// `nil` when the body is too small to compress (or zlib failed): every client gets `identity`.
    private let gzipped: Response?

    /// Prepares both variants of `response`.
    init(_ response: Response) {
        var identity = response
        Compression.apply(to: &identity, acceptEncoding: nil)
        var gzipped = response
        Compression.apply(to: &gzipped, acceptEncoding: "gzip")
        self.identity = identity
        let encoded = response.headerFields[.contentEncoding] == nil && gzipped.headerFields[.contentEncoding] == "gzip"
        self.gzipped = encoded ? gzipped : nil
    }

    /// The variant for `request`, chosen by its `Accept-Encoding`.
    func response(for request: Request) -> Response {
        guard let gzipped, let acceptEncoding = request.headerFields.value(of: .acceptEncoding),
            Compression.acceptsGzip(acceptEncoding)
        else { return identity }
        return gzipped
    }
}
