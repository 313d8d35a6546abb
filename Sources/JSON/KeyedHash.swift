/// SipHash (Aumasson and Bernstein, 2012) with a secret 128-bit key: the hash of the tables that hold names
/// and keys taken from request bodies (``MemberNames``, KPICore's record key index).
///
/// An unkeyed hash lets a caller prepare names that all land in one slot, so that each insertion probes
/// every name before it (65,536 such names made 2³¹ probes); with a key chosen at random in each process,
/// names cannot be prepared in advance. SipHash-1-3 (one round per word, three to finish) is the variant
/// Swift's own `Hasher`, Rust and CPython use for the same purpose.
public struct KeyedHash: Sendable {
    private let k0: UInt64
    private let k1: UInt64
    /// SipRounds per 8-byte word, and at the end.
    private let compressionRounds: Int
    private let finalizationRounds: Int

    /// The key of this process, drawn at random when first used.
    public static let process = KeyedHash(k0: .random(in: .min ... .max), k1: .random(in: .min ... .max))

    /// SipHash-1-3 with the key `k0`, `k1` (tests fix it; the service uses ``process``).
    public init(k0: UInt64, k1: UInt64) {
        self.init(k0: k0, k1: k1, compressionRounds: 1, finalizationRounds: 3)
    }

    /// SipHash-c-d: SipHash-2-4 is the variant of the paper's test vectors.
    init(k0: UInt64, k1: UInt64, compressionRounds: Int, finalizationRounds: Int) {
        self.k0 = k0
        self.k1 = k1
        self.compressionRounds = compressionRounds
        self.finalizationRounds = finalizationRounds
    }

    /// The hash of `bytes`.
    @inline(__always)
    public func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var state = State(k0: k0, k1: k1)
        var index = 0
        if let base = bytes.baseAddress {
            while index + 8 <= bytes.count {
                absorb(UInt64(littleEndian: UnsafeRawPointer(base + index).loadUnaligned(as: UInt64.self)), into: &state)
                index += 8
            }
        }
        var last = UInt64(truncatingIfNeeded: bytes.count) << 56
        var shift: UInt64 = 0
        while index < bytes.count {
            last |= UInt64(bytes[index]) << shift
            shift += 8
            index += 1
        }
        absorb(last, into: &state)
        return finish(&state)
    }

    /// The hash of the 8 bytes of `value` (little-endian), for integer keys.
    @inline(__always)
    public func hash(_ value: UInt64) -> UInt64 {
        var state = State(k0: k0, k1: k1)
        absorb(value, into: &state)
        absorb(8 << 56, into: &state)
        return finish(&state)
    }

    private struct State {
        var v0, v1, v2, v3: UInt64

        init(k0: UInt64, k1: UInt64) {
            v0 = k0 ^ 0x736f_6d65_7073_6575
            v1 = k1 ^ 0x646f_7261_6e64_6f6d
            v2 = k0 ^ 0x6c79_6765_6e65_7261
            v3 = k1 ^ 0x7465_6462_7974_6573
        }

        @inline(__always)
        mutating func round() {
            v0 &+= v1; v1 = v1.rotated(13); v1 ^= v0; v0 = v0.rotated(32)
            v2 &+= v3; v3 = v3.rotated(16); v3 ^= v2
            v0 &+= v3; v3 = v3.rotated(21); v3 ^= v0
            v2 &+= v1; v1 = v1.rotated(17); v1 ^= v2; v2 = v2.rotated(32)
        }
    }

    @inline(__always)
    private func absorb(_ word: UInt64, into state: inout State) {
        state.v3 ^= word
        for _ in 0..<compressionRounds { state.round() }
        state.v0 ^= word
    }

    @inline(__always)
    private func finish(_ state: inout State) -> UInt64 {
        state.v2 ^= 0xff
        for _ in 0..<finalizationRounds { state.round() }
        return state.v0 ^ state.v1 ^ state.v2 ^ state.v3
    }
}

extension UInt64 {
    @inline(__always)
    fileprivate func rotated(_ count: UInt64) -> UInt64 { self << count | self >> (64 - count) }
}
