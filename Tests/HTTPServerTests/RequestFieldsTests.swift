import HTTPTypes
import Testing

@testable import HTTPServer

@Suite("HTTPFields.value(of:)")
struct HTTPFieldsValueTests {
    @Test("Absent, once and repeated fields read as the subscript reads them")
    func matchesTheSubscript() throws {
        var fields = HTTPFields()
        fields.append(HTTPField(name: .contentType, value: "application/json"))
        fields.append(HTTPField(name: .accept, value: "text/plain"))
        fields.append(HTTPField(name: .accept, value: "application/json"))
        fields.append(HTTPField(name: .cookie, value: "a=1"))
        fields.append(HTTPField(name: .cookie, value: "b=2"))
        #expect(fields.value(of: .contentType) == "application/json")
        #expect(fields.value(of: .accept) == "text/plain, application/json")
        #expect(fields.value(of: .cookie) == "a=1; b=2")
        #expect(fields.value(of: .authorization) == nil)
        let custom = try #require(HTTPField.Name("X-Request-ID"))
        fields.append(HTTPField(name: try #require(HTTPField.Name("x-request-id")), value: "abc"))
        #expect(fields.value(of: custom) == "abc")
        for name in [HTTPField.Name.contentType, .accept, .cookie, .authorization, custom] {
            #expect(fields.value(of: name) == fields[name])
        }
    }
}
