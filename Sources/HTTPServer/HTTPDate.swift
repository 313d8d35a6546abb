import Digits
import Glibc

/// The `Date` field line in IMF-fixdate form (RFC 9110 §5.6.7), rebuilt at most once per second.
///
/// Each event loop owns one, so no lock is needed.
struct HTTPDate {
    private var second: time_t = -1
    /// `Date: Sun, 06 Nov 1994 08:49:37 GMT\r\n`.
    private(set) var fieldLine: [UInt8] = []
    /// How many times the line was formatted (a seam for tests: it grows at most once per second).
    private(set) var formatted = 0

    private static let days = Array("SunMonTueWedThuFriSat".utf8)
    private static let months = Array("JanFebMarAprMayJunJulAugSepOctNovDec".utf8)

    /// Refreshes the cached line if the wall-clock second changed.
    mutating func update() {
        update(now: time(nil))
    }

    /// Refreshes the cached line if `now` is not the second it was formatted for (tests pass the clock).
    mutating func update(now: time_t) {
        guard now != second else { return }
        second = now
        fieldLine = Self.format(now)
        formatted &+= 1
    }

    /// `Date: <IMF-fixdate>\r\n` for a Unix time.
    static func format(_ time: time_t) -> [UInt8] {
        var clock = time
        var parts = tm()
        gmtime_r(&clock, &parts)
        var line: [UInt8] = []
        line.reserveCapacity(37)
        line.append(contentsOf: "Date: ".utf8)
        let day = Int(parts.tm_wday) * 3
        line.append(contentsOf: days[day..<day + 3])
        line.append(contentsOf: ", ".utf8)
        DecimalDigits.append(UInt64(parts.tm_mday), minimumDigits: 2, to: &line)
        line.append(UInt8(ascii: " "))
        let month = Int(parts.tm_mon) * 3
        line.append(contentsOf: months[month..<month + 3])
        line.append(UInt8(ascii: " "))
        let year = Int(parts.tm_year) + 1900
        DecimalDigits.append(UInt64(year), minimumDigits: 4, to: &line)
        line.append(UInt8(ascii: " "))
        DecimalDigits.append(UInt64(parts.tm_hour), minimumDigits: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        DecimalDigits.append(UInt64(parts.tm_min), minimumDigits: 2, to: &line)
        line.append(UInt8(ascii: ":"))
        DecimalDigits.append(UInt64(parts.tm_sec), minimumDigits: 2, to: &line)
        line.append(contentsOf: " GMT\r\n".utf8)
        return line
    }

}
