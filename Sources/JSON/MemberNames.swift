#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The member names of the objects a ``JSONCursor`` has open, kept as byte ranges to find repeats.
///
/// A name without escapes is a range of the document (no copy); one with escapes is decoded into `arena`.
/// An object's first 16 names are compared linearly on a shared stack; past that the object gets an
/// open-addressing table of its own. Costs at most about 8 bytes a name on the stack or 11 in a table,
/// less than the shortest member text that adds a name (`"ab":0,` is 7 bytes) would suggest is safe
/// (JSON text of a name is at least its bytes plus 4). The tables hash with a secret key (``KeyedHash``), so
/// that names cannot be chosen to collide.
struct MemberNames {
    /// One open object's share of the names.
    struct Scope {
        var start: Int
        var arenaStart: Int
        /// Set once the object has more than ``MemberNames/linearLimit`` names.
        var table: [UInt64]? = nil
        var tableCount = 0
    }

    /// Objects up to this many members are checked by a linear scan.
    static let linearLimit = 16
    /// Marks a name held in `arena` rather than in the document.
    private static let arenaFlag: UInt64 = 1 << 63

    private var stack: [UInt64] = []
    private var arena: [UInt8] = []
    private let keyedHash: KeyedHash
    /// Slots visited by table insertions so far (rehashing included): the work the names have cost.
    private(set) var probes = 0

    /// Names hashed with `keyedHash` (tests fix its key).
    init(keyedHash: KeyedHash = .process) {
        self.keyedHash = keyedHash
    }

    mutating func open() -> Scope {
        Scope(start: stack.count, arenaStart: arena.count)
    }

    mutating func close(_ scope: Scope) {
        if stack.count > scope.start { stack.removeSubrange(scope.start...) }
        if arena.count > scope.arenaStart { arena.removeSubrange(scope.arenaStart...) }
    }

    /// Adds `name` (whose text starts at `offset` in the document at `base`) to the object of `scope`;
    /// `false` when the object already has a member of that name.
    mutating func insert(
        _ name: String, at offset: Int, escaped: Bool, in scope: inout Scope, base: UnsafePointer<UInt8>
    ) -> Bool {
        let length = UInt64(name.utf8.count)
        let reference: UInt64
        if escaped {
            reference = Self.arenaFlag | UInt64(arena.count) << 32 | length
            arena.append(contentsOf: name.utf8)
        } else {
            reference = UInt64(offset) << 32 | length
        }
        if scope.table != nil { return insertInTable(reference, scope: &scope, base: base) }
        for index in scope.start..<stack.count where equal(stack[index], reference, base: base) { return false }
        stack.append(reference)
        if stack.count - scope.start > Self.linearLimit {
            // Move the object's names into a table of its own; nothing is stacked above them now.
            scope.table = Array(repeating: 0, count: 64)
            for index in scope.start..<stack.count { _ = insertInTable(stack[index], scope: &scope, base: base) }
            stack.removeSubrange(scope.start...)
        }
        return true
    }

    private mutating func insertInTable(_ reference: UInt64, scope: inout Scope, base: UnsafePointer<UInt8>) -> Bool {
        if (scope.tableCount + 1) * 4 > scope.table!.count * 3 { grow(&scope, base: base) }
        let mask = scope.table!.count - 1
        var slot = Int(truncatingIfNeeded: hash(reference, base: base)) & mask
        // Stored references are never 0: a name's offset in the document is past the opening `{"`, or the
        // reference carries the arena flag.
        while scope.table![slot] != 0 {
            probes += 1
            if equal(scope.table![slot], reference, base: base) { return false }
            slot = (slot + 1) & mask
        }
        scope.table![slot] = reference
        scope.tableCount += 1
        return true
    }

    private mutating func grow(_ scope: inout Scope, base: UnsafePointer<UInt8>) {
        let old = scope.table!
        var table = [UInt64](repeating: 0, count: old.count * 2)
        let mask = table.count - 1
        for reference in old where reference != 0 {
            var slot = Int(truncatingIfNeeded: hash(reference, base: base)) & mask
            while table[slot] != 0 {
                probes += 1
                slot = (slot + 1) & mask
            }
            table[slot] = reference
        }
        scope.table = table
    }

    private func bytes<R>(_ reference: UInt64, base: UnsafePointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) -> R) -> R {
        let offset = Int(truncatingIfNeeded: (reference & ~Self.arenaFlag) >> 32)
        let length = Int(truncatingIfNeeded: reference & 0xFFFF_FFFF)
        if reference & Self.arenaFlag != 0 {
            return arena.withUnsafeBufferPointer { body(UnsafeBufferPointer(rebasing: $0[offset..<offset + length])) }
        }
        return body(UnsafeBufferPointer(start: base + offset, count: length))
    }

    private func equal(_ a: UInt64, _ b: UInt64, base: UnsafePointer<UInt8>) -> Bool {
        guard a & 0xFFFF_FFFF == b & 0xFFFF_FFFF else { return false }
        return bytes(a, base: base) { first in
            bytes(b, base: base) { second in
                guard let x = first.baseAddress, let y = second.baseAddress else { return true }
                return memcmp(x, y, first.count) == 0
            }
        }
    }

    /// The keyed hash of the name's bytes.
    private func hash(_ reference: UInt64, base: UnsafePointer<UInt8>) -> UInt64 {
        bytes(reference, base: base) { keyedHash.hash($0) }
    }
}
