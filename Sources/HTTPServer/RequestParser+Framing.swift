import HTTPTypes

extension RequestParser {
    /// Judges the complete header section: Host, framing, connection options, then the request.
    mutating func finishHead() -> ParseEvent? {
        var hostCount = 0
        var host: Range<Int>?
        var contentLength: Range<Int>?
        var contentLengthCount = 0
        var codings: [Range<Int>] = []
        var hasTransferEncoding = false
        var close = false
        var keepAliveToken = false
        var expectContinue = false
        for field in fields {
            let name = field.name
            switch name.count {
            case 4 where FieldLine.equalsLowercase(head, name, "host"):
                hostCount += 1
                host = field.value
            case 6 where FieldLine.equalsLowercase(head, name, "expect"):
                // RFC 9110 §10.1.1: the only expectation is 100-continue.
                expectContinue = FieldLine.equalsLowercase(head, field.value, "100-continue")
            case 10 where FieldLine.equalsLowercase(head, name, "connection"):
                // RFC 9112 §9.3: connection options are a comma-separated token list.
                forEachListElement(field.value) { element in
                    if FieldLine.equalsLowercase(head, element, "close") { close = true }
                    if FieldLine.equalsLowercase(head, element, "keep-alive") { keepAliveToken = true }
                }
            case 14 where FieldLine.equalsLowercase(head, name, "content-length"):
                contentLengthCount += 1
                contentLength = field.value
            case 17 where FieldLine.equalsLowercase(head, name, "transfer-encoding"):
                hasTransferEncoding = true
                forEachListElement(field.value) { codings.append($0) }
            default:
                break
            }
        }
        let version = requestLine.version
        // RFC 9112 §3.2: HTTP/1.1 needs exactly one Host; we also refuse duplicates on 1.0.
        guard hostCount <= 1, hostCount == 1 || version == .http1_0 else { return fail(.invalidHost) }
        if let host, !Self.isValidHost(head[host]) { return fail(.invalidHost) }
        let framing: BodyFraming
        switch bodyFraming(contentLength, count: contentLengthCount, codings: hasTransferEncoding ? codings : nil, version: version) {
        case .success(let value): framing = value
        case .failure(let error): return fail(error)
        }
        let request = makeRequest(host: host)
        // RFC 9112 §9.3: 1.1 persists unless "close"; 1.0 only with "keep-alive".
        let keepAlive = !close && (version == .http1_1 || keepAliveToken)
        return startBody(ParsedRequest(request: request, keepAlive: keepAlive), framing: framing, expectContinue: expectContinue)
    }

    /// The body length rules of RFC 9112 §6.3, stricter where the issue says so.
    private func bodyFraming(_ contentLength: Range<Int>?, count: Int, codings: [Range<Int>]?, version: HTTPVersion) -> Result<BodyFraming, HTTPParseError> {
        if let codings {
            // RFC 9112 §6.3: both CL and TE → reject (request smuggling).
            guard count == 0 else { return .failure(.contentLengthWithTransferEncoding) }
            // RFC 9112 §6.1: TE on HTTP/1.0 cannot be trusted.
            guard version == .http1_1 else { return .failure(.invalidTransferEncoding) }
            // RFC 9112 §6.3: chunked must be the final coding, else 400.
            guard let last = codings.last, FieldLine.equalsLowercase(head, last, "chunked") else {
                return .failure(.invalidTransferEncoding)
            }
            // RFC 9112 §6.1: other codings are not implemented → 501.
            return codings.count == 1 ? .success(.chunked) : .failure(.unsupportedTransferCoding)
        }
        guard let contentLength else { return .success(.none) }
        // RFC 9112 §6.3: repeated or list-valued Content-Length is refused, as is anything but 1*DIGIT.
        guard count == 1, !contentLength.isEmpty, contentLength.count <= 18 else { return .failure(.invalidContentLength) }
        var length = 0
        for byte in head[contentLength] {
            guard byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") else { return .failure(.invalidContentLength) }
            length = length * 10 + Int(byte - UInt8(ascii: "0"))
        }
        // RFC 9110 §15.5.14: refuse from Content-Length alone, before any 100 Continue.
        guard length <= limits.maxBodyBytes else { return .failure(.contentTooLarge) }
        return .success(length == 0 ? .none : .length(length))
    }

    /// The request; `Host` becomes the authority (absolute-form wins, RFC 9112 §3.2.2).
    private func makeRequest(host: Range<Int>?) -> Request {
        var authority = requestLine.authority
        if authority == nil, let host, !host.isEmpty {
            authority = String(decoding: head[host], as: UTF8.self)
        }
        return Request(
            method: requestLine.method, scheme: requestLine.scheme, authority: authority, path: requestLine.path,
            headerFields: RequestFields(head: head, from: fieldsStart, lines: fields), version: requestLine.version)
    }

    /// Calls `body` with each non-empty, OWS-trimmed element of a comma-separated list (RFC 9110 §5.6.1).
    private func forEachListElement(_ range: Range<Int>, _ body: (Range<Int>) -> Void) {
        var start = range.lowerBound
        while start <= range.upperBound {
            var end = start
            while end < range.upperBound && head[end] != UInt8(ascii: ",") { end += 1 }
            let element = OWS.trim(head, start..<end)
            if !element.isEmpty { body(element) }
            start = end + 1
        }
    }
}
