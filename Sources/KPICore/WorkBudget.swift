/// The most work one request may ask for, known before any of it is done.
///
/// Work is counted in record evaluations: each time the KPI reads one record (or one cell of a customer ×
/// month table) for one answer. A single KPI reads each record once; the records form of `/series` reads a
/// record once per point that holds it (an open ticket or deal in every period it is open), each month
/// window reads every row, and each scenario repeats the point's work. Past the limit the request is a 422
/// of type `too-much-work` that says the cost, the limit and what to shrink, instead of holding a worker
/// for seconds.
public enum WorkBudget {
    /// The default limit: about a quarter of a second of one core in a release build on the reference
    /// machine (`Benchmarks/hostile-bodies.sh`), far above any request of real data within the body limit.
    public static let defaultLimit = 1_000_000

    /// The limit in force for the work at hand: ``defaultLimit`` unless a caller bound another for the
    /// request it serves (`WorkBudget.$limit.withValue(n) { … }`, the service's `--max-work`).
    @TaskLocal public static var limit = defaultLimit

    /// `count × each`, saturating at `Int.max` (a cost is compared, never used to allocate).
    public static func product(_ count: Int, _ each: Int) -> Int {
        let (value, overflow) = count.multipliedReportingOverflow(by: each)
        return overflow ? .max : value
    }

    /// Throws the `too-much-work` problem at `pointer` when `cost` passes the limit.
    /// - Parameters:
    ///   - what: how the cost was counted (`12,000 deals × 400 periods`).
    ///   - shrink: what the caller can change to fit (`a longer period or a shorter from..to`).
    public static func check(_ cost: Int, at pointer: String, _ what: @autoclosure () -> String, shrink: @autoclosure () -> String) throws(ValidationError) {
        let limit = self.limit
        guard cost > limit else { return }
        throw ValidationError(
            work: .init(cost: cost, limit: limit),
            pointer: pointer,
            detail: "asks for \(cost) record evaluations (\(what())), more than the \(limit) one request may cost: \(shrink())")
    }
}

extension ValidationError {
    /// The cost of a request over ``WorkBudget/limit``.
    public struct Work: Sendable, Equatable {
        /// Record evaluations the request asks for.
        public var cost: Int
        /// The limit in force.
        public var limit: Int
    }

    /// An error for a request that asks for more work than the budget: one issue at `pointer`.
    init(work: Work, pointer: String, detail: String) {
        self.init(pointer: pointer, detail: detail)
        self.work = work
    }
}
