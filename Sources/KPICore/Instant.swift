/// A point in time as whole seconds since 1970-01-01T00:00:00Z and the nanoseconds past them.
///
/// Kept apart so that the difference of two nearby date-times is exact: a double of epoch seconds has
/// a resolution of about 0.24 µs in 2024, which made a 1 µs sales cycle 4.6 % wrong.
struct Instant: Comparable, Hashable, Sendable {
    /// Whole seconds since the epoch (negative before 1970).
    var seconds: Int64
    /// Nanoseconds past `seconds`, from 0 to 999,999,999.
    var nanoseconds: Int32

    init(seconds: Int64, nanoseconds: Int32 = 0) {
        self.seconds = seconds
        self.nanoseconds = nanoseconds
    }

    /// Seconds from `earlier` to `self`: whole seconds and the fractions subtracted apart, then joined.
    func seconds(since earlier: Instant) -> Double {
        Double(seconds - earlier.seconds) + Double(nanoseconds - earlier.nanoseconds) / 1_000_000_000
    }

    static func < (lhs: Instant, rhs: Instant) -> Bool {
        (lhs.seconds, lhs.nanoseconds) < (rhs.seconds, rhs.nanoseconds)
    }
}
