/// A POSIX TZ string as a TZif footer writes it (RFC 8536 §3.3; POSIX.1-2017 §8.3): a standard offset and
/// optionally a daylight-saving one with the yearly rules that switch between them, `EST5EDT,M3.2.0,M11.1.0`
/// or `<+0545>-5:45`. It gives the offset of every instant after a zone's last listed transition (2037 in
/// "fat" files, much earlier in "slim" ones), so a date in 2100 is read by the rules in force.
///
/// RFC 8536's extensions are read: a rule's time from −167 to 167 hours, and daylight saving all year
/// (`EST5EDT,0/0,J365/25`). Without rules after the daylight name, the US rules glibc assumes (`M3.2.0,M11.1.0`)
/// apply; real TZif footers always give them.
struct PosixTimeZone: Equatable, Sendable {
    /// The standard offset in seconds east of UTC (POSIX writes it west: `EST5` is −18 000).
    let standard: Int
    /// The daylight-saving offset and when it starts and ends, in the zone that has one.
    let daylight: Daylight?

    /// Daylight-saving time: its offset and the yearly rules that start it (in standard time) and end it
    /// (in daylight time).
    struct Daylight: Equatable, Sendable {
        let offset: Int
        let start: Rule
        let end: Rule
    }

    /// A day of the year and a local time of day on it.
    struct Rule: Equatable, Sendable {
        enum Day: Equatable, Sendable {
            /// `Jn`: day 1 to 365, 29 February never counted.
            case julian(Int)
            /// `n`: day 0 to 365, 29 February counted.
            case zeroBased(Int)
            /// `Mm.w.d`: weekday `d` (0 Sunday) of week `w` (1 to 5, 5 the last) of month `m`.
            case weekday(month: Int, week: Int, weekday: Int)
        }

        let day: Day
        /// Seconds after local midnight (02:00 unless written; −167 to 167 hours).
        let time: Int

        /// The instant the rule names in `year`, for a zone at `offset` until then.
        func instant(year: Int, offset: Int) -> Int64 {
            let january1 = ISO8601.daysFromCivil(year: year, month: 1, day: 1)
            let date: Int
            switch day {
            case .julian(let n):
                let leap = ISO8601.daysIn(month: 2, year: year) == 29
                date = january1 + n - 1 + (leap && n >= 60 ? 1 : 0)
            case .zeroBased(let n):
                date = january1 + n
            case .weekday(let month, let week, let weekday):
                let first = ISO8601.daysFromCivil(year: year, month: month, day: 1)
                // 1970-01-01 was a Thursday (4, counting from Sunday).
                let firstWeekday = ((first + 4) % 7 + 7) % 7
                var day = first + ((weekday - firstWeekday) % 7 + 7) % 7 + 7 * (week - 1)
                let days = ISO8601.daysIn(month: month, year: year)
                while day >= first + days { day -= 7 }
                date = day
            }
            return Int64(date) * 86_400 + Int64(time - offset)
        }
    }

    /// The offset in seconds east of UTC at `instant` (seconds since the epoch).
    func offset(at instant: Int64) -> Int {
        guard let daylight else { return standard }
        let year = ISO8601.civil(Int((instant + Int64(standard)).floorDivided(by: 86_400))).year
        let start = daylight.start.instant(year: year, offset: standard)
        let end = daylight.end.instant(year: year, offset: daylight.offset)
        // Northern zones save from start to end; southern ones (start after end) outside end..start.
        let saving = start < end ? (start <= instant && instant < end) : !(end <= instant && instant < start)
        return saving ? daylight.offset : standard
    }

