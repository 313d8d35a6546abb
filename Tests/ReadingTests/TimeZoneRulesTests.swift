import Testing

@testable import Reading

/// Time zones read from the system's tzdata (TZif files under /usr/share/zoneinfo, RFC 8536).
///
/// Every expected instant was computed independently with Python's zoneinfo (same tzdata), whose `fold=0` is
/// RFC 9557's "compatible" disambiguation (PEP 495: the earlier instant of a repeated time, the offset before
/// a gap for a skipped one), e.g.
///
///     python3 -c 'from datetime import datetime; from zoneinfo import ZoneInfo as Z
///     print(int(datetime(2024,3,10,2,30, tzinfo=Z("America/New_York")).timestamp()))'   # 1710055800
///
/// and `local` below is the local date-time's seconds as if it were UTC (days since 1970 × 86 400 + time).
@Suite struct TimeZoneRulesTests {
    static func zone(_ name: String) throws -> TimeZoneRules {
        try #require(ZoneInfo.rules(named: name))
    }

    /// Seconds since 1970 of a local date-time read as if it were UTC.
    static func local(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int) -> Int64 {
        Int64(ISO8601.daysFromCivil(year: year, month: month, day: day)) * 86_400 + Int64(hour * 3600 + minute * 60)
    }

    @Test(arguments: [
        // A summer time and a winter time, no change near.
        ("America/New_York", 2024, 7, 1, 12, 0, Int64(1_719_849_600)),
        // 2024-03-10 02:30 does not occur (clocks go 02:00 → 03:00): moved forward by the hour, 03:30 EDT.
        ("America/New_York", 2024, 3, 10, 2, 30, 1_710_055_800),
        // 2024-11-03 01:30 occurs twice (EDT, then EST): the earlier, 05:30Z.
        ("America/New_York", 2024, 11, 3, 1, 30, 1_730_611_800),
        // Past the file's last transition (2037): the footer's rule EST5EDT,M3.2.0,M11.1.0.
        ("America/New_York", 2100, 7, 1, 12, 0, 4_118_140_800),
        ("America/New_York", 2100, 1, 15, 0, 0, 4_103_672_400),
        ("America/New_York", 2100, 3, 14, 2, 30, 4_108_692_600),
        ("America/New_York", 2100, 11, 7, 1, 30, 4_129_248_600),
        // Berlin: 02:30 skipped on 2024-03-31, repeated on 2024-10-27; and 2100 by the footer.
        ("Europe/Berlin", 2024, 3, 31, 2, 30, 1_711_848_600),
        ("Europe/Berlin", 2024, 10, 27, 2, 30, 1_729_989_000),
        ("Europe/Berlin", 2100, 7, 1, 0, 0, 4_118_076_000),
        // Kathmandu: +05:45 since 1986, +05:30 before.
        ("Asia/Kathmandu", 2024, 1, 1, 0, 0, 1_704_046_500),
        ("Asia/Kathmandu", 1980, 1, 1, 0, 0, 315_513_000),
        // Lord Howe saves half an hour: 02:15 on 2024-10-06 is skipped (02:00 → 02:30), 01:45 on 2024-04-07
        // repeated (02:00 → 01:30); in 2100 +11 in January and +10:30 in July, by the footer.
        ("Australia/Lord_Howe", 2024, 10, 6, 2, 15, 1_728_143_100),
        ("Australia/Lord_Howe", 2024, 4, 7, 1, 45, 1_712_414_700),
        ("Australia/Lord_Howe", 2100, 1, 1, 0, 0, 4_102_405_200),
        ("Australia/Lord_Howe", 2100, 7, 1, 0, 0, 4_118_045_400),
        // São Paulo's clocks went from 2018-11-04 00:00 to 01:00: midnight did not occur, the day started at 01:00.
        ("America/Sao_Paulo", 2018, 11, 4, 0, 0, 1_541_300_400),
    ])
    func localTimeToInstant(_ name: String, _ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ expected: Int64) throws {
        let zone = try Self.zone(name)
        #expect(zone.instant(local: Self.local(year, month, day, hour, minute)) == expected)
    }

