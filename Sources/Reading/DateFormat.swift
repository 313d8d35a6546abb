/// How the dates of an input's records are written: the `dateFormat` option. Resolved once from its text (a
/// pattern is parsed into its pieces then), and applied to every date field of the records.
public enum DateFormat: Sendable, Equatable {
    /// ISO 8601 (``ISO8601``): the default.
    case iso
    /// Seconds since 1970-01-01T00:00:00Z, optionally with a fraction (`1711305000`, `1711305000.25`).
    case unix
    /// Milliseconds since 1970-01-01T00:00:00Z (`1711305000250`).
    case unixMillis
    /// A pattern of `YYYY MM DD hh HH mm ss SSS A Z` and literal characters (`MM/DD/YYYY hh:mm:ss A`).
    case pattern(DatePattern)

    /// The detail for a `dateFormat` that is none of these.
    public static let optionDetail =
        "must be \"iso\", \"unix\", \"unixMillis\" or a pattern of YYYY MM DD hh HH mm ss SSS A Z with YYYY, MM and DD (\"MM/DD/YYYY hh:mm:ss A\")"

    /// The format `text` names, or `nil` when it is none.
    public init?(_ text: String) {
        switch text {
        case "iso": self = .iso
        case "unix": self = .unix
        case "unixMillis": self = .unixMillis
        default:
            guard let pattern = DatePattern(text) else { return nil }
            self = .pattern(pattern)
        }
    }

    /// The option's text.
    public var name: String {
        switch self {
        case .iso: "iso"
        case .unix: "unix"
        case .unixMillis: "unixMillis"
        case .pattern(let pattern): pattern.text
        }
    }

    /// Why a text is not a date in this format.
    public enum Failure: Error, Equatable, Sendable {
        /// ISO 8601's own failure.
        case iso(ISO8601.Failure)
        /// Not in this (non-ISO) format's form.
        case malformed
        /// In the form, but no such day or time (`02/30/2024`, `13:00 PM`).
        case impossible
        /// Read by a pattern without `Z` and without a time zone: a local date-time, placed in time by no option.
        case missingOffset
        /// Outside the years 0000 to 9999 in UTC.
        case outOfRange
    }

    /// The issue detail of `failure` for a date read in this format.
    public func detail(_ failure: Failure) -> String {
        switch failure {
        case .iso(let failure): failure.detailNamingTimeZone
        case .malformed:
            switch self {
            case .iso: ISO8601.Failure.malformed.detail
            case .unix: "must be seconds since 1970-01-01T00:00:00Z (dateFormat \"unix\": 1711305000 or 1711305000.25)"
            case .unixMillis: "must be whole milliseconds since 1970-01-01T00:00:00Z (dateFormat \"unixMillis\": 1711305000000)"
            case .pattern(let pattern): "must be a date written as dateFormat \"\(pattern.text)\""
            }
        case .impossible: ISO8601.Failure.impossible.detail
        case .missingOffset:
            "has no time zone offset: dateFormat \"\(name)\" has no Z, so give the timeZone option, the IANA zone of these local times (\"timeZone\": \"America/New_York\"), or add Z to the pattern and an offset (+02:00) to the dates"
        case .outOfRange: ISO8601.Failure.outOfRange.detail
        }
    }

    /// The moment named by the UTF-8 bytes `b` in this format, local dates and times read in `zone`.
    public func parse(_ b: UnsafeBufferPointer<UInt8>, in zone: TimeZoneRules? = nil) -> Result<ISO8601.Moment, Failure> {
        switch self {
        case .iso: ISO8601.parse(b, in: zone).mapError(Failure.iso)
        case .unix: Self.epoch(b, unitsPerSecond: 1, fraction: true)
        case .unixMillis: Self.epoch(b, unitsPerSecond: 1000, fraction: false)
        case .pattern(let pattern): pattern.parse(b, in: zone)
        }
    }

