/// The unit of a KPI value.
public enum KPIUnit: String, Sendable, CaseIterable {
    /// Money, in the caller's currency.
    case currency
    /// A rate in percent (`30` means 30 %).
    case percent
    /// A plain ratio (`3` means 3 : 1).
    case ratio
    /// A duration in days.
    case days
    /// A duration in hours.
    case hours
    /// A duration in months.
    case months
    /// A score (NPS, −100…100).
    case score
    /// A number of things.
    case count
}

/// Which way a KPI improves; a `target`'s direction defaults from it.
public enum BetterDirection: String, Sendable, CaseIterable {
    /// Higher values are better (goal direction `atLeast`).
    case higher
    /// Lower values are better (goal direction `atMost`).
    case lower
}
