import Testing
@testable import HTTPServer

@Suite("Chunked body decoder")
struct ChunkedBodyDecoderTests {
    private func decode(_ pieces: [[UInt8]], maxBodyBytes: Int = 1_000) -> (ChunkedBodyDecoder.Result?, String) {
        var decoder = ChunkedBodyDecoder(maxBodyBytes: maxBodyBytes, maxExtensionBytes: 64, maxTrailerBytes: 256)
        var output: [UInt8] = []
        var result: ChunkedBodyDecoder.Result?
        for piece in pieces where !piece.isEmpty {
            piece.withUnsafeBytes { result = decoder.decode($0, into: &output).result }
            if case .failed = result { break }
        }
        return (result, String(decoding: output, as: UTF8.self))
    }

    @Test("decodes a chunked body split at every point")
    func chunkedEverySplit() {
        let body = Array("4\r\nWiki\r\n5;ext=\"a b\"\r\npedia\r\nE\r\n in\r\n\r\nchunks.\r\n0\r\n\r\n".utf8)
        for split in 0...body.count {
            let (result, output) = decode([Array(body[..<split]), Array(body[split...])])
            #expect(result == .done, "split \(split)")
            #expect(output == "Wikipedia in\r\n\r\nchunks.", "split \(split)")
        }
    }

    @Test("stops at the last chunk and leaves the next request's bytes alone")
    func stopsAtEnd() {
        var decoder = ChunkedBodyDecoder(maxBodyBytes: 100, maxExtensionBytes: 64, maxTrailerBytes: 256)
        var output: [UInt8] = []
        let bytes = Array("1\r\na\r\n0\r\n\r\nGET / HTTP/1.1\r\n".utf8)
        let (consumed, result) = bytes.withUnsafeBytes { decoder.decode($0, into: &output) }
        #expect(result == .done)
        #expect(consumed == 11)
    }

    @Test("refuses a body as soon as a chunk size passes the limit", arguments: ["11\r\n", "8\r\n12345678\r\n9\r\n"])
    func limit(_ raw: String) {
        #expect(decode([Array(raw.utf8)], maxBodyBytes: 16).0 == .failed(.contentTooLarge))
    }
}
