/// Bookkeeping shared by the record-based KPIs: repeated ids and per-key groups.
struct RecordTally {
    private var seen: Set<RecordID> = []
    private var repeats: [RecordID: Int] = [:]
    private var repeatOrder: [RecordID] = []
    private var groups: [String: (count: Int, sum: Double)] = [:]

    /// A tally for about `records` records.
    init(records: Int) {
        seen.reserveCapacity(records)
    }

    /// Whether the record with `id` is the first with that id (records without an id always count).
    mutating func isFirst(_ id: RecordID?) -> Bool {
        guard let id else { return true }
        if seen.insert(id).inserted { return true }
        if repeats[id] == nil { repeatOrder.append(id) }
        repeats[id, default: 1] += 1
        return false
    }

    /// Adds a record's value to the group `key` (no group when `key` is `nil`).
    mutating func add(_ value: Double, to key: String?) {
        guard let key else { return }
        func accumulate(_ group: inout (count: Int, sum: Double)) {
            group.count += 1
            group.sum += value
        }
        accumulate(&groups[key, default: (0, 0)])
    }

    /// One warning per repeated id: `deals: id "d1" appears 2 times; only the first is counted`.
    func duplicateWarnings(_ records: String) -> [String] {
        repeatOrder.map { id in
            "\(records): id \(id.quoted) appears \(repeats[id] ?? 2) times; only the first is counted"
        }
    }

    /// The groups `{ key, count, value = mean }`, sorted by the key's Unicode code points.
    var sortedGroups: [KPIResult.Group] {
        groups.map { KPIResult.Group(key: $0.key, count: $0.value.count, value: $0.value.sum / Double($0.value.count)) }
            .sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }
}
