import JSON
import Statistics

extension KPIDefinition {
    /// The body of `POST /sales-cycle-length`.
    private struct SalesCycleInputs {
        let deal = DealFields(
            createdAt: "When the deal was created (ISO 8601 date or date-time with offset).",
            closedAt: "When the deal was won or lost (not before createdAt; a date alone counts calendar days). Absent or null while open (then give asOf); an open deal's closedAt (an expected close date) is not read.",
            closedAtExample: "2024-03-31T12:00:00Z",
            outcome: "won, lost or open. Without it a deal with closedAt is won and one without is open. A won or lost deal needs closedAt.")
        let deals: Field<Records>
        let include: Field<String>
        let asOf: Field<Instant>
        let specs: [InputSpec]

        init() {
            var list = FieldList()
            deals = list.add(InputSpec("deals", .records(deal.specs), minItems: 1, doc: "Deals: won, lost and open ones (open ones with asOf).",
                                       example: [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31", "rep": "alice"],
                                                 ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob"]]))
            include = list.add(InputSpec(
                "include", .choice(["won", "closed"]), .optional,
                doc: "Which deals the cycle is measured over: won (default) or closed (won and lost). Lost deals are counted in breakdown.lostDeals either way.",
                example: "won"))
            asOf = list.add(InputSpec(
                "asOf", .date, .optional,
                doc: "The moment open deals are aged to (required when a deal is open; no deal is created, won or lost after it).",
                example: "2024-04-15"))
            specs = list.specs
        }
    }

    private static let salesCycleInputs = SalesCycleInputs()

    /// Sales cycle length: mean days from a deal's creation to its win (or close, with `include: "closed"`).
    static let salesCycleLength = KPIDefinition(
        id: "sales-cycle-length", name: "Sales Cycle Length",
        summary: "Mean days from deal creation to win (or to close, with lost deals), with median, p90, per-rep groups, a test of each rep against the rest, and lost, open and stale deals.",
        formula: "salesCycleLength = totalDays / deals", unit: .days, betterDirection: .lower, statistics: .meanOverRecords,
        inputs: salesCycleInputs.specs,
        example: ["deals": [["id": "d-1", "createdAt": "2024-03-01", "closedAt": "2024-03-31", "rep": "alice"],
                            ["id": "d-2", "createdAt": "2024-03-05", "closedAt": "2024-03-15", "rep": "bob"]]],
        // A series buckets deals by when they closed; one still open at a period's end counts in that
        // period's openDeals (and staleDeals). An open deal's expected closedAt is no event.
        events: EventDate(
            records: salesCycleInputs.deals, date: salesCycleInputs.deal.closedAt, id: salesCycleInputs.deal.id,
            openedAt: salesCycleInputs.deal.createdAt, outcome: salesCycleInputs.deal.outcome)
    ) { values, reader in
        let inputs = salesCycleInputs
        let fields = inputs.deal
        guard let deals = values[inputs.deals] else { return nil }
        let includeLost = values[inputs.include] == "closed"
        var tally = RecordTally(deals, id: fields.id, groups: reader.groups(of: deals, default: fields.rep))
        var days: [Double] = []
        days.reserveCapacity(deals.count)
        // Each rep's count, mean and squared deviations, updated deal by deal (Welford): no array per deal.
        var reps = [RunningMoments](repeating: RunningMoments(), count: deals.keys(fields.rep).count)
        // Each open deal's age in days and its row (its id is read only if it turns out stale).
        var openAges: [(days: Double, row: Int32)] = []
        var lostDeals: Int64 = 0
        var firstOpenRow: Int? = nil
        let zone = values.timeZone
        // A date alone as asOf means the end of that day (ages from it still count calendar days).
        let givenAsOf = values[inputs.asOf]
        // In a series bucket, the deals as they stood at the period's end: one closed later was still open
        // then, and one created later did not exist yet.
        let bucketAsOf = values.asOf
        let asOf = if let givenAsOf, let bucketAsOf, bucketAsOf < givenAsOf.endOfDay(in: zone) { bucketAsOf } else { givenAsOf ?? bucketAsOf }
        var deal = deals.makeCursor()
        while deal.next() {
            guard let created = deal[fields.createdAt] else { continue }
            guard var outcome = DealOutcome.of(deal, closedAt: fields.closedAt, outcome: fields.outcome, reader: &reader) else { continue }
            // An open deal's closedAt is an expected date at best: not read, so not checked either.
            var closed = outcome == .open ? nil : deal[fields.closedAt]
            if let closed, closed.isBefore(created, in: zone) {
                reader.issue("/deals/\(deal.row)/closedAt", "must not be before createdAt")
                continue
            }
            if let givenAsOf, let text = values.text(inputs.asOf) {
                if givenAsOf.isBefore(created, in: zone) { reader.issue("/deals/\(deal.row)/createdAt", "must not be after asOf (\(text))") }
                if let closed, givenAsOf.isBefore(closed, in: zone) { reader.issue("/deals/\(deal.row)/closedAt", "must not be after asOf (\(text))") }
            }
            if let bucketAsOf {
                guard created < bucketAsOf else { continue }
                if let at = closed, !(at < bucketAsOf) {
                    closed = nil
                    outcome = .open
                }
            }
            guard reader.isClean, tally.isFirst(deal) else { continue }
            if outcome == .lost { lostDeals += 1 }
            if let closed, outcome == .won || includeLost {
                let d = closed.days(since: created, in: zone)
                days.append(d)
                if let rep = deal.key(fields.rep) { reps[rep].add(d) }
                tally.add(d, for: deal)
            } else if outcome == .open {
                if let asOf {
                    openAges.append((asOf.days(since: created, in: zone), Int32(truncatingIfNeeded: deal.row)))
                } else if firstOpenRow == nil {
                    firstOpenRow = deal.row
                }
            }
        }
        if let firstOpenRow { reader.issue("/asOf", "is required when a deal is open (/deals/\(firstOpenRow) is open)") }
        guard reader.isClean else { return nil }
        guard !days.isEmpty else {
            reader.issue("/deals", includeLost ? "must hold at least one won or lost deal" : "must hold at least one won deal (include: \"closed\" adds lost ones)")
            return nil
        }
        var warnings = tally.duplicateWarnings("deals")
        warnings += slowerRepWarnings(reps, deals.keys(fields.rep))
        var computation = Computation.durations(
            &days, unit: "Days", records: "deals", symbol: "salesCycleLength",
            extra: [], groups: tally.sortedGroups, warnings: warnings)
        // Open longer than 90 % of the included deals took to close: lagging behind the usual close window.
        let p90 = Statistics.percentile(&days, 0.9)
        let stale = openAges.filter { $0.days > p90 }
        computation.breakdown.insert(
            contentsOf: [.init("lostDeals", lostDeals), .init("openDeals", Int64(openAges.count)), .init("staleDeals", Int64(stale.count))],
            at: 1)
        // The stale deals' ids, to chase them, when they have any.
        var staleIds: [JSONValue] = []
        var staleDeal = RecordCursor(deals, selection: stale.map(\.row))
        while staleDeal.next() {
            switch staleDeal[fields.id] {
            case .string(let id)?: staleIds.append(.string(id))
            case .integer(let id)?: staleIds.append(.number(JSONNumber(id)))
            case nil: break
            }
        }
        if !staleIds.isEmpty { computation.breakdown.insert(.init("staleDealIds", list: staleIds), at: 4) }
        if !stale.isEmpty {
            computation.warnings.append(
                "\(stale.count) of \(openAges.count) open \(openAges.count == 1 ? "deal has" : "deals have") been open longer than 90 % of \(includeLost ? "closed" : "won") deals took to close (p90 \(rounded(p90, 2).formatted) days).")
        }
        return computation
    }

    /// One warning per rep whose deals take significantly longer to close than the other reps' deals:
    /// Welch's t-test (``Statistics/welch(meanA:varianceA:countA:meanB:varianceB:countB:)``) of the rep's
    /// cycles against every other rep's, one-sided (the alternative: the rep is slower) at 5 %, for reps
    /// with at least 2 deals against at least 2 others. Each rep is tested on its own, with no correction
    /// for testing several. `reps` holds the rep key of each of `days`, or −1.
    private static func slowerRepWarnings(_ reps: [RunningMoments], _ keys: KeyIndex) -> [String] {
        guard keys.count >= 2 else { return [] }
        let count = reps.map(\.count)
        let mean = reps.map(\.mean)
        let squares = reps.map(\.squares)
        // The same over every rep's deals, by Chan et al.'s pairwise combination.
        var all = (count: 0, mean: 0.0, squares: 0.0)
        for k in mean.indices where count[k] > 0 {
            let n = all.count + count[k]
            let delta = mean[k] - all.mean
            all.squares += squares[k] + delta * delta * Double(all.count) * Double(count[k]) / Double(n)
            all.mean += delta * Double(count[k]) / Double(n)
            all.count = n
        }
        var found: [(key: String, warning: String)] = []
        for k in mean.indices where count[k] >= 2 && all.count - count[k] >= 2 {
            // The other reps' deals: the whole less this rep (Chan's combination solved for the other part).
            let othersCount = all.count - count[k]
            let othersMean = (all.mean * Double(all.count) - mean[k] * Double(count[k])) / Double(othersCount)
            let delta = mean[k] - othersMean
            let othersSquares = max(0, all.squares - squares[k] - delta * delta * Double(count[k]) * Double(othersCount) / Double(all.count))
            guard let welch = Statistics.welch(
                meanA: othersMean, varianceA: othersSquares / Double(othersCount - 1), countA: othersCount,
                meanB: mean[k], varianceB: squares[k] / Double(count[k] - 1), countB: count[k])
            else { continue }
            let t = welch.test.statistic
            // One-sided: P(T ≥ t), half the two-sided p-value when t > 0.
            let p = t > 0 ? welch.test.pValue / 2 : 1 - welch.test.pValue / 2
            guard t > 0, p < Change.alpha, case .string(let rep) = keys[k] else { continue }
            let pText = p < 0.0001 ? "p < 0.0001" : "p = \(rounded(p, 4).formatted)"
            found.append((rep, "Rep \(RecordID.string(rep).quoted) takes significantly longer to close than the other reps: mean \(rounded(mean[k], 2).formatted) days over \(count[k]) deals vs \(rounded(othersMean, 2).formatted) over \(othersCount) (Welch's t-test, one-sided, rep slower: t = \(rounded(t, 2).formatted), df = \(rounded(welch.degreesOfFreedom, 1).formatted), \(pText))."))
        }
        return found.sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }.map(\.warning)
    }

    /// `x` rounded to `places` decimals, for reading in a warning (the exact numbers are in the breakdown).
    private static func rounded(_ x: Double, _ places: Int) -> Double {
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        return (x * scale).rounded() / scale
    }
}

/// Count, mean and sum of squared deviations of values added one at a time (Welford's method: no cancellation,
/// nothing kept per value).
struct RunningMoments {
    private(set) var count = 0
    private(set) var mean = 0.0
    private(set) var squares = 0.0

    /// Adds `x`.
    mutating func add(_ x: Double) {
        count += 1
        let delta = x - mean
        mean += delta / Double(count)
        squares += delta * (x - mean)
    }
}
