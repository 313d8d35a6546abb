import HTTPTypes

/// Field values shared by the socket tests.
enum HTTPFieldsBuilder {
    static let requestID = HTTPField.Name("X-Request-ID")!
    static var plain: HTTPFields { [.contentType: "text/plain"] }
}
