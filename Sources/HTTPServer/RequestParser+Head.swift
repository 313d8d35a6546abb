import HTTPTypes

/// How the body of a request is delimited (RFC 9112 §6.3).
enum BodyFraming: Equatable {
    case none
    case length(Int)
    case chunked
}

/// The parsed pieces of a request line.
struct RequestLine {
    var method = HTTPRequest.Method.get
    var scheme: String?
    var authority: String?
    var path = "/"
    var version = HTTPVersion.http1_1
}

extension RequestParser {
    /// Methods the server recognises and hands to the handler (which answers 405 where a route lacks one):
    /// RFC 9110 §9's methods, PATCH (RFC 5789) and QUERY (the IETF draft for a safe method with a body).
    /// Other well-formed methods get 501 (RFC 9110 §9.1).
    private static func knownMethod(_ bytes: ArraySlice<UInt8>) -> HTTPRequest.Method? {
        switch bytes.count {
        case 3:
            if bytes.elementsEqual("GET".utf8) { return .get }
            if bytes.elementsEqual("PUT".utf8) { return .put }
        case 4:
            if bytes.elementsEqual("POST".utf8) { return .post }
            if bytes.elementsEqual("HEAD".utf8) { return .head }
        case 5:
            if bytes.elementsEqual("PATCH".utf8) { return .patch }
            if bytes.elementsEqual("TRACE".utf8) { return .trace }
            if bytes.elementsEqual("QUERY".utf8) { return HTTPRequest.Method("QUERY")! }
        case 6:
            if bytes.elementsEqual("DELETE".utf8) { return .delete }
        case 7:
            if bytes.elementsEqual("OPTIONS".utf8) { return .options }
        default:
            break
        }
        return nil
    }

    /// Parses `method SP request-target SP HTTP-version` (RFC 9112 §3).
    mutating func parseRequestLine(_ line: Range<Int>) -> HTTPParseError? {
        guard let firstSpace = head[line].firstIndex(of: 0x20) else { return .invalidRequestLine }
        let method = line.lowerBound..<firstSpace
        // RFC 9112 §3.1: method = token.
        guard !method.isEmpty, head[method].allSatisfy(FieldLine.isToken) else { return .invalidRequestLine }
        guard let secondSpace = head[(firstSpace + 1)..<line.upperBound].firstIndex(of: 0x20) else {
            // RFC 9112 §2.3: HTTP/0.9 (`GET /x`) is not served.
            return .http09Request
        }
        let target = (firstSpace + 1)..<secondSpace
        let version = (secondSpace + 1)..<line.upperBound
        // RFC 9112 §3: exactly one SP between the parts.
        guard !target.isEmpty, !head[version].contains(0x20) else { return .invalidRequestLine }
        if let error = parseVersion(version) { return error }
        // RFC 9112 §3: a server answers 414 to a target longer than it is willing to parse.
        guard target.count <= limits.maxTargetBytes else { return .targetTooLong }
        guard let known = Self.knownMethod(head[method]) else {
            if let error = parseTarget(target, method: .get) { return error }
            return .methodNotImplemented
        }
        requestLine.method = known
        return parseTarget(target, method: known)
    }

    /// `HTTP-version = "HTTP" "/" DIGIT "." DIGIT`, case-sensitive (RFC 9112 §2.3).
    private mutating func parseVersion(_ range: Range<Int>) -> HTTPParseError? {
        let bytes = head[range]
        guard bytes.count == 8, bytes.prefix(5).elementsEqual("HTTP/".utf8),
            bytes[range.lowerBound + 6] == UInt8(ascii: "."),
            case let major = bytes[range.lowerBound + 5], case let minor = bytes[range.lowerBound + 7],
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(major),
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(minor)
        else { return .invalidVersion }
        // RFC 9110 §15.6.6: only major version 1 is served; 1.x with x > 1 is served as 1.1 (RFC 9110 §6.2).
        guard major == UInt8(ascii: "1") else { return .versionNotSupported }
        requestLine.version = minor == UInt8(ascii: "0") ? .http1_0 : .http1_1
        return nil
    }

    /// origin-form, absolute-form (`http`/`https`) or asterisk-form for OPTIONS (RFC 9112 §3.2).
    private mutating func parseTarget(_ range: Range<Int>, method: HTTPRequest.Method) -> HTTPParseError? {
        // RFC 9112 §3.2: no whitespace, controls, non-ASCII or fragment in the target.
        for byte in head[range] where byte <= 0x20 || byte >= 0x7F || byte == UInt8(ascii: "#") {
            return .invalidTarget
        }
        requestLine.scheme = nil
        requestLine.authority = nil
        let first = head[range.lowerBound]
        if first == UInt8(ascii: "/") {
            requestLine.path = String(decoding: head[range], as: UTF8.self)
            return nil
        }
        if first == UInt8(ascii: "*") {
            // RFC 9112 §3.2.4: asterisk-form only for a server-wide OPTIONS.
            guard range.count == 1, method == .options else { return .invalidTarget }
            requestLine.path = "*"
            return nil
        }
        return parseAbsoluteForm(range)
    }

    /// `absolute-URI` with an `http` or `https` scheme and a non-empty authority (RFC 9112 §3.2.2).
    private mutating func parseAbsoluteForm(_ range: Range<Int>) -> HTTPParseError? {
        let schemeLength: Int
        if FieldLine.equalsLowercase(head, range.lowerBound..<min(range.upperBound, range.lowerBound + 7), "http://") {
            schemeLength = 4
        } else if FieldLine.equalsLowercase(head, range.lowerBound..<min(range.upperBound, range.lowerBound + 8), "https://") {
            schemeLength = 5
        } else {
            return .invalidTarget
        }
        let authorityStart = range.lowerBound + schemeLength + 3
        let authorityEnd = head[authorityStart..<range.upperBound]
            .firstIndex { $0 == UInt8(ascii: "/") || $0 == UInt8(ascii: "?") } ?? range.upperBound
        guard authorityEnd > authorityStart, Self.isValidHost(head[authorityStart..<authorityEnd]) else {
            return .invalidTarget
        }
        requestLine.scheme = String(decoding: head[range.lowerBound..<range.lowerBound + schemeLength], as: UTF8.self).lowercased()
        requestLine.authority = String(decoding: head[authorityStart..<authorityEnd], as: UTF8.self)
        let rest = head[authorityEnd..<range.upperBound]
        requestLine.path = rest.first == UInt8(ascii: "/") ? String(decoding: rest, as: UTF8.self) : "/" + String(decoding: rest, as: UTF8.self)
        return nil
    }

    /// `Host = uri-host [ ":" port ]` (RFC 9110 §7.2, RFC 3986 §3.2.2): reg-name or IP-literal bytes.
    static func isValidHost(_ bytes: ArraySlice<UInt8>) -> Bool {
        for byte in bytes {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"):
                continue
            case UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "%"),
                UInt8(ascii: "!"), UInt8(ascii: "$"), UInt8(ascii: "&"), UInt8(ascii: "'"), UInt8(ascii: "("),
                UInt8(ascii: ")"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ","), UInt8(ascii: ";"),
                UInt8(ascii: "="), UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]"):
                continue
            default:
                return false
            }
        }
        return true
    }
}
