import HTTPServer
import HTTPTypes
import JSON
import KPICore
import Reading

/// Reads a request body (a JSON object, or record lines where a route takes them), enforcing the contract's
/// media-type and JSON rules.
enum RequestBody {
    /// Checks the media type and hands the body's bytes to `read`, which reads them as JSON.
    ///
    /// - Throws: 415 as ``headError(of:accepting:)`` says; 400 when the body is not valid RFC 8259 JSON (repeated
    ///   member names included) or not an object; the ``ValidationError`` of a valid object that cannot be computed.
    static func read<T>(_ request: Request, _ read: (UnsafeRawBufferPointer) throws(BodyError) -> T) throws -> T {
        if let error = headError(of: request) { throw error }
        return try evaluate(request, read)
    }

    /// Hands the body's bytes to `read` in the format its `Content-Type` names (`nil`: JSON), `formats` being
    /// the record formats the route takes besides JSON.
    static func read<T>(
        _ request: Request, accepting formats: [RecordFormat],
        _ read: (UnsafeRawBufferPointer, RecordFormat?) throws(BodyError) -> T
    ) throws -> T {
        if let error = headError(of: request, accepting: formats) { throw error }
        let format = hasJSONType(request) ? nil : request.headerFields.value(of: .contentType).flatMap(recordFormat)
        return try evaluate(request) { bytes throws(BodyError) in try read(bytes, format) }
    }

    /// Hands the body to `read`, without the UTF-8 byte-order mark that Excel and CRM exports write first.
    private static func evaluate<T>(_ request: Request, _ read: (UnsafeRawBufferPointer) throws(BodyError) -> T) throws -> T {
        let outcome = request.body.withUnsafeBytes { bytes in
            Result { () throws(BodyError) -> T in try read(ByteOrderMark.skipping(bytes)) }
        }
        switch outcome {
        case .success(let value): return value
        case .failure(.malformed(let parseError)): throw ServiceError.malformedJSON(parseError)
        case .failure(.malformedLines(let reason)): throw ServiceError.malformedLines(reason)
        case .failure(.notAnObject): throw ServiceError.notAnObject
        case .failure(.invalid(let validation)): throw validation
        }
    }

    /// The rules the head alone decides, so the server can refuse before reading the body: a 415 when the
    /// body has a content coding (RFC 9110 §8.4: none is accepted, §15.5.16), or unless `Content-Type` is
    /// `application/json` or `application/*+json` (parameters such as `charset` ignored), or one of the record
    /// `formats` the route also takes; else `nil`.
    static func headError(of request: Request, accepting formats: [RecordFormat] = []) -> ServiceError? {
        if let coding = request.headerFields.value(of: .contentEncoding), !isIdentity(coding) {
            return .unsupportedContentEncoding(coding)
        }
        if hasJSONType(request) { return nil }
        let contentType = request.headerFields.value(of: .contentType)
        guard let contentType, recordFormat(contentType).map(formats.contains) == true else {
            return .unsupportedMediaType(contentType: contentType, accepted: formats)
        }
        return nil
    }

    /// Whether the request's `Content-Type` is JSON (``isJSON(_:)``), decided on the field's bytes: this runs
    /// twice on every KPI request (the head check, then the body), and the field's `String` cost 2 % of `/cac`.
    private static func hasJSONType(_ request: Request) -> Bool {
        request.headerFields.withValue(of: .contentType) { $0.map(isJSON) ?? false }
    }

    /// The record format a `Content-Type` names: `application/x-ndjson` or `text/csv` (case-insensitive, any
    /// parameters such as `charset=utf-8` or `header=present` ignored).
    static func recordFormat(_ contentType: String) -> RecordFormat? {
        let essence = contentType.split(separator: ";", maxSplits: 1).first.map { $0.trimmingOWS().lowercased() } ?? ""
        return RecordFormat.allCases.first { $0.mediaType == essence }
    }

    /// Whether a `Content-Encoding` value names no coding but `identity` (RFC 9110 §8.4.1: case-insensitive tokens).
    static func isIdentity(_ codings: String) -> Bool {
        codings.split(separator: ",").allSatisfy { coding in
            let token = coding.trimmingOWS()
            return token.isEmpty || token.lowercased() == "identity"
        }
    }

    /// Whether a `Content-Type`, given as its UTF-8 bytes, is `application/json` or `application/*+json`.
    /// RFC 9110 §8.3.1: type and subtype are case-insensitive; parameters follow a `;`.
    /// Compared on the bytes, without allocating: this runs on every KPI request.
    static func isJSON(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let essence = UnsafeBufferPointer(rebasing: bytes[OWS.trim(bytes, 0..<(bytes.firstIndex(of: UInt8(ascii: ";")) ?? bytes.count))])
        func matches(_ text: StaticString, at offset: Int) -> Bool {
            let count = text.utf8CodeUnitCount
            guard offset >= 0, offset + count <= essence.count else { return false }
            for index in 0..<count where essence[offset + index] | 0x20 != text.utf8Start[index] | 0x20 {
                return false
            }
            return true
        }
        let prefix: StaticString = "application/"
        guard matches(prefix, at: 0) else { return false }
        if essence.count == 16 && matches("json", at: 12) { return true }
        // RFC 6839 §3.1: the +json structured syntax suffix, after a non-empty subtype name.
        return essence.count > 17 && matches("+json", at: essence.count - 5)
    }
}

extension RecordFormat {
    /// The media type of a body in this format.
    var mediaType: String {
        switch self {
        case .ndjson: "application/x-ndjson"
        case .csv: "text/csv"
        }
    }
}
