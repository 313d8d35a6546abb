#if canImport(Glibc)
import Glibc
#endif
import JSON

/// Dense indices for record ids and group keys: an open-addressing table with a per-process keyed hash (``KeyedHash``)
/// (much cheaper than `Set` and `Dictionary` for a hundred thousand short ids).
///
/// Keys compare as ``RecordID`` does, strings by canonical equivalence like `String ==`. ASCII text, the usual
/// case, is hashed straight from its UTF-8 bytes. Other text is hashed with `Hasher` (which normalizes), except
/// text made only of ASCII and the three characters canonically equivalent to ASCII ones (U+037E `;`, U+1FEF `` ` ``,
/// U+212A `K`), which is hashed as that ASCII text: equal keys always hash alike.
struct KeyIndex {
    /// Each key in insertion order: for text, the offset of its UTF-8 bytes in `text` `<< 24 |` their
    /// length; for an integer, ``integerFlag`` `|` its position in `integers`. No `String` is kept per key.
    private var entries: [UInt64] = []
    private var text: [UInt8] = []
    private var integers: [Int64] = []
    /// `0` for an empty slot, else the high half of the key's hash `<< 32 | (index + 1)`. The high half also
    /// picks the key's first slot, so a growing table places its keys again without hashing them again.
    private var slots: [UInt64]

    private static let integerFlag: UInt64 = 1 << 63
    /// Text keys longer than this (16 MiB) cannot be told apart by the entry format; no body holds one.
    private static let maximumLength = (1 << 24) - 1

    /// Keyed with a secret that varies from one process to the next, so that colliding keys cannot be
    /// prepared in advance.
    private let keyedHash: KeyedHash
    /// Occupied slots passed over by lookups and rehashing so far: the work the keys have cost.
    private(set) var probes = 0

    /// An empty index sized for about `capacity` keys, hashing with `keyedHash` (tests fix its key).
    init(capacity: Int, keyedHash: KeyedHash = .process) {
        self.keyedHash = keyedHash
        slots = Array(repeating: 0, count: Self.tableSize(for: capacity))
        entries.reserveCapacity(capacity)
    }

    /// Number of distinct keys.
    var count: Int { entries.count }

    /// The key at `index`.
    subscript(index: Int) -> RecordID {
        let entry = entries[index]
        if entry & Self.integerFlag != 0 { return .integer(integers[Int(truncatingIfNeeded: entry & ~Self.integerFlag)]) }
        return .string(withText(entry) { String(decoding: $0, as: UTF8.self) })
    }

    /// Every key, in the order they were first inserted.
    var keys: [RecordID] { (0..<count).map { self[$0] } }

    /// The index of `key`, which is added at the end when it is new.
    mutating func insert(_ key: RecordID) -> (index: Int, inserted: Bool) {
        switch key {
        case .integer(let value):
            let hash = hash(key)
            let found = probe(hash) { entry in
                entry & Self.integerFlag != 0 && integers[Int(truncatingIfNeeded: entry & ~Self.integerFlag)] == value
            }
            probes += found.passed
            if let index = found.index { return (index, false) }
            integers.append(value)
            return (add(Self.integerFlag | UInt64(integers.count - 1), hash: hash, slot: found.slot), true)
        case .string(var string):
            return string.withUTF8 { insert(utf8: $0) }
        }
    }

    /// The index of the text whose UTF-8 bytes are `bytes`, added at the end when it is new. Text is compared
    /// as `String ==` does (canonical equivalence): byte for byte when both are ASCII.
    mutating func insert(utf8 bytes: UnsafeBufferPointer<UInt8>) -> (index: Int, inserted: Bool) {
        precondition(bytes.count <= Self.maximumLength, "a key is at most 16 MiB")
        let ascii = hashASCII(bytes)
        let hash = ascii ?? hashOther(String(decoding: bytes, as: UTF8.self))
        let found = probe(hash) { entry in
            guard entry & Self.integerFlag == 0 else { return false }
            let sameBytes = withText(entry) { stored in
                stored.count == bytes.count && (bytes.isEmpty || memcmp(stored.baseAddress!, bytes.baseAddress!, bytes.count) == 0)
            }
            if sameBytes { return true }
            // Different bytes are the same text only when one of them is not ASCII (see the type's documentation).
            guard ascii == nil || withText(entry, { !Self.isASCII($0) }) else { return false }
            return withText(entry) { String(decoding: $0, as: UTF8.self) } == String(decoding: bytes, as: UTF8.self)
        }
        probes += found.passed
        if let index = found.index { return (index, false) }
        let offset = text.count
        text.append(contentsOf: bytes)
        return (add(UInt64(offset) << 24 | UInt64(bytes.count), hash: hash, slot: found.slot), true)
    }

