/// Bookkeeping shared by the record-based KPIs: repeated ids and per-key groups, both by the records'
/// interned keys (``RecordCursor/key(_:)``), so nothing is hashed again.
struct RecordTally {
    private let id: Field<RecordID>?
    /// The id column's distinct ids, and how often each was met so far.
    private let ids: KeyIndex?
    private var seen: [Int32]
    /// The repeated ids (by key) in the order of their first repeat.
    private var repeatOrder: [Int] = []
    /// The records' groups, and the count and sum of each.
    private let groupKeys: RecordGroups?
    private var groups: [(count: Int, sum: Double)]

    /// A tally of `records` by the id in `id` (records without one always count) and by `groups`.
    init(_ records: Records, id: Field<RecordID>?, groups: RecordGroups? = nil) {
        self.id = id
        ids = id.map { records.keys($0) }
        seen = Array(repeating: 0, count: ids?.count ?? 0)
        groupKeys = groups
        self.groups = Array(repeating: (0, 0), count: groups?.count ?? 0)
    }

    /// Whether the current row of `record` is the first with its id.
    mutating func isFirst(_ record: RecordCursor) -> Bool {
        guard let id, let key = record.key(id) else { return true }
        seen[key] += 1
        if seen[key] == 2 { repeatOrder.append(key) }
        return seen[key] == 1
    }

    /// Adds `value` to the group of the current row of `record` (no group when it has none).
    mutating func add(_ value: Double, for record: RecordCursor) {
        guard let key = groupKeys?.group(of: record) else { return }
        groups[key].count += 1
        groups[key].sum += value
    }

    /// One warning per repeated id: `deals: id "d1" appears 2 times; only the first is counted`.
    func duplicateWarnings(_ records: String) -> [String] {
        repeatOrder.map { key in
            "\(records): id \(ids![key].quoted) appears \(seen[key]) times; only the first is counted"
        }
    }

    /// The groups `{ key, count, value = mean }` that hold a record, sorted by the key's Unicode code points.
    var sortedGroups: [KPIResult.Group] {
        RecordGroups.sorted(groups.indices.compactMap { index -> KPIResult.Group? in
            guard groups[index].count > 0 else { return nil }
            let group = groups[index]
            return KPIResult.Group(key: groupKeys!.keys[index], count: group.count, value: group.sum / Double(group.count))
        })
    }
}
