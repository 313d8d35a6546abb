/// One IANA time zone, resolved once per request (``ZoneInfo/rules(named:)``) into a table of its UT offset
/// changes, and read with binary searches: no allocation per date.
///
/// Why the system's TZif files and not Foundation's `TimeZone`: the service links no Foundation (it would add
/// Foundation and ICU's data, tens of megabytes, to a binary of a few, and to the image), `TimeZone` answers
/// one `Date` at a time through a class with locks and has no "compatible" rule for a local time that occurs
/// twice or not at all, while the TZif file (RFC 8536) is the very table needed: the instants at which the
/// offset changes. The runtime image installs Debian's `tzdata` for it (about 3 MB).
///
/// - Instants to local time: the offset in force at the last transition at or before the instant; before the
///   first, time type 0's; after the last, the footer's POSIX TZ rule (``PosixTimeZone``), so 2100 follows the
///   rules in force today.
/// - Local time to instants (``instant(local:)``): RFC 9557's "compatible" disambiguation (JavaScript
///   Temporal's default): a local time that occurs twice is the earlier instant, one that does not occur
///   (skipped by a change) moves forward by the length of the gap. The offsets a day before and a day after
///   are the candidates, as Temporal's reference does: two changes less than two days apart (a few in the
///   19th and early 20th centuries) could be read with the wrong one.
public final class TimeZoneRules: Sendable, Equatable, CustomStringConvertible {
    /// The zone's IANA name (`America/New_York`), as given.
    public let name: String
    /// The instants at which the offset changes, ascending.
    private let transitions: [Int64]
    /// The offset in seconds east of UTC from each transition on.
    private let offsets: [Int32]
    /// The offset before the first transition.
    private let initialOffset: Int32
    /// The rule after the last transition, when the file has one.
    private let footer: PosixTimeZone?

    /// Coordinated Universal Time: no offset, ever (what dates are read in without the `timeZone` option).
    public static let utc = TimeZoneRules(name: "UTC", transitions: [], offsets: [], initialOffset: 0, footer: nil)

    init(name: String, transitions: [Int64], offsets: [Int32], initialOffset: Int32, footer: PosixTimeZone?) {
        self.name = name
        self.transitions = transitions
        self.offsets = offsets
        self.initialOffset = initialOffset
        self.footer = footer
    }

    /// The zone `name` made of a TZif file's contents; `nil` when its footer is present but is no TZ string.
    convenience init?(name: String, tzif: TZif.Contents) {
        var footer: PosixTimeZone? = nil
        if !tzif.footer.isEmpty {
            guard let rule = PosixTimeZone(tzif.footer) else { return nil }
            footer = rule
        }
        self.init(name: name, transitions: tzif.transitions, offsets: tzif.offsets, initialOffset: tzif.initialOffset, footer: footer)
    }

    /// The offset in seconds east of UTC at `instant` (seconds since 1970-01-01T00:00:00Z).
    public func offset(at instant: Int64) -> Int64 {
        let count = transitions.count
        if let footer, count == 0 || instant >= transitions[count - 1] { return Int64(footer.offset(at: instant)) }
        // The first transition after the instant: the one before it is in force.
        var low = 0
        var high = count
        while low < high {
            let middle = (low + high) / 2
            if transitions[middle] <= instant { low = middle + 1 } else { high = middle }
        }
        return Int64(low == 0 ? initialOffset : offsets[low - 1])
    }

    /// The instant at which the zone's clocks show `local` (seconds since 1970-01-01T00:00:00 in local time):
    /// the earlier one when they show it twice, and `local` moved forward by the gap when they skip it.
    public func instant(local: Int64) -> Int64 {
        let before = offset(at: local - 86_400)
        let after = offset(at: local + 86_400)
        let early = local - before
        let earlyValid = offset(at: early) == before
        if before == after, earlyValid { return early }
        let late = local - after
        let lateValid = offset(at: late) == after
        switch (earlyValid, lateValid) {
        case (true, true): return min(early, late)
        case (true, false): return early
        case (false, true): return late
        // In a gap: read with the offset before it, which lands as far past the gap's start as `local` is.
        case (false, false): return early
        }
    }

    /// The local calendar date holding `instant`, as days since 1970-01-01.
    public func day(of instant: Int64) -> Int64 {
        (instant + offset(at: instant)).floorDivided(by: 86_400)
    }

    /// The first instant of the local calendar date `day` (days since 1970-01-01): its midnight, or the end
    /// of a gap that skips midnight.
    public func startOfDay(_ day: Int64) -> Int64 {
        instant(local: day * 86_400)
    }

    /// Zones are the same when they have the same name (one name, one file, in one process).
    public static func == (lhs: TimeZoneRules, rhs: TimeZoneRules) -> Bool { lhs.name == rhs.name }

    /// The zone's name.
    public var description: String { name }
}