    /// The index of the stored key with `hash` that `matches`, or the empty slot where it would go, and how
    /// many occupied slots were passed over.
    @inline(__always)
    private func probe(_ hash: UInt64, matches: (UInt64) -> Bool) -> (slot: Int, index: Int?, passed: Int) {
        let tag = hash >> 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: tag) & mask
        var passed = 0
        while true {
            let entry = slots[slot]
            if entry == 0 { return (slot, nil, passed) }
            if entry >> 32 == tag {
                let index = Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if matches(entries[index]) { return (slot, index, passed) }
            }
            slot = (slot + 1) & mask
            passed += 1
        }
    }

    /// Stores `entry` in the empty `slot` found for `hash`; returns its index.
    private mutating func add(_ entry: UInt64, hash: UInt64, slot: Int) -> Int {
        let index = entries.count
        entries.append(entry)
        slots[slot] = (hash >> 32) << 32 | UInt64(truncatingIfNeeded: index + 1)
        // At most three quarters full: linear probing stays short, and the table costs about 11 bytes a key.
        if 4 * entries.count > 3 * slots.count { rebuild(size: 2 * slots.count) }
        return index
    }

    /// Calls `body` with the bytes of the text entry `entry`.
    @inline(__always)
    private func withText<R>(_ entry: UInt64, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let offset = Int(truncatingIfNeeded: entry >> 24)
        let length = Int(truncatingIfNeeded: entry & UInt64(Self.maximumLength))
        return text.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset..<offset + length])) }
    }

    /// A power of two at least four thirds of `capacity`.
    private static func tableSize(for capacity: Int) -> Int {
        var size = 16
        while 3 * size < 4 * capacity { size <<= 1 }
        return size
    }

    /// Places every key again in a table of `size` slots (at most 2³² slots: a slot is picked by the high half
    /// of the hash, which the slot keeps).
    private mutating func rebuild(size: Int) {
        let old = slots
        slots = Array(repeating: 0, count: size)
        let mask = size - 1
        for entry in old where entry != 0 {
            var slot = Int(truncatingIfNeeded: entry >> 32) & mask
            while slots[slot] != 0 {
                probes += 1
                slot = (slot + 1) & mask
            }
            slots[slot] = entry
        }
    }

    /// The keyed hash of `key`.
    private func hash(_ key: RecordID) -> UInt64 {
        switch key {
        case .integer(let i):
            return keyedHash.hash(UInt64(bitPattern: i))
        case .string(let s):
            if let hash = s.utf8.withContiguousStorageIfAvailable(hashASCII), let hash { return hash }
            return hashOther(s)
        }
    }

    /// The hash of ASCII bytes, or `nil` when a byte is not ASCII.
    @inline(__always)
    private func hashASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64? {
        guard Self.isASCII(bytes) else { return nil }
        return keyedHash.hash(bytes)
    }

    @inline(__always)
    private static func isASCII(_ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        var union: UInt64 = 0
        var index = 0
        while index + 8 <= bytes.count {
            union |= UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)
            index += 8
        }
        while index < bytes.count {
            union |= UInt64(base[index])
            index += 1
        }
        return union & 0x8080_8080_8080_8080 == 0
    }

    /// The hash of text that is not plain ASCII (see the type's documentation).
    @inline(never)
    private func hashOther(_ s: String) -> UInt64 {
        var ascii: [UInt8] = []
        for scalar in s.unicodeScalars {
            switch scalar.value {
            case 0..<0x80: ascii.append(UInt8(scalar.value))
            case 0x037E: ascii.append(UInt8(ascii: ";"))
            case 0x1FEF: ascii.append(UInt8(ascii: "`"))
            case 0x212A: ascii.append(UInt8(ascii: "K"))
            default:
                var hasher = Hasher()
                hasher.combine(s)
                return UInt64(truncatingIfNeeded: hasher.finalize())
            }
        }
        return ascii.withUnsafeBufferPointer(hashASCII)!
    }
}
