import HTTPTypes

/// The server's own error bodies: `application/problem+json` (RFC 9457).
enum Problem {
    /// A response with an RFC 9457 body whose `status` matches the response status.
    static func response(_ status: HTTPResponse.Status, detail: String) -> Response {
        var body: [UInt8] = []
        body.reserveCapacity(96 + detail.utf8.count)
        body.append(contentsOf: #"{"type":"about:blank","title":"#.utf8)
        appendJSONString(status.reasonPhrase, to: &body)
        body.append(contentsOf: #","status":"#.utf8)
        ResponseWriter.appendDecimal(status.code, to: &body)
        body.append(contentsOf: #","detail":"#.utf8)
        appendJSONString(detail, to: &body)
        body.append(UInt8(ascii: "}"))
        var fields = HTTPFields()
        fields[.contentType] = "application/problem+json"
        return Response(status: status, headerFields: fields, body: body)
    }

    /// A string literal with the escapes RFC 8259 §7 requires.
    private static func appendJSONString(_ string: String, to body: inout [UInt8]) {
        let hex = Array("0123456789abcdef".utf8)
        body.append(UInt8(ascii: "\""))
        for byte in string.utf8 {
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"):
                body.append(UInt8(ascii: "\\"))
                body.append(byte)
            case 0..<0x20:
                body.append(contentsOf: #"\u00"#.utf8)
                body.append(hex[Int(byte >> 4)])
                body.append(hex[Int(byte & 0xF)])
            default:
                body.append(byte)
            }
        }
        body.append(UInt8(ascii: "\""))
    }
}