    /// The moment `units` (seconds, or milliseconds) after the epoch, with `nanoseconds` more.
    public static func epoch(units: Int64, unitsPerSecond: Int64, nanoseconds: Int32 = 0) -> Result<ISO8601.Moment, Failure> {
        let (seconds, rest) = units.quotientAndRemainder(dividingBy: unitsPerSecond)
        var moment: ISO8601.Moment = (seconds, Int32(rest * (1_000_000_000 / unitsPerSecond)) + nanoseconds)
        if moment.nanoseconds < 0 { moment = (moment.seconds - 1, moment.nanoseconds + 1_000_000_000) }
        guard ISO8601.utcSeconds.contains(moment.seconds) else { return .failure(.outOfRange) }
        return .success(moment)
    }

    /// A count of seconds or milliseconds since the epoch, with an optional sign and (for seconds) fraction.
    private static func epoch(_ b: UnsafeBufferPointer<UInt8>, unitsPerSecond: Int64, fraction: Bool) -> Result<ISO8601.Moment, Failure> {
        var index = b.first == UInt8(ascii: "-") ? 1 : 0
        let negative = index == 1
        var units: Int64 = 0
        let start = index
        while index < b.count, b[index] &- 0x30 <= 9 {
            // More than 15 digits is past year 9999 in milliseconds: out of range, not an overflow.
            guard index - start < 15 else { return .failure(.outOfRange) }
            units = units * 10 + Int64(b[index] &- 0x30)
            index += 1
        }
        guard index > start else { return .failure(.malformed) }
        var nanoseconds: Int32 = 0
        if fraction, index < b.count, b[index] == UInt8(ascii: ".") {
            index += 1
            var scale: Int32 = 100_000_000
            let digits = index
            while index < b.count, b[index] &- 0x30 <= 9 {
                nanoseconds += Int32(b[index] &- 0x30) * scale
                scale /= 10
                index += 1
            }
            guard index > digits else { return .failure(.malformed) }
        }
        guard index == b.count else { return .failure(.malformed) }
        return epoch(units: negative ? -units : units, unitsPerSecond: unitsPerSecond, nanoseconds: negative ? -nanoseconds : nanoseconds)
    }

    /// The other formats that read `b` (for a date that does not read in `self`), as `dateFormat "…"` names.
    public func formatsThatRead(_ b: UnsafeBufferPointer<UInt8>) -> [String] {
        [DateFormat.iso, .unix, .unixMillis].filter { format in
            guard format != self, case .success = format.parse(b) else { return false }
            return true
        }.map(\.name)
    }
}

/// A `dateFormat` pattern parsed once into its pieces: `YYYY` (four digits), `MM` `DD` `hh` `HH` `mm` `ss` (one or
/// two digits), `SSS` (three digits: milliseconds), `A` (`AM` or `PM`, any case, with `hh`), `Z` (an offset `Z`,
/// `±hh:mm`, `±hhmm` or `±hh`, last); any other character stands for itself.
public struct DatePattern: Sendable, Equatable {
    /// The pattern as given.
    public let text: String
    private let pieces: [Piece]
    /// Whether the pattern ends with `Z` (otherwise its date-times are local).
    public let hasOffset: Bool

    private enum Piece: Sendable, Equatable {
        case year, month, day, hour12, hour24, minute, second, millisecond, meridiem
        case literal(UInt8)
    }

    private static let tokens: [(String, Piece)] = [
        ("YYYY", .year), ("SSS", .millisecond), ("MM", .month), ("DD", .day), ("hh", .hour12), ("HH", .hour24),
        ("mm", .minute), ("ss", .second), ("A", .meridiem),
    ]

