#if canImport(Glibc)
import Glibc
#endif

/// The member names a caller expects in the objects it reads (the fields of a record, say), matched from
/// their bytes in the document: no `String` is built for a listed name, and a repeated listed name is found
/// with one bit per name instead of the general repeat check.
public struct MemberTable: Sendable {
    /// The names' UTF-8 bytes, in the caller's order.
    private let names: [[UInt8]]

    /// A table of `names` (at most 64, all different).
    public init(_ names: [String]) {
        precondition(names.count <= 64, "a member table holds at most 64 names")
        precondition(Set(names).count == names.count, "a member table's names are all different")
        self.names = names.map { Array($0.utf8) }
    }

    /// The index of the name whose bytes are `bytes`, trying `guess` first.
    @inline(__always)
    func index(of bytes: UnsafeBufferPointer<UInt8>, guess: Int) -> Int? {
        if guess < names.count, matches(names[guess], bytes) { return guess }
        for index in names.indices where matches(names[index], bytes) { return index }
        return nil
    }

    @inline(__always)
    private func matches(_ name: [UInt8], _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        name.count == bytes.count && name.withUnsafeBufferPointer { name in
            memcmp(name.baseAddress!, bytes.baseAddress!, bytes.count) == 0
        }
    }
}

/// A member name as ``JSONCursor/nextMember(of:in:)`` reports it.
public enum Member: Equatable {
    /// The name at this index of the ``MemberTable``.
    case listed(Int)
    /// A name the table does not list.
    case unlisted(String)
}

extension JSONCursor {
    /// The next member's name matched against `table`, with the cursor on its value (which the caller must
    /// read or skip), or `nil` after the closing `}`. The same rules as ``nextMember(of:)``: a repeated name,
    /// listed or not, escaped or not, throws.
    public mutating func nextMember(of scope: inout ObjectScope, in table: MemberTable) throws(JSONParseError) -> Member? {
        guard try enterMember(of: &scope) else { return nil }
        let start = parser.pos
        let escaped = try parser.skipString()
        let member: Member
        if !escaped, let index = table.index(
            of: UnsafeBufferPointer(start: parser.base + start + 1, count: parser.pos - start - 2), guess: scope.guess)
        {
            member = .listed(index)
        } else {
            // A name with escapes is decoded first: `"created\u0041t"` is `createdAt`.
            parser.pos = start
            let name = try parser.parseString()
            let index = escaped ? name.utf8.withContiguousStorageIfAvailable { table.index(of: $0, guess: scope.guess) } ?? nil : nil
            if let index {
                member = .listed(index)
            } else {
                try insertUnlisted(name, at: start, in: &scope)
                member = .unlisted(name)
            }
        }
        if case .listed(let index) = member {
            let bit: UInt64 = 1 << UInt64(index)
            guard scope.seen & bit == 0 else {
                parser.pos = start
                throw parser.duplicate(try parser.parseString(), at: start)
            }
            scope.seen |= bit
            scope.guess = index + 1
        }
        try expectColon()
        return member
    }
}
