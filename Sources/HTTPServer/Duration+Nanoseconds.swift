extension Duration {
    /// The duration in whole nanoseconds, saturating at `Int64.max / 2` (about 146 years) so that a
    /// deadline `now + nanoseconds` on the monotonic clock never overflows.
    public var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let limit = Int64.max / 2
        let (scaled, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? -limit : limit }
        let (total, carry) = scaled.addingReportingOverflow(attoseconds / 1_000_000_000)
        if carry { return seconds < 0 ? -limit : limit }
        return min(max(total, -limit), limit)
    }

    /// The duration in whole milliseconds (saturating like ``nanoseconds``).
    public var milliseconds: Int64 { nanoseconds / 1_000_000 }
}
