import Foundation

/// The number of month starts in `(start, end]` (seconds since 1970), counted with Foundation's `calendar`: the
/// independent count the billing-line tests check ``BillingPeriod/monthsCovered`` against.
func foundationMonthsCovered(start: Int64, end: Int64, calendar: Calendar) -> Int {
    let endDate = Date(timeIntervalSince1970: TimeInterval(end))
    var monthStart = calendar.date(from: calendar.dateComponents([.year, .month], from: Date(timeIntervalSince1970: TimeInterval(start))))!
    var covered = 0
    while true {
        monthStart = calendar.date(byAdding: .month, value: 1, to: monthStart)!
        guard monthStart <= endDate else { return covered }
        covered += 1
    }
}
