/// Every problem found in one request body, each located by a JSON Pointer (RFC 6901).
///
/// KPICore knows nothing of HTTP: the service turns this into a 422 problem whose `errors` list the issues.
public struct ValidationError: Error, Sendable, Equatable {
    /// One problem: where it is and what is wrong, in a plain sentence fragment.
    public struct Issue: Sendable, Equatable {
        /// RFC 6901 pointer into the request body, e.g. `/deals/3/closedAt`; `""` is the whole body.
        public var pointer: String
        /// What is wrong, e.g. `must be greater than 0`.
        public var detail: String

        /// An issue at `pointer`.
        public init(pointer: String, detail: String) {
            self.pointer = pointer
            self.detail = detail
        }
    }

    /// The problems, in the order they were found (never empty when thrown).
    public var issues: [Issue]

    /// Set when the problem is the request's cost (``WorkBudget``), not its content.
    public var work: Work? = nil

    /// An error holding `issues`.
    public init(issues: [Issue]) {
        self.issues = issues
    }

    /// An error holding one issue.
    public init(pointer: String, detail: String) {
        self.issues = [Issue(pointer: pointer, detail: detail)]
    }

    /// One sentence for a problem's `detail`: `newCustomers must be greater than 0`, followed by
    /// `(and 2 more problems)` when there are several.
    public var summary: String {
        guard let first = issues.first else { return "the request is invalid" }
        let head = "\(Self.fieldName(of: first.pointer)) \(first.detail)"
        switch issues.count {
        case 1: return head
        case 2: return "\(head) (and 1 more problem)"
        default: return "\(head) (and \(issues.count - 1) more problems)"
        }
    }

    /// The last reference token of `pointer`, unescaped (`/deals/3/closedAt` → `closedAt`), or `body` for `""`.
    /// An array index is named with its array: `/scores/7` → `scores[7]`.
    static func fieldName(of pointer: String) -> String {
        guard !pointer.isEmpty else { return "body" }
        let tokens = pointer.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map {
            $0.replacing("~1", with: "/").replacing("~0", with: "~")
        }
        guard let last = tokens.last else { return "body" }
        if !last.isEmpty, last.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), tokens.count >= 2 {
            return "\(tokens[tokens.count - 2])[\(last)]"
        }
        return String(last)
    }
}
