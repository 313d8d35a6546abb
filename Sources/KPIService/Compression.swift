import CZlib
import HTTPServer
import HTTPTypes

/// gzip response bodies (RFC 9110 §8.4.1.3) for clients that accept them, through zlib.
enum Compression {
    /// Bodies smaller than this are sent as they are: compressing them saves less than it costs.
    static let minimumBytes = 1024

    /// `response` gzip-encoded when `acceptEncoding` allows gzip and the body is large enough.
    static func apply(to response: inout Response, acceptEncoding: String?) {
        guard response.body.count >= minimumBytes, response.headerFields[.contentEncoding] == nil else { return }
        response.headerFields[.vary] = "Accept-Encoding"
        guard let acceptEncoding, acceptsGzip(acceptEncoding), let compressed = gzip(response.body) else { return }
        response.body = compressed
        response.headerFields[.contentEncoding] = "gzip"
    }

    /// RFC 9110 §12.5.3: `gzip` (or `x-gzip`, or `*`) listed with a weight above 0.
    static func acceptsGzip(_ field: String) -> Bool {
        for element in field.split(separator: ",") {
            let parts = element.split(separator: ";")
            guard let coding = parts.first.map({ $0.trimmingOWS().lowercased() }),
                coding == "gzip" || coding == "x-gzip" || coding == "*"
            else { continue }
            let weight = parts.dropFirst().compactMap { parameter -> Double? in
                let pair = parameter.split(separator: "=", maxSplits: 1).map { $0.trimmingOWS().lowercased() }
                return pair.count == 2 && pair[0] == "q" ? Double(pair[1]) : nil
            }.first ?? 1
            if weight > 0 { return true }
        }
        return false
    }

    /// The gzip member (RFC 1952) of `bytes`, or `nil` if zlib fails.
    static func gzip(_ bytes: [UInt8], level: Int32 = 6) -> [UInt8]? {
        var stream = z_stream()
        // windowBits 15 + 16: a gzip header and trailer instead of zlib's.
        guard deflateInit2_(&stream, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, zlibVersion(), Int32(MemoryLayout<z_stream>.size)) == Z_OK else {
            return nil
        }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
        var input = bytes
        let result = input.withUnsafeMutableBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = source.baseAddress
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard result == Z_STREAM_END else { return nil }
        output.removeLast(Int(stream.avail_out))
        return output
    }
}