    @Test func offsetsAtInstants() throws {
        // Python: datetime.fromtimestamp(ts, ZoneInfo(zone)).utcoffset()
        #expect(try Self.zone("America/New_York").offset(at: 4_102_444_800) == -18_000)  // 2100-01-01T00:00Z
        #expect(try Self.zone("Europe/Berlin").offset(at: 4_118_054_400) == 7200)  // 2100-07-01T00:00Z
        #expect(try Self.zone("Asia/Kathmandu").offset(at: 0) == 19_800)  // 1970: +05:30
        // The instant of a change belongs to the new offset: 2024-03-10T07:00Z is 03:00 EDT.
        let newYork = try Self.zone("America/New_York")
        #expect(newYork.offset(at: 1_710_054_000) == -14_400)
        #expect(newYork.offset(at: 1_710_053_999) == -18_000)
    }

    @Test func localDaysAndTheirStarts() throws {
        let newYork = try Self.zone("America/New_York")
        // 2024-01-01T03:00Z is still 2023-12-31 in New York (22:00 EST).
        let newYearsEve = Int64(ISO8601.daysFromCivil(year: 2023, month: 12, day: 31))
        #expect(newYork.day(of: 1_704_078_000) == newYearsEve)
        // Its day starts at 05:00Z; São Paulo's 2018-11-04 at 03:00Z (01:00 -02, midnight skipped).
        #expect(newYork.startOfDay(newYearsEve) == 1_703_998_800)
        let saoPaulo = try Self.zone("America/Sao_Paulo")
        #expect(saoPaulo.startOfDay(Int64(ISO8601.daysFromCivil(year: 2018, month: 11, day: 4))) == 1_541_300_400)
    }

    @Test func namesAreCheckedBeforeAnyFileIsOpened() {
        for name in ["../../etc/passwd", "/etc/passwd", "America/../../../etc/passwd", "America//New_York", "America/New_York/",
                     "", ".", "zone.tab", "America/New_York\u{0}", String(repeating: "A", count: 65)] {
            #expect(!ZoneInfo.isName(name), "\(name)")
            #expect(ZoneInfo.rules(named: name) == nil, "\(name)")
        }
        for name in ["America/Argentina/Buenos_Aires", "Etc/GMT+5", "America/Port-au-Prince", "UTC"] {
            #expect(ZoneInfo.isName(name))
            #expect(ZoneInfo.rules(named: name) != nil, "\(name)")
        }
        // Names are case-sensitive, as the files are; a directory or a non-TZif file is no zone.
        #expect(ZoneInfo.rules(named: "america/new_york") == nil)
        #expect(ZoneInfo.rules(named: "America") == nil)
        #expect(ZoneInfo.rules(named: "Mars/Olympus_Mons") == nil)
        // Past the name check, the real path must still lie inside the database (a link out of it is not read).
        #expect(ZoneInfo.contents(of: ZoneInfo.directory + "/../../../etc/passwd") == nil)
        #expect(ZoneInfo.contents(of: "/etc/passwd") == nil)
        #expect(ZoneInfo.contents(of: ZoneInfo.directory + "/America/New_York")?.starts(with: Array("TZif".utf8)) == true)
    }

