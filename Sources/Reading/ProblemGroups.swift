/// Record problems grouped by what they are: each distinct problem (a field and what is wrong with it) once,
/// with how many rows have it and the pointers of the first three. The `grouped` member of a 422 over
/// records, and the `problems` of a result's `skipped`.
public struct ProblemGroups: Sendable, Equatable {
    /// One distinct problem.
    public struct Group: Sendable, Equatable {
        /// The field within a record (`createdAt`; `history/enteredAt` for a nested one; `""` for the whole record).
        public var field: String
        /// What is wrong, as each row's issue says it.
        public var detail: String
        /// How many rows have it.
        public var rows: Int
        /// The pointers of the first three (`/deals/17/createdAt`).
        public var first: [String]
    }

    /// At most this many distinct problems are kept; the rest are counted in ``more``.
    public static let groupLimit = 100

    /// The groups, in the order their problems were first met.
    public private(set) var groups: [Group] = []
    /// Problems of groups beyond ``groupLimit``.
    public private(set) var more = 0
    private var index: [String: Int] = [:]

    /// No groups.
    public init() {}

    /// Groups the problems among `issues` (pointer, detail) that are about one record of an array: those
    /// whose pointer has an array index (`/deals/17/createdAt`, `/input/deals/3`). A detail's place in a line
    /// body (` (line 4, column 3)`) and the value it met are left out, so that one problem on many lines is
    /// one group.
    public init<Issues: Sequence>(_ issues: Issues) where Issues.Element == (pointer: String, detail: String) {
        for issue in issues {
            guard let field = Self.field(of: issue.pointer) else { continue }
            add(field: field, detail: issue.detail, pointer: issue.pointer)
        }
    }

    /// Counts one row's problem (its detail without place and value met).
    public mutating func add(field: String, detail: String, pointer: String) {
        let detail = ValueMet.withoutValue(Self.withoutPlace(detail))
        let key = field + "\u{0}" + detail
        if let at = index[key] {
            groups[at].rows += 1
            if groups[at].first.count < 3 { groups[at].first.append(pointer) }
            return
        }
        guard groups.count < Self.groupLimit else { more += 1; return }
        index[key] = groups.count
        groups.append(Group(field: field, detail: detail, rows: 1, first: [pointer]))
    }

    /// The field a record problem's pointer names: the tokens after its first array index, other indices left
    /// out (`/deals/3/history/0/enteredAt` → `history/enteredAt`); `nil` when the pointer has no index.
    public static func field(of pointer: String) -> String? {
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst()
        guard let row = tokens.firstIndex(where: isIndex) else { return nil }
        return tokens[(row + 1)...].filter { !isIndex($0) }.joined(separator: "/")
    }

    private static func isIndex(_ token: Substring) -> Bool {
        !token.isEmpty && token.utf8.allSatisfy { $0 >= UInt8(ascii: "0") && $0 <= UInt8(ascii: "9") }
    }

    /// `detail` without the place a line body adds at its end (` (line 4)`, ` (line 4, column 3)`).
    static func withoutPlace(_ detail: String) -> String {
        guard detail.hasSuffix(")"), let open = detail.ranges(of: " (line ").last else { return detail }
        return String(detail[..<open.lowerBound])
    }
}
