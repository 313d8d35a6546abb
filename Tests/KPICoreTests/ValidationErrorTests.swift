import JSON
import Testing

@testable import KPICore

@Suite("ValidationError")
struct ValidationErrorTests {
    static let summaryCases: [([(String, String)], String)] = [
        ([("/newCustomers", "must be greater than 0")], "newCustomers must be greater than 0"),
        ([("/newCustomers", "must be greater than 0"), ("/totalSpend", "must be a number")],
         "newCustomers must be greater than 0 (and 1 more problem)"),
        ([("/a", "x"), ("/b", "y"), ("/c", "z")], "a x (and 2 more problems)"),
        ([("", "must be a JSON object")], "body must be a JSON object"),
        ([("/deals/3/closedAt", "must not be before createdAt")], "closedAt must not be before createdAt"),
        ([("/scores/7", "must be a whole number from 0 to 10")], "scores[7] must be a whole number from 0 to 10"),
        ([("/a~1b~0c", "is not a known field")], "a/b~c is not a known field"),
    ]

    @Test("The summary names the field of the first issue and counts the others", arguments: summaryCases)
    func summary(issues: [(String, String)], expected: String) {
        let error = ValidationError(issues: issues.map { .at($0.0, $0.1) })
        #expect(error.summary == expected)
    }

    static let escapingCases: [(String, String)] = [
        ("plain", "plain"), ("a/b", "a~1b"), ("a~b", "a~0b"), ("~/", "~0~1"), ("", ""),
    ]

    @Test("Pointer tokens escape tilde and slash as RFC 6901 says", arguments: escapingCases)
    func escaping(token: String, expected: String) {
        #expect(JSONPointer.escape(token) == expected)
    }
}
