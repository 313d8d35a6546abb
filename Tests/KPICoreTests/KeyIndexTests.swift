import Testing

@testable import KPICore

@Suite("KeyIndex")
struct KeyIndexTests {
    @Test func keysGetDenseIndicesInInsertionOrderAndRepeatsAreFound() {
        var index = KeyIndex(capacity: 2)
        let keys: [RecordID] = (0..<1000).map { $0 % 3 == 0 ? .integer(Int64($0)) : .string("id-\($0)-" + String(repeating: "x", count: $0 % 40)) }
        for (i, key) in keys.enumerated() {
            #expect(index.insert(key) == (i, true))
        }
        for (i, key) in keys.enumerated().reversed() {
            #expect(index.insert(key) == (i, false))
        }
        #expect(index.keys == keys)
    }

    @Test func anIntegerAndTheStringOfItsDigitsAreDifferentKeys() {
        var index = KeyIndex(capacity: 4)
        #expect(index.insert(.integer(7)).inserted)
        #expect(index.insert(.string("7")).inserted)
        #expect(index.insert(.string("")).inserted)
        #expect(!index.insert(.string("")).inserted)
    }

    /// Keys compare like `String ==`: canonically equivalent texts are one key, whatever their bytes.
    @Test(arguments: [
        ("K", "\u{212A}"), ("a;b", "a\u{037E}b"), ("`", "\u{1FEF}"), ("Kelvin 0K", "Kelvin 0\u{212A}"),
        ("caf\u{E9}", "cafe\u{301}"), ("\u{212B}ngstr\u{F6}m", "A\u{30A}ngstro\u{308}m"),
    ])
    func canonicallyEquivalentStringsAreOneKey(_ pair: (String, String)) {
        #expect(pair.0 == pair.1)
        var index = KeyIndex(capacity: 4)
        #expect(index.insert(.string(pair.0)) == (0, true))
        #expect(index.insert(.string(pair.1)) == (0, false))
    }
}
