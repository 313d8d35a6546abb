/// Bookkeeping shared by the record-based KPIs: repeated ids and per-key groups.
struct RecordTally {
    private var ids: KeyIndex
    /// How often each repeated id (by its index in `ids`) appears.
    private var repeats: [Int: Int] = [:]
    /// The repeated ids (by index) in the order of their first repeat.
    private var repeatOrder: [Int] = []
    private var groupKeys = KeyIndex(capacity: 8)
    /// Count and sum of each group, by the index of its key in `groupKeys`.
    private var groups: [(count: Int, sum: Double)] = []

    /// A tally for about `records` records.
    init(records: Int) {
        ids = KeyIndex(capacity: records)
    }

    /// Whether the record with `id` is the first with that id (records without an id always count).
    mutating func isFirst(_ id: RecordID?) -> Bool {
        guard let id else { return true }
        let (index, inserted) = ids.insert(id)
        if inserted { return true }
        if repeats[index] == nil { repeatOrder.append(index) }
        repeats[index, default: 1] += 1
        return false
    }

    /// Adds a record's value to the group `key` (no group when `key` is `nil`).
    mutating func add(_ value: Double, to key: String?) {
        guard let key else { return }
        let (index, inserted) = groupKeys.insert(.string(key))
        if inserted { groups.append((0, 0)) }
        groups[index].count += 1
        groups[index].sum += value
    }

    /// One warning per repeated id: `deals: id "d1" appears 2 times; only the first is counted`.
    func duplicateWarnings(_ records: String) -> [String] {
        repeatOrder.map { index in
            "\(records): id \(ids.keys[index].quoted) appears \(repeats[index] ?? 2) times; only the first is counted"
        }
    }

    /// The groups `{ key, count, value = mean }`, sorted by the key's Unicode code points.
    var sortedGroups: [KPIResult.Group] {
        groups.indices.compactMap { index -> KPIResult.Group? in
            guard case .string(let key) = groupKeys.keys[index] else { return nil }
            let group = groups[index]
            return KPIResult.Group(key: key, count: group.count, value: group.sum / Double(group.count))
        }
        .sorted { $0.key.unicodeScalars.lexicographicallyPrecedes($1.key.unicodeScalars) }
    }
}
