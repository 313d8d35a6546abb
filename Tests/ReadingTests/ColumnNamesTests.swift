import Testing

@testable import Reading

/// The nearest-column hint, the byte-order mark and the name list behind the unknown-column warning.
@Suite struct ColumnNamesTests {
    /// The contract's examples: case, spaces, `_` and `-` are ignored, then synonyms are tried.
    @Test(arguments: [
        (["Record ID", "created_at", "Amount"], "created_at"),
        (["Id", "CreatedDate", "CloseDate"], "CreatedDate"),
        (["Record ID", "Deal Name", "Create Date", "Close Date"], "Create Date"),
        (["Created at", "Solved at"], "Created at"),
    ])
    func createdAt(columns: [String], nearest: String) {
        #expect(NearestColumn.to("createdAt", among: columns) == nearest)
    }

    @Test func synonymsOfOtherFields() {
        #expect(NearestColumn.to("resolvedAt", among: ["Id", "Created at", "Solved at"]) == "Solved at")
        #expect(NearestColumn.to("resolvedAt", among: ["id", "resolved_at"]) == "resolved_at")
        #expect(NearestColumn.to("respondedAt", among: ["Response ID", "Response Timestamp", "Score"]) == "Response Timestamp")
        // A response's `created_at` (Delighted's API) is when it was given.
        #expect(NearestColumn.to("respondedAt", among: ["id", "score", "created_at"]) == "created_at")
    }

    /// Without a synonym, the smallest edit distance wins, ties to the first column.
    @Test func editDistance() {
        // "closedat" → "closdat" is 1 edit, "clsedt" 2.
        #expect(NearestColumn.to("closedAt", among: ["clsedt", "Closd At"]) == "Closd At")
        #expect(NearestColumn.to("stage", among: ["xtage", "stagx"]) == "xtage")
        #expect(NearestColumn.editDistance(Array("kitten".utf8), Array("sitting".utf8)) == 3)
        #expect(NearestColumn.editDistance([], Array("abc".utf8)) == 3)
        #expect(NearestColumn.to("createdAt", among: []) == nil)
    }

    /// A hostile header costs what a real one does: names past the limit are not compared.
    @Test func longHeaders() {
        let columns = (0..<10_000).map { "column \($0)" } + ["Create Date"]
        #expect(NearestColumn.to("createdAt", among: columns) != "Create Date")
        let long = String(repeating: "x", count: 100_000)
        #expect(NearestColumn.to("createdAt", among: [long, "Created"]) == "Created")
    }

