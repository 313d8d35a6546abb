import JSON
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

/// Hash flooding of record keys: keys whose hashes share the bits that pick the slot (the low bits of the hash's
/// high half) each probe every key
/// before them, unless the index's hash has a key the sender does not know. Work is counted in probes.
@Suite("KeyIndex under hash flooding")
struct KeyIndexFloodingTests {
    /// 380 keys fill a 512-slot index to just under three quarters (it grows past 384).
    static let count = 380

    /// `count` ids `id-<i>` whose hash under `key` falls in slot 0 of every table up to 512 slots (the slot is
    /// the high half of the hash, masked).
    static func colliding(under key: KeyedHash) -> [String] {
        var ids: [String] = []
        var i = 0
        while ids.count < count {
            let id = "id-\(i)"
            if (Array(id.utf8).withUnsafeBufferPointer(key.hash) >> 32) & 511 == 0 { ids.append(id) }
            i += 1
        }
        return ids
    }

    static func probes(inserting ids: [String], key: KeyedHash) -> Int {
        var index = KeyIndex(capacity: 8, keyedHash: key)
        for id in ids { #expect(index.insert(.string(id)).inserted) }
        return index.probes
    }

    @Test func keysCraftedForOneKeyAreQuadraticUnderItAndLinearUnderAnother() {
        let known = KeyedHash(k0: 3, k1: 4)
        let ids = Self.colliding(under: known)
        #expect(Self.probes(inserting: ids, key: known) > Self.count * Self.count / 4)
        #expect(Self.probes(inserting: ids, key: KeyedHash(k0: 0x5eed, k1: 0xf00d)) < 4 * Self.count)
    }

    @Test func integerKeysAreHashedWithTheKeyToo() {
        // Multiples of 512 share their low bits; a hash that left small integers as they are would put them in one slot.
        var index = KeyIndex(capacity: 8, keyedHash: KeyedHash(k0: 0x5eed, k1: 0xf00d))
        for i in 0..<Int64(Self.count) { #expect(index.insert(.integer(i * 512)).inserted) }
        #expect(index.probes < 4 * Self.count)
    }
}
