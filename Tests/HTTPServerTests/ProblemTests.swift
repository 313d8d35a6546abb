import HTTPTypes
import Testing
@testable import HTTPServer

@Suite("Problem details")
struct ProblemTests {
    @Test("writes problem+json bodies with a matching status")
    func body() {
        let response = Problem.response(.badRequest, detail: "Bad \"line\".")
        #expect(response.status == .badRequest)
        #expect(response.headerFields[.contentType] == "application/problem+json")
        #expect(String(decoding: response.body, as: UTF8.self)
            == #"{"type":"about:blank","title":"Bad Request","status":400,"detail":"Bad \"line\"."}"#)
    }

    @Test("names every parse error's status in its title", arguments: [
        HTTPParseError.contentTooLarge, .targetTooLong, .headerFieldsTooLarge, .methodNotImplemented, .versionNotSupported,
    ])
    func titles(_ error: HTTPParseError) {
        let text = String(decoding: Problem.response(error.status, detail: error.detail).body, as: UTF8.self)
        #expect(text.contains(#""title":"\#(error.status.reasonPhrase)""#))
        #expect(text.contains(#""status":\#(error.status.code)"#))
    }
}
