/// The Time Zone Information Format (RFC 8536): the files of the IANA time zone database that the system's
/// `tzdata` installs under `/usr/share/zoneinfo`, read into a zone's transition table and footer rule.
///
/// Version 1 files are read from their 32-bit data block; versions 2 to 4 from their 64-bit one, after which
/// comes the footer, a POSIX TZ string for instants after the last transition (RFC 8536 §3.3). Files with
/// leap-second records (the `right/` zones) count TAI-like seconds, not the POSIX seconds dates are read
/// in, and are refused, as is anything malformed.
enum TZif {
    /// A file's contents: what ``TimeZoneRules`` is made of.
    struct Contents: Equatable {
        /// Transition instants in seconds since 1970-01-01T00:00:00Z, ascending.
        var transitions: [Int64]
        /// The UT offset in seconds east in force from each transition on.
        var offsets: [Int32]
        /// The offset before the first transition: time type 0's (RFC 8536 §3.2).
        var initialOffset: Int32
        /// The footer's TZ string (empty when the file has none, or it is empty).
        var footer: String
    }

    /// The 44-byte header's six counts (RFC 8536 §3.1).
    private struct Header {
        let version: UInt8
        let isutcnt: Int, isstdcnt: Int, leapcnt: Int, timecnt: Int, typecnt: Int, charcnt: Int

        /// The length of the data block that follows, with `timeSize`-byte times (4 in v1, 8 after).
        func dataLength(timeSize: Int) -> Int {
            timecnt * timeSize + timecnt + typecnt * 6 + charcnt + leapcnt * (timeSize + 4) + isstdcnt + isutcnt
        }
    }

    /// The contents of the TZif file `bytes`, or `nil` when it is not one this reader takes.
    static func parse(_ bytes: [UInt8]) -> Contents? {
        guard let first = header(bytes, at: 0) else { return nil }
        guard first.version != 0 else { return block(bytes, at: 44, first, timeSize: 4) }
        // Versions 2+: skip the v1 block, then a second header and the 64-bit block, then the footer.
        let second = 44 + first.dataLength(timeSize: 4)
        guard let header = header(bytes, at: second), var contents = block(bytes, at: second + 44, header, timeSize: 8) else { return nil }
        let footerStart = second + 44 + header.dataLength(timeSize: 8)
        // RFC 8536 §3.3: a newline, the TZ string (no newline inside), a newline.
        guard footerStart < bytes.count, bytes[footerStart] == UInt8(ascii: "\n"),
            let end = bytes[(footerStart + 1)...].firstIndex(of: UInt8(ascii: "\n"))
        else { return nil }
        contents.footer = String(decoding: bytes[(footerStart + 1)..<end], as: UTF8.self)
        return contents
    }

    /// The header at `offset`, when `bytes` has one there with sane counts.
    private static func header(_ bytes: [UInt8], at offset: Int) -> Header? {
        guard offset >= 0, bytes.count >= offset + 44, bytes[offset..<(offset + 4)].elementsEqual("TZif".utf8) else { return nil }
        let version = bytes[offset + 4]
        guard version == 0 || (UInt8(ascii: "2")...UInt8(ascii: "4")).contains(version) else { return nil }
        let counts = (0..<6).map { Int(integer(bytes, at: offset + 20 + 4 * $0, size: 4)) }
        guard counts.allSatisfy({ (0...1_000_000).contains($0) }) else { return nil }
        let header = Header(version: version, isutcnt: counts[0], isstdcnt: counts[1], leapcnt: counts[2],
                            timecnt: counts[3], typecnt: counts[4], charcnt: counts[5])
        // RFC 8536 §3.1: at least one time type, and the indicator counts are 0 or typecnt.
        guard header.typecnt >= 1, header.charcnt >= 1, [0, header.typecnt].contains(header.isutcnt),
            [0, header.typecnt].contains(header.isstdcnt)
        else { return nil }
        return header
    }

    /// The data block at `offset` described by `header`.
    private static func block(_ bytes: [UInt8], at offset: Int, _ header: Header, timeSize: Int) -> Contents? {
        guard header.leapcnt == 0, bytes.count >= offset + header.dataLength(timeSize: timeSize) else { return nil }
        var transitions: [Int64] = []
        transitions.reserveCapacity(header.timecnt)
        for i in 0..<header.timecnt {
            let time = integer(bytes, at: offset + i * timeSize, size: timeSize)
            // Strictly ascending (RFC 8536 §3.2).
            if let last = transitions.last, time <= last { return nil }
            transitions.append(time)
        }
        let indices = offset + header.timecnt * timeSize
        let types = indices + header.timecnt
        var utoffs: [Int32] = []
        for t in 0..<header.typecnt {
            let utoff = integer(bytes, at: types + 6 * t, size: 4)
            // RFC 8536 §3.2: utoff is never −2^31; real offsets stay within ±26 hours.
            guard abs(utoff) < 93_600 else { return nil }
            utoffs.append(Int32(utoff))
        }
        var offsets: [Int32] = []
        offsets.reserveCapacity(header.timecnt)
        for i in 0..<header.timecnt {
            let type = Int(bytes[indices + i])
            guard type < header.typecnt else { return nil }
            offsets.append(utoffs[type])
        }
        return Contents(transitions: transitions, offsets: offsets, initialOffset: utoffs[0], footer: "")
    }

    /// The big-endian two's-complement integer of `size` (4 or 8) bytes at `offset`.
    private static func integer(_ bytes: [UInt8], at offset: Int, size: Int) -> Int64 {
        var value: UInt64 = 0
        for i in 0..<size { value = value << 8 | UInt64(bytes[offset + i]) }
        return size == 4 ? Int64(Int32(bitPattern: UInt32(value))) : Int64(bitPattern: value)
    }
}