    @Test func byteOrderMark() {
        let withMark: [UInt8] = [0xEF, 0xBB, 0xBF, 0x7B, 0x7D]
        withMark.withUnsafeBytes { #expect(Array(ByteOrderMark.skipping($0)) == [0x7B, 0x7D]) }
        let without: [UInt8] = [0xEF, 0xBB]
        without.withUnsafeBytes { #expect(Array(ByteOrderMark.skipping($0)) == [0xEF, 0xBB]) }
    }

    @Test func nameList() {
        var list = NameList(limit: 2)
        for name in ["Amount", "Deal Stage", "Amount", "Pipeline", "Owner"] { list.insert(name) }
        #expect(list.names == ["Amount", "Deal Stage"])
        #expect(list.overflow == 2)
        #expect(NameList.quoted(list.names, more: list.overflow) == "\"Amount\", \"Deal Stage\" and 2 more")
        let long = String(repeating: "a", count: 100)
        #expect(NameList.quoted([long]) == "\"" + String(repeating: "a", count: 59) + "…\"")
    }
}

/// Problems grouped by field and detail, whatever the row or line.
@Suite struct ProblemGroupsTests {
    @Test func eachDistinctProblemOnceWithItsFirstThreePointers() {
        let issues: [(pointer: String, detail: String)] = [
            ("/deals/0/createdAt", "is not a real date or time (line 2, column 2)"),
            ("/deals/1/createdAt", "is not a real date or time (line 3, column 2)"),
            ("/deals/2", "has 3 fields; the header has 4 (line 4)"),
            ("/deals/3/createdAt", "is not a real date or time (line 5, column 2)"),
            ("/deals/4/createdAt", "is not a real date or time (line 6, column 2)"),
            ("/deals/5/history/2/enteredAt", "is required"),
            ("/asOf", "is required"),
        ]
        let groups = ProblemGroups(issues).groups
        #expect(groups.map(\.field) == ["createdAt", "", "history/enteredAt"])
        #expect(groups.map(\.detail) == ["is not a real date or time", "has 3 fields; the header has 4", "is required"])
        #expect(groups.map(\.rows) == [4, 1, 1])
        #expect(groups[0].first == ["/deals/0/createdAt", "/deals/1/createdAt", "/deals/3/createdAt"])
    }

    /// The value met is quoted (cut to 40 characters) and left out of the grouping.
    @Test func theValueMetIsQuotedAndNotGrouped() {
        let long = String(repeating: "9", count: 100)
        #expect(ValueMet.detail("must be a number", met: "$1,200.00") == #"must be a number; met "$1,200.00""#)
        #expect(ValueMet.detail("must be a number", met: long) == "must be a number; met \"" + String(repeating: "9", count: 39) + "…\"")
        let groups = ProblemGroups([
            (pointer: "/deals/0/amount", detail: ValueMet.detail("must be a number", met: "$1") + " (line 2, column 3)"),
            (pointer: "/deals/1/amount", detail: ValueMet.detail("must be a number", met: "€2") + " (line 3, column 3)"),
        ]).groups
        #expect(groups.map(\.detail) == ["must be a number"])
        #expect(groups.map(\.rows) == [2])
    }

    @Test func distinctProblemsBeyondTheLimitAreCounted() {
        var groups = ProblemGroups()
        for i in 0..<(ProblemGroups.groupLimit + 5) { groups.add(field: "f\(i)", detail: "d", pointer: "/r/\(i)/f\(i)") }
        #expect(groups.groups.count == ProblemGroups.groupLimit)
        #expect(groups.more == 5)
        #expect(ProblemGroups.withoutPlace("must be (a) thing") == "must be (a) thing")
        #expect(ProblemGroups.field(of: "/deals/x") == nil)
    }
}

/// `numberFormat`: each layout reads its own forms and nothing else (values worked by hand).
@Suite struct NumberTextTests {
    static let cases: [(String, NumberLayout, Double?)] = [
        ("1234.5", .plain, 1234.5), ("-0.25", .plain, -0.25), ("1e3", .plain, 1000), (" 7 ", .plain, 7),
        ("1,234.5", .plain, nil), ("$1", .plain, nil), ("01", .plain, nil), ("1.", .plain, nil), ("", .plain, nil),
        ("1,234.50", .en, 1234.5), ("$1,234.50", .en, 1234.5), ("-$1,234.50", .en, -1234.5), ("$-1,234.50", .en, -1234.5),
        ("1234.5 USD", .en, 1234.5), ("USD 120,000.00", .en, 120_000), ("£12", .en, 12), ("1,234,567", .en, 1_234_567),
        ("1,23", .en, nil), ("12,3456", .en, nil), ("1,234.", .en, nil), (",123", .en, nil), ("1.234,50", .en, nil),
        ("$", .en, nil), ("USDX 1", .en, nil), ("1 usd", .en, nil),
        ("1.234,50", .de, 1234.5), ("1.234,50 €", .de, 1234.5), ("-1.234,50 €", .de, -1234.5), ("EUR 1234,5", .de, 1234.5),
        ("1,234.50", .de, nil), ("1.23", .de, nil),
    ]

    @Test(arguments: cases)
    func reads(text: String, layout: NumberLayout, expected: Double?) {
        #expect(Array(text.utf8).withUnsafeBufferPointer { NumberText.parse($0, layout) } == expected)
    }

    @Test func suggestsTheLayoutsThatReadAText() {
        #expect(Array("$120,000.00".utf8).withUnsafeBufferPointer { NumberText.layouts(reading: $0, besides: .plain) } == [.en])
        #expect(Array("1.234,5 €".utf8).withUnsafeBufferPointer { NumberText.layouts(reading: $0, besides: .plain) } == [.de])
        #expect(Array("12".utf8).withUnsafeBufferPointer { NumberText.layouts(reading: $0, besides: .plain) } == [.en, .de])
    }
}
