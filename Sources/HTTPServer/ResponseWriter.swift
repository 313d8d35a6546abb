import Digits
import HTTPTypes

/// Serializes responses into a connection's output buffer without intermediate strings.
///
/// One writer per event loop: the cached `Date` and `Server` lines are loop-local, so no lock.
struct ResponseWriter {
    /// `HTTP/1.1 100 Continue` (RFC 9110 §15.2.1).
    static let continueResponse = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)
    private static let okStatusLine = Array("HTTP/1.1 200 OK\r\n".utf8)

    private let serverLine: [UInt8]
    private var date = HTTPDate()

    /// Creates a writer announcing `serverName` in the `Server` field.
    init(serverName: String) {
        serverLine = Array("Server: \(serverName)\r\n".utf8)
        date.update()
    }

    /// Refreshes the cached `Date` line (call once per loop iteration).
    mutating func refreshDate() {
        date.update()
    }

    /// The byte lengths of `Date`, `Server`, `Connection`, `Content-Length` and `Transfer-Encoding`, one bit each.
    private static let specialNameLengths: UInt64 = 1 << 4 | 1 << 6 | 1 << 10 | 1 << 14 | 1 << 17

    /// Appends the UTF-8 of `text` as one block copy (a `String.UTF8View` is appended through the generic
    /// sequence path, three times the instructions).
    @inline(__always)
    private static func append(_ text: String, to output: inout [UInt8]) {
        var text = text
        text.withUTF8 { output.append(contentsOf: $0) }
    }

    /// Appends `response` to `output`; returns whether the connection closes after it.
    ///
    /// - Parameters:
    ///   - isHead: the request was HEAD: the GET's headers, no body (RFC 9110 §9.3.2).
    ///   - close: the connection closes after this response; announced with `Connection: close`.
    ///   - http10: the request was HTTP/1.0, so persistence is announced with `keep-alive` (RFC 9112 §9.3).
    func append(_ response: Response, to output: inout [UInt8], isHead: Bool, close: Bool, http10: Bool) -> Bool {
        var close = close
        let code = response.status.code
        if code == 200 {
            output.append(contentsOf: Self.okStatusLine)
        } else {
            output.append(contentsOf: "HTTP/1.1 ".utf8)
            DecimalDigits.append(UInt64(code), to: &output)
            output.append(UInt8(ascii: " "))
            output.append(contentsOf: response.status.reasonPhrase.utf8)
            output.append(contentsOf: "\r\n".utf8)
        }
        var hasDate = false
        var hasServer = false
        for field in response.headerFields {
            // The names handled apart are 4, 6, 10, 14 and 17 bytes long: any other length (Content-Type,
            // X-Request-ID, …) is written without comparing its name with each of them.
            let length = field.name.canonicalName.utf8.count
            if length < 64, Self.specialNameLengths & 1 << UInt64(length) != 0 {
                switch field.name {
                // The server frames the body itself (RFC 9112 §6): its own Content-Length, never chunked.
                case .contentLength, .transferEncoding:
                    continue
                case .connection:
                    if field.value.lowercased().contains("close") { close = true }
                    continue
                case .date:
                    hasDate = true
                case .server:
                    hasServer = true
                default:
                    break
                }
            }
            Self.append(field.name.rawName, to: &output)
            output.append(UInt8(ascii: ":"))
            output.append(UInt8(ascii: " "))
            Self.append(field.value, to: &output)
            output.append(UInt8(ascii: "\r"))
            output.append(UInt8(ascii: "\n"))
        }
        // RFC 9110 §6.6.1: an origin server with a clock sends Date.
        if !hasDate { output.append(contentsOf: date.fieldLine) }
        if !hasServer { output.append(contentsOf: serverLine) }
        // RFC 9110 §8.6: no Content-Length in 1xx and 204; 304 carries no body.
        let bodyless = code < 200 || code == 204 || code == 304
        if !bodyless {
            Self.append("Content-Length: ", to: &output)
            DecimalDigits.append(UInt64(response.body.count), to: &output)
            output.append(UInt8(ascii: "\r"))
            output.append(UInt8(ascii: "\n"))
        }
        if close {
            // RFC 9112 §9.6: announce the close in the last response.
            output.append(contentsOf: "Connection: close\r\n".utf8)
        } else if http10 {
            output.append(contentsOf: "Connection: keep-alive\r\n".utf8)
        }
        output.append(UInt8(ascii: "\r"))
        output.append(UInt8(ascii: "\n"))
        if !isHead && !bodyless {
            output.append(contentsOf: response.body)
        }
        return close
    }

}