    /// The zone a TZ string describes, or `nil` when it is none (or names no offset).
    init?(_ text: String) {
        var scanner = Scanner(Array(text.utf8))
        guard scanner.name(), let standard = scanner.offset(hoursUpTo: 24) else { return nil }
        self.standard = -standard
        if scanner.atEnd {
            daylight = nil
            return
        }
        guard scanner.name() else { return nil }
        var saving = self.standard + 3600
        if !scanner.atEnd, scanner.peek != UInt8(ascii: ",") {
            guard let written = scanner.offset(hoursUpTo: 24) else { return nil }
            saving = -written
        }
        let start: Rule, end: Rule
        if scanner.atEnd {
            start = Rule(day: .weekday(month: 3, week: 2, weekday: 0), time: 7200)
            end = Rule(day: .weekday(month: 11, week: 1, weekday: 0), time: 7200)
        } else {
            guard scanner.take(","), let first = scanner.rule(), scanner.take(","), let second = scanner.rule(), scanner.atEnd
            else { return nil }
            (start, end) = (first, second)
        }
        daylight = Daylight(offset: saving, start: start, end: end)
    }

    /// Reads a TZ string's parts from its bytes.
    private struct Scanner {
        let bytes: [UInt8]
        var index = 0

        init(_ bytes: [UInt8]) { self.bytes = bytes }

        var atEnd: Bool { index == bytes.count }
        var peek: UInt8? { atEnd ? nil : bytes[index] }

        mutating func take(_ character: Unicode.Scalar) -> Bool {
            guard peek == UInt8(ascii: character) else { return false }
            index += 1
            return true
        }

        /// A zone abbreviation: three or more letters, or anything but `>` between `<` and `>`.
        mutating func name() -> Bool {
            if take("<") {
                guard let close = bytes[index...].firstIndex(of: UInt8(ascii: ">")), close > index else { return false }
                index = close + 1
                return true
            }
            let start = index
            while let byte = peek, (byte | 0x20) >= UInt8(ascii: "a"), (byte | 0x20) <= UInt8(ascii: "z") { index += 1 }
            return index - start >= 3
        }

        /// A number of at most `digits` digits.
        mutating func number(digits: Int) -> Int? {
            let start = index
            var value = 0
            while let byte = peek, byte &- 0x30 <= 9, index - start < digits {
                value = value * 10 + Int(byte - 0x30)
                index += 1
            }
            return index > start ? value : nil
        }

        /// `[+-]hh[:mm[:ss]]` in seconds (positive west, as written), hours at most `hoursUpTo`.
        mutating func offset(hoursUpTo limit: Int) -> Int? {
            var sign = 1
            if take("-") { sign = -1 } else { _ = take("+") }
            guard let hours = number(digits: 3), hours <= limit else { return nil }
            var seconds = hours * 3600
            if take(":") {
                guard let minutes = number(digits: 2), minutes < 60 else { return nil }
                seconds += minutes * 60
                if take(":") {
                    guard let s = number(digits: 2), s < 60 else { return nil }
                    seconds += s
                }
            }
            return sign * seconds
        }

        /// `Jn`, `n` or `Mm.w.d`, then an optional `/time`.
        mutating func rule() -> Rule? {
            let day: Rule.Day
            if take("J") {
                guard let n = number(digits: 3), (1...365).contains(n) else { return nil }
                day = .julian(n)
            } else if take("M") {
                guard let month = number(digits: 2), (1...12).contains(month), take("."),
                    let week = number(digits: 1), (1...5).contains(week), take("."),
                    let weekday = number(digits: 1), weekday <= 6
                else { return nil }
                day = .weekday(month: month, week: week, weekday: weekday)
            } else {
                guard let n = number(digits: 3), n <= 365 else { return nil }
                day = .zeroBased(n)
            }
            var time = 7200
            if take("/") {
                // RFC 8536 §3.3.1: hours from −167 to 167.
                guard let written = offset(hoursUpTo: 167) else { return nil }
                time = written
            }
            return Rule(day: day, time: time)
        }
    }
}

extension Int64 {
    /// `self / divisor` rounded towards −∞, for a positive divisor.
    func floorDivided(by divisor: Int64) -> Int64 {
        self >= 0 ? self / divisor : -((-self - 1) / divisor) - 1
    }
}