    @Test func footerRules() throws {
        // US rules: 2nd Sunday of March (2100-03-14) 02:00 EST, to the 1st Sunday of November (2100-11-07) 02:00 EDT.
        let us = try #require(PosixTimeZone("EST5EDT,M3.2.0,M11.1.0"))
        #expect(us.offset(at: 4_108_690_800 - 1) == -18_000)
        #expect(us.offset(at: 4_108_690_800) == -14_400)
        #expect(us.offset(at: 4_129_250_400 - 1) == -14_400)
        #expect(us.offset(at: 4_129_250_400) == -18_000)
        // Angle-bracket names and minutes: Kathmandu.
        #expect(PosixTimeZone("<+0545>-5:45")?.offset(at: 4_102_444_800) == 20_700)
        // RFC 8536 §3.3.1: daylight saving all year.
        let allYear = try #require(PosixTimeZone("EST5EDT,0/0,J365/25"))
        for instant: Int64 in [4_102_444_800, 4_118_054_400, 4_133_980_799 - 86_400] { #expect(allYear.offset(at: instant) == -14_400) }
        // A southern zone (New Zealand: summer from the last Sunday of September to the first Sunday of April).
        let auckland = try #require(PosixTimeZone("NZST-12NZDT,M9.5.0,M4.1.0/3"))
        #expect(auckland.offset(at: 4_102_444_800) == 46_800)  // 2100-01-01: summer, +13
        #expect(auckland.offset(at: 4_118_054_400) == 43_200)  // 2100-07-01: winter, +12
        for text in ["", "EST", "5", "EST5EDT,M3.2.0", "EST5EDT,M13.2.0,M11.1.0", "<+05-5", "EST5EDT,M3.2.0/200,M11.1.0"] {
            #expect(PosixTimeZone(text) == nil, "\(text)")
        }
    }

    /// A version 2 file written by hand from RFC 8536 §3: a v1 block to skip, then two time types (UTC; "ONE",
    /// +01:00), transitions at 0 (to UTC) and 1000 (to ONE), and the footer `ONE-1TWO,M3.5.0,M10.5.0/3` (+01:00,
    /// and +02:00 from the last Sunday of March to the last of October, Central Europe's rule).
    @Test func aHandWrittenVersion2File() throws {
        func be(_ value: Int64, _ size: Int) -> [UInt8] { (0..<size).reversed().map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        func header(timecnt: Int64, typecnt: Int64, charcnt: Int64) -> [UInt8] {
            Array("TZif2".utf8) + [UInt8](repeating: 0, count: 15) + [0, 0, 0, timecnt, typecnt, charcnt].flatMap { be($0, 4) }
        }
        let v1 = header(timecnt: 0, typecnt: 1, charcnt: 4) + be(0, 4) + [0, 0] + Array("UTC\0".utf8)
        let v2 = header(timecnt: 2, typecnt: 2, charcnt: 8) + be(0, 8) + be(1000, 8) + [0, 1]
            + be(0, 4) + [0, 0] + be(3600, 4) + [0, 4] + Array("UTC\0ONE\0".utf8)
        let footer = Array("\nONE-1TWO,M3.5.0,M10.5.0/3\n".utf8)
        let contents = try #require(TZif.parse(v1 + v2 + footer))
        #expect(contents == TZif.Contents(transitions: [0, 1000], offsets: [0, 3600], initialOffset: 0, footer: "ONE-1TWO,M3.5.0,M10.5.0/3"))
        let zone = try #require(TimeZoneRules(name: "Test/One", tzif: contents))
        // Before the first transition: type 0 (UTC); then the table; from the last one, the footer's rule
        // (2100-01-01T00:00Z +01:00, 2100-07-01T00:00Z +02:00).
        #expect([-1, 0, 999, 1000, 4_102_444_800, 4_118_054_400].map { zone.offset(at: $0) } == [0, 0, 0, 3600, 3600, 7200])
        // A footer that is no TZ string, or a file cut short, is refused.
        #expect(TimeZoneRules(name: "Test/One", tzif: TZif.Contents(transitions: [], offsets: [], initialOffset: 0, footer: "1")) == nil)
        #expect(TZif.parse(v1 + v2) == nil)
        #expect(TZif.parse(Array((v1 + v2).dropLast(3)) + footer) == nil)
    }

    @Test func tzifFilesThatAreNotAreRefused() {
        #expect(TZif.parse(Array("TZif2".utf8)) == nil)
        #expect(TZif.parse(Array(repeating: 0, count: 100)) == nil)
        var header = Array("TZif2".utf8) + Array(repeating: UInt8(0), count: 39)
        header[20 + 4 * 4 + 3] = 1  // typecnt 1, charcnt 0: no designation bytes
        #expect(TZif.parse(header) == nil)
    }
}
