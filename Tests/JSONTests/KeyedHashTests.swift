import Testing

@testable import JSON

@Suite("KeyedHash")
struct KeyedHashTests {
    /// The test vectors of the SipHash paper (Aumasson and Bernstein, appendix A, and the reference
    /// implementation's `vectors.h`): key 00 01 … 0f, message 00 01 … (n − 1), SipHash-2-4.
    @Test(arguments: [(0, 0x726f_db47_dd0e_0e31 as UInt64), (1, 0x74f8_39c5_93dc_67fd), (8, 0x93f5_f579_9a93_2462), (15, 0xa129_ca61_49be_45e5)])
    func sipHash24MatchesThePapersVectors(_ vector: (length: Int, hash: UInt64)) {
        let sip24 = KeyedHash(k0: 0x0706_0504_0302_0100, k1: 0x0f0e_0d0c_0b0a_0908, compressionRounds: 2, finalizationRounds: 4)
        let message = (0..<vector.length).map { UInt8($0) }
        #expect(message.withUnsafeBufferPointer(sip24.hash) == vector.hash)
    }

    @Test func anIntegerHashesAsItsEightLittleEndianBytes() {
        let hash = KeyedHash(k0: 1, k1: 2)
        let value: UInt64 = 0x0102_0304_0506_0708
        let bytes = (0..<8).map { UInt8(truncatingIfNeeded: value >> (8 * UInt64($0))) }
        #expect(hash.hash(value) == bytes.withUnsafeBufferPointer(hash.hash))
    }

    @Test func theKeyChangesTheHash() {
        let bytes = Array("customerId".utf8)
        #expect(bytes.withUnsafeBufferPointer(KeyedHash(k0: 1, k1: 2).hash) != bytes.withUnsafeBufferPointer(KeyedHash(k0: 1, k1: 3).hash))
    }
}

/// Hash flooding: names chosen so that their hashes share the low bits of a table's slot index each probe
/// every name before them (quadratic work) — unless the table's hash has a key the sender does not know.
/// The work is counted in probes (occupied slots passed over), not timed.
@Suite("Member names under hash flooding")
struct MemberNameFloodingTests {
    /// 380 names fill a 512-slot table to just under three quarters (the table grows at 384).
    static let count = 380
    static let slotBits: UInt64 = 511

    /// The FNV-1a hash the table used before it was keyed (`hash ^ hash >> 29`).
    static func fnv1a(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
        return hash ^ hash >> 29
    }

    /// `count` names `n<i>` whose `hash` falls in slot 0 of every table up to 512 slots, found by trying names in turn
    /// (about 512 tries a name): what a sender who knows the hash does.
    static func colliding(under hash: ([UInt8]) -> UInt64) -> [[UInt8]] {
        var names: [[UInt8]] = []
        var i = 0
        while names.count < count {
            let name = Array("n\(i)".utf8)
            if hash(name) & slotBits == 0 { names.append(name) }
            i += 1
        }
        return names
    }

    /// The probes spent inserting `names` into one object's table of names hashed with `key`.
    static func probes(inserting names: [[UInt8]], key: KeyedHash) -> Int {
        // The names laid out as a document: `{"n0":0,…` (offsets are never 0, as in a real document).
        var document: [UInt8] = [UInt8(ascii: "{")]
        var offsets: [Int] = []
        for name in names {
            offsets.append(document.count)
            document += name
        }
        var table = MemberNames(keyedHash: key)
        var scope = table.open()
        document.withUnsafeBufferPointer { base in
            for (name, offset) in zip(names, offsets) {
                let fresh = table.insert(String(decoding: name, as: UTF8.self), at: offset, escaped: false, in: &scope, base: base.baseAddress!)
                #expect(fresh)
            }
        }
        return table.probes
    }

    @Test func namesCollidingUnderTheOldUnkeyedHashCostLinearWork() {
        let names = Self.colliding(under: Self.fnv1a)
        let probes = Self.probes(inserting: names, key: KeyedHash(k0: 0x5eed, k1: 0xf00d))
        // Linear probing at most three quarters full passes about 1.5 slots an insertion on average; the
        // colliding names under FNV-1a would pass count²/2 ≈ 72,000.
        #expect(probes < 4 * Self.count, "\(probes) probes for \(Self.count) names")
    }

    @Test func namesCraftedForOneKeyAreQuadraticUnderItAndLinearUnderAnother() {
        let known = KeyedHash(k0: 1, k1: 2)
        let names = Self.colliding(under: { $0.withUnsafeBufferPointer(known.hash) })
        // The attack works when the key is known (this shows the count measures it)…
        #expect(Self.probes(inserting: names, key: known) > Self.count * Self.count / 4)
        // …and not against the key of the process, which the sender cannot know.
        #expect(Self.probes(inserting: names, key: KeyedHash(k0: 0x5eed, k1: 0xf00d)) < 4 * Self.count)
    }
}
