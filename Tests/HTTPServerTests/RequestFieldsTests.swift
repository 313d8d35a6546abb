import HTTPTypes
import Testing

@testable import HTTPServer

@Suite("RequestFields")
struct RequestFieldsTests {
    static let sample: HTTPFields = {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .contentType, value: "application/json"))
        fields.append(HTTPField(name: .accept, value: "text/plain"))
        fields.append(HTTPField(name: .accept, value: "application/json"))
        fields.append(HTTPField(name: .cookie, value: "a=1"))
        fields.append(HTTPField(name: .cookie, value: "b=2"))
        fields.append(HTTPField(name: HTTPField.Name("x-request-id")!, value: "abc"))
        fields.append(HTTPField(name: HTTPField.Name("X-Empty")!, value: ""))
        return fields
    }()

    @Test("Absent, once and repeated fields read as the HTTPFields subscript reads them")
    func matchesTheSubscript() throws {
        let fields = RequestFields(Self.sample)
        #expect(fields.count == 7)
        #expect(fields.value(of: .contentType) == "application/json")
        #expect(fields.value(of: .accept) == "text/plain, application/json")
        #expect(fields.values(of: .accept) == ["text/plain", "application/json"])
        #expect(fields.value(of: .cookie) == "a=1; b=2")
        #expect(fields.value(of: .authorization) == nil)
        let custom = try #require(HTTPField.Name("X-Request-ID"))
        let empty = try #require(HTTPField.Name("x-empty"))
        #expect(fields.value(of: custom) == "abc")
        #expect(fields.value(of: empty) == "")
        for name in [HTTPField.Name.contentType, .accept, .cookie, .authorization, custom, empty] {
            #expect(fields.value(of: name) == Self.sample[name])
        }
        #expect(fields.httpFields == Self.sample)
    }

    @Test("Parsed fields compare case-insensitively, keep their order and leave Host out")
    func parsedFields() throws {
        let head = Array("POST /x HTTP/1.1\r\nHOST: a\r\nConTent-TYPE: text/csv\r\nx-request-id: r-1\r\n\r\n".utf8)
        var lines: [FieldLine.Parts] = []
        var start = 18
        while let end = head[start...].firstIndex(of: 0x0D), end > start {
            guard case .success(let parts) = FieldLine.split(head, start..<end) else { Issue.record("split"); return }
            lines.append(parts)
            start = end + 2
        }
        let fields = RequestFields(head: head, from: 18, lines: lines)
        #expect(fields.count == 2)
        #expect(fields.value(of: .contentType) == "text/csv")
        #expect(fields.value(of: try #require(HTTPField.Name("X-Request-ID"))) == "r-1")
        #expect(fields.value(of: try #require(HTTPField.Name("Host"))) == nil)
        #expect(fields.httpFields.map(\.name.rawName) == ["ConTent-TYPE", "x-request-id"])
    }
}
