import HTTPServer
import HTTPTypes
import JSON

/// Reads a request body as a JSON object, enforcing the contract's media-type and JSON rules.
enum RequestBody {
    /// The body as a JSON object.
    ///
    /// - Throws: 415 unless `Content-Type` is `application/json` or `application/*+json` (parameters such as
    ///   `charset` ignored); 400 when the body is not valid RFC 8259 JSON (repeated member names included)
    ///   or not an object.
    static func jsonObject(of request: Request) throws(ServiceError) -> JSONValue {
        let contentType = request.head.headerFields[.contentType]
        guard let contentType, isJSON(contentType) else { throw .unsupportedMediaType(contentType: contentType) }
        let value: JSONValue
        do {
            value = try JSONReader.parse(request.body)
        } catch {
            throw .malformedJSON(error)
        }
        guard case .object = value else { throw .notAnObject }
        return value
    }

    /// RFC 9110 §8.3.1: type and subtype are case-insensitive; parameters follow a `;`.
    static func isJSON(_ contentType: String) -> Bool {
        let mediaType = contentType.utf8.split(separator: UInt8(ascii: ";"), maxSplits: 1, omittingEmptySubsequences: false)
            .first.map { String(decoding: $0, as: UTF8.self) } ?? ""
        let essence = mediaType.trimmingASCIIWhitespace().lowercased()
        if essence == "application/json" { return true }
        // RFC 6839 §3.1: the +json structured syntax suffix.
        return essence.hasPrefix("application/") && essence.hasSuffix("+json") && essence.count > "application/+json".count
    }
}

extension String {
    /// The string without leading and trailing spaces and tabs.
    func trimmingASCIIWhitespace() -> String {
        let bytes = Array(utf8)
        var start = 0
        var end = bytes.count
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 { end -= 1 }
        return String(decoding: bytes[start..<end], as: UTF8.self)
    }
}
