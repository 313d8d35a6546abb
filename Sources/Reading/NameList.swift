/// Distinct names in the order first met, at most `limit` of them (the rest only counted): the unknown
/// columns a body's records hold, kept once each however many rows repeat them.
public struct NameList: Sendable, Equatable {
    /// The names kept, in the order first met.
    public private(set) var names: [String] = []
    /// How many distinct names were met beyond ``limit`` (counted once each only while under the limit; a
    /// name met again past it may be counted again).
    public private(set) var overflow = 0
    private var kept: Set<String> = []
    /// The most names kept.
    public let limit: Int

    /// An empty list keeping at most `limit` names.
    public init(limit: Int) {
        self.limit = limit
    }

    /// Adds `name` unless it is kept already.
    public mutating func insert(_ name: String) {
        guard !kept.contains(name) else { return }
        guard names.count < limit else { overflow += 1; return }
        kept.insert(name)
        names.append(name)
    }

    /// `names` quoted and joined for a sentence, each cut to 60 characters, at most 20 of them followed by
    /// how many more: `"Amount", "Deal Stage" and 3 more`.
    public static func quoted(_ names: [String], more: Int = 0) -> String {
        let shown = names.prefix(20).map { name in
            "\"" + (name.count > 60 ? name.prefix(59) + "…" : name) + "\""
        }
        let rest = names.count - shown.count + more
        return shown.joined(separator: ", ") + (rest > 0 ? " and \(rest) more" : "")
    }
}
