/// A small direct-mapped cache of recently read strings, keyed by their bytes in the document.
///
/// Arrays of similar objects repeat their member names and many values; reusing the `String`
/// skips its construction and, for strings over 15 bytes, an allocation.
extension JSONParser {
    /// One cache slot: the bytes `start..<start + length` of the document read as `string`.
    struct RecentString {
        var start: Int
        var length: Int
        var string: String
    }

    /// Number of cache slots (a power of two): more for big documents, whose many records repeat more values.
    static func recentStringSlots(forDocument count: Int) -> Int {
        count >= recentStringsLargeDocument ? 1024 : 64
    }

    /// Documents from this size up get the larger cache.
    static let recentStringsLargeDocument = 1 << 16
    /// Longer strings are not cached.
    static let recentStringMaximumLength = 32
    /// Documents shorter than this do not use the cache.
    static let recentStringsMinimumDocument = 512
    /// Short strings a document reads before the cache is built: a body with a few member names and a
    /// long array of numbers (`/nps` with 1,000 scores) never builds it (its 64 slots, made and released,
    /// were 3.7 % of such a request).
    static let uncachedStringsBeforeCache = 16

    /// Whether the next short string goes through the cache, building the cache when a document of
    /// ``recentStringsMinimumDocument`` bytes or more reads its ``uncachedStringsBeforeCache``-th one.
    @inline(__always)
    mutating func cachesStrings() -> Bool {
        if !recentStrings.isEmpty { return true }
        guard count >= Self.recentStringsMinimumDocument else { return false }
        uncachedStrings += 1
        guard uncachedStrings > Self.uncachedStringsBeforeCache else { return false }
        recentStrings = Array(
            repeating: RecentString(start: 0, length: -1, string: ""), count: Self.recentStringSlots(forDocument: count))
        return true
    }

    /// The ASCII string at `start..<start + length` (validated, no escapes), from the cache when
    /// the same bytes were read recently.
    @inline(__always)
    mutating func recentString(start: Int, length: Int) -> String {
        guard length > 0 else { return "" }
        let bytes = base + start
        var hash = UInt64(truncatingIfNeeded: length)
        if length >= 8 {
            // The first, middle and last eight bytes (overlapping when shorter than 24).
            hash ^= Self.word(bytes) &* 0x9E37_79B9_7F4A_7C15
            hash ^= Self.word(bytes + ((length &>> 1) &- 4)) &* 0xC2B2_AE3D_27D4_EB4F
            hash ^= Self.word(bytes + (length &- 8)) &* 0x1656_67B1_9E37_79F9
        } else if length >= 4 {
            let first = UnsafeRawPointer(bytes).loadUnaligned(as: UInt32.self)
            let last = UnsafeRawPointer(bytes + (length &- 4)).loadUnaligned(as: UInt32.self)
            hash ^= (UInt64(first) | UInt64(last) << 32) &* 0x9E37_79B9_7F4A_7C15
        } else {
            hash ^= (UInt64(bytes[0]) | UInt64(bytes[length &>> 1]) << 8 | UInt64(bytes[length &- 1]) << 16)
                &* 0x9E37_79B9_7F4A_7C15
        }
        hash ^= hash &>> 29
        let slot = Int(truncatingIfNeeded: hash &* 0xBF58_476D_1CE4_E5B9 &>> 40) & (recentStrings.count &- 1)
        let cached = recentStrings[slot]
        if cached.length == length, Self.equalBytes(base + cached.start, bytes, length) {
            return cached.string
        }
        let string = Self.string(bytes, length)
        recentStrings[slot] = RecentString(start: start, length: length, string: string)
        return string
    }

    /// Whether the `length` bytes at `a` and `b` are equal: word compares, no call for short runs.
    @inline(__always)
    static func equalBytes(_ a: UnsafePointer<UInt8>, _ b: UnsafePointer<UInt8>, _ length: Int) -> Bool {
        guard length >= 8 else {
            for index in 0..<length where a[index] != b[index] { return false }
            return true
        }
        var offset = 0
        while offset + 8 < length {
            guard word(a + offset) == word(b + offset) else { return false }
            offset += 8
        }
        return word(a + length - 8) == word(b + length - 8)
    }

    @inline(__always)
    static func word(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self)
    }
}