    /// The pattern `text`, or `nil` when it lacks `YYYY`, `MM` or `DD`, repeats a piece, has `hh` without `A` (or
    /// `A` without `hh`), both `hh` and `HH`, or a `Z` that is not last.
    public init?(_ text: String) {
        var bytes = Array(text.utf8)
        hasOffset = bytes.last == UInt8(ascii: "Z")
        if hasOffset { bytes.removeLast() }
        var pieces: [Piece] = []
        var index = 0
        scan: while index < bytes.count {
            for (token, piece) in Self.tokens where bytes[index...].starts(with: token.utf8) {
                guard !pieces.contains(piece) else { return nil }
                pieces.append(piece)
                index += token.utf8.count
                continue scan
            }
            guard bytes[index] != UInt8(ascii: "Z"), bytes[index] < 0x80 else { return nil }
            pieces.append(.literal(bytes[index]))
            index += 1
        }
        guard pieces.contains(.year), pieces.contains(.month), pieces.contains(.day),
            pieces.contains(.hour12) == pieces.contains(.meridiem),
            !(pieces.contains(.hour12) && pieces.contains(.hour24)), bytes.count <= 64
        else { return nil }
        // A date alone, like an ISO date, is its starting midnight (UTC, or in the timeZone given); a time
        // without Z needs a timeZone.
        self.text = text
        self.pieces = pieces
    }

    /// Whether the pattern writes a time of day.
    public var hasTime: Bool { pieces.contains(.hour12) || pieces.contains(.hour24) }

    /// The moment named by `b` in this pattern, a local date or time read in `zone`.
    func parse(_ b: UnsafeBufferPointer<UInt8>, in zone: TimeZoneRules?) -> Result<ISO8601.Moment, DateFormat.Failure> {
        var year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0, millisecond = 0
        var pm: Bool? = nil
        var index = 0
        func number(_ most: Int, least: Int) -> Int? {
            var value = 0
            let start = index
            while index < b.count, index - start < most, b[index] &- 0x30 <= 9 {
                value = value * 10 + Int(b[index] &- 0x30)
                index += 1
            }
            return index - start >= least ? value : nil
        }
        for piece in pieces {
            var read: Int? = 0
            switch piece {
            case .year: read = number(4, least: 4); year = read ?? 0
            case .month: read = number(2, least: 1); month = read ?? 0
            case .day: read = number(2, least: 1); day = read ?? 0
            case .hour12, .hour24: read = number(2, least: 1); hour = read ?? 0
            case .minute: read = number(2, least: 1); minute = read ?? 0
            case .second: read = number(2, least: 1); second = read ?? 0
            case .millisecond: read = number(3, least: 3); millisecond = read ?? 0
            case .meridiem:
                guard index + 2 <= b.count, (b[index + 1] | 0x20) == UInt8(ascii: "m") else { return .failure(.malformed) }
                switch b[index] | 0x20 {
                case UInt8(ascii: "a"): pm = false
                case UInt8(ascii: "p"): pm = true
                default: return .failure(.malformed)
                }
                index += 2
            case .literal(let byte):
                guard index < b.count, b[index] == byte else { return .failure(.malformed) }
                index += 1
            }
            guard read != nil else { return .failure(.malformed) }
        }
        var offset = 0
        if hasOffset {
            if index < b.count, b[index] == UInt8(ascii: " ") { index += 1 }
            guard index < b.count, let seconds = ISO8601.offsetSeconds(b, from: index) else { return .failure(.malformed) }
            guard seconds != .max else { return .failure(.impossible) }
            offset = seconds
        } else if index != b.count {
            return .failure(.malformed)
        }
        if let pm {
            guard (1...12).contains(hour) else { return .failure(.impossible) }
            hour = hour % 12 + (pm ? 12 : 0)
        }
        guard (1...12).contains(month), day >= 1, day <= ISO8601.daysIn(month: month, year: year),
            hour <= 23, minute <= 59, second <= 59
        else { return .failure(.impossible) }
        let days = Int64(ISO8601.daysFromCivil(year: year, month: month, day: day))
        let local = days * 86_400 + Int64(hour * 3600 + minute * 60 + second)
        let seconds: Int64
        if hasOffset {
            seconds = local - Int64(offset)
        } else if let zone {
            seconds = zone.instant(local: local)
        } else {
            guard !hasTime else { return .failure(.missingOffset) }
            seconds = local
        }
        guard ISO8601.utcSeconds.contains(seconds) else { return .failure(.outOfRange) }
        return .success((seconds, Int32(millisecond) * 1_000_000))
    }
}
