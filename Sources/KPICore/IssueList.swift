/// Issues collected up to a limit: the first ``limit`` are listed, the rest only counted, and ``issues``
/// ends with one issue saying how many more there were. A body of a million bad values (or unknown members,
/// or query parameters, or CSV columns) must not become a problem document fifty times its size, nor hold a
/// string per problem while it is read.
public struct IssueList: Sendable {
    /// At most this many issues are listed.
    public static let limit = 1000

    private var listed: [ValidationError.Issue] = []
    private var unlisted = 0
    /// Set when the reader stopped looking for issues (the count of the unlisted ones is then a minimum).
    private var stoppedLooking = false
    /// Set once the request asks for more work than ``WorkBudget`` allows: the error is then of type
    /// `too-much-work` (its issue is listed with the rest).
    public var work: ValidationError.Work?

    /// An empty list.
    public init() {}

    /// Whether no issue has been recorded.
    public var isEmpty: Bool { listed.isEmpty }

    /// Whether ``limit`` issues are listed already: later ones are only counted.
    public var isFull: Bool { listed.count >= Self.limit }

    /// The issues, with a final `""` issue counting those beyond ``limit``: `has 12 more problems not listed`,
    /// or `has at least 12 more …` once the reader stopped looking (``stopLooking()``).
    public var issues: [ValidationError.Issue] {
        guard unlisted > 0 || stoppedLooking else { return listed }
        let more = stoppedLooking ? "at least \(unlisted)" : "\(unlisted)"
        return listed + [.init(pointer: "", detail: "has \(more) more problems not listed")]
    }

    /// The issues as the error a reader throws (over budget when ``work`` is set).
    public var validationError: ValidationError {
        var error = ValidationError(issues: issues)
        error.work = work
        return error
    }

    /// Records an issue at `pointer`; its strings are built only while the list is not full.
    public mutating func append(_ pointer: @autoclosure () -> String, _ detail: @autoclosure () -> String) {
        guard !isFull else {
            unlisted += 1
            return
        }
        listed.append(ValidationError.Issue(pointer: pointer(), detail: detail()))
    }

    /// Records `issue`.
    public mutating func append(_ issue: ValidationError.Issue) {
        append(issue.pointer, issue.detail)
    }

    /// Records each of `issues`, with `prefix` before its pointer (`/a`, `/points/3`).
    public mutating func append(contentsOf issues: some Sequence<ValidationError.Issue>, prefix: String = "") {
        for issue in issues { append(prefix + issue.pointer, issue.detail) }
    }

    /// Records `error`'s issues, with `prefix` before each pointer, and its cost when it is over budget.
    public mutating func append(contentsOf error: ValidationError, prefix: String = "") {
        append(contentsOf: error.issues, prefix: prefix)
        work = work ?? error.work
    }

    /// Notes that the reader stopped looking for more issues (it no longer stores what it reads, so some
    /// issues that depend on it go unseen).
    public mutating func stopLooking() {
        stoppedLooking = true
    }
}
