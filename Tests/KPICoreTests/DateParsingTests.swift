import Testing

@testable import KPICore

@Suite("DateParsing")
struct DateParsingTests {
    // Expected seconds from python3: datetime.fromisoformat('2024-03-01T09:30:00+02:00').timestamp()
    static let acceptsCases: [(String, Double)] = [
        ("2024-03-01", 1_709_251_200.0), ("2024-03-01T09:30:00Z", 1_709_285_400), ("2024-03-01t09:30:00z", 1_709_285_400),
        ("2024-03-01T09:30:00+02:00", 1_709_278_200), ("2024-03-01T09:30:00-00:30", 1_709_287_200),
        ("2024-03-01T09:30:00.25Z", 1_709_285_400.25), ("1970-01-01", 0), ("2000-02-29", 951_782_400),
        ("0001-01-01", -62_135_596_800),
        // The UTC instant's year must have four digits: the last second of 9999 and a positive offset there are fine
        // (0000-01-01 is 366 days before 0001-01-01: year 0 is a leap year in the proleptic Gregorian calendar).
        ("9999-12-31T23:59:59Z", 253_402_300_799), ("9999-12-31T23:00:00+05:00", 253_402_279_200),
        ("0000-01-01T05:00:00+05:00", -62_167_219_200),
        // The variants exports write: no seconds, a space for `T`, `±hhmm`, a space before the offset.
        ("2024-03-01T09:30Z", 1_709_285_400), ("2024-03-01 09:30:00Z", 1_709_285_400),
        ("2024-03-01T09:30:00+0200", 1_709_278_200), ("2024-03-01 09:30 +02", 1_709_278_200),
    ]

    @Test("ISO dates are midnight UTC and date-times honour their offset", arguments: acceptsCases)
    func accepts(text: String, seconds: Double) throws {
        let instant = try DateParsing.instant(text).get()
        #expect(Double(instant.seconds) + Double(instant.nanoseconds) / 1e9 == seconds)
    }

    static let rejectsCases: [(String, DateParsing.Failure)] = [
        ("2024-02-30", .impossible), ("2023-02-29", .impossible), ("1900-02-29", .impossible),
        ("2024-13-01", .impossible), ("2024-00-10", .impossible), ("2024-04-31", .impossible),
        ("2024-03-01T24:00:00Z", .impossible), ("2024-03-01T23:60:00Z", .impossible), ("2024-03-01T23:59:60Z", .impossible),
        ("2024-03-01T09:30:00+24:00", .impossible),
        ("2024-03-01T09:30:00", .missingOffset), ("2024-03-01T09:30:00.123", .missingOffset),
        ("2024-3-1", .malformed), ("", .malformed), ("2024-03-01T09:30:00+020", .malformed),
        ("2024-03-01  09:30:00Z", .malformed), ("2024-03-01T09:30:00  +0200", .malformed),
        ("2024-03-01T09:30:00.Z", .malformed), ("2024-03-01X", .malformed), ("2024-03-01T09:30:00Zx", .malformed),
        ("+2024-03-01", .malformed), ("２０２４-03-01", .malformed),
        ("9999-12-31T23:00:00-05:00", .outOfRange), ("9999-12-31T23:59:59.5-00:01", .outOfRange),
        ("0000-01-01T00:30:00+01:00", .outOfRange),
    ]

    @Test("Impossible, offset-less and malformed dates are rejected", arguments: rejectsCases)
    func rejects(text: String, failure: DateParsing.Failure) {
        #expect(DateParsing.instant(text) == .failure(failure))
    }

    @Test("Fractions are kept apart from the seconds: a 1 µs difference is exact, digits past the ninth are dropped")
    func fractions() throws {
        let start = try DateParsing.instant("2024-03-01T09:30:00Z").get()
        let end = try DateParsing.instant("2024-03-01T09:30:00.000001Z").get()
        #expect(end.seconds(since: start) == 1e-6)
        #expect(try DateParsing.instant("2024-03-01T09:30:00.1234567899Z").get().nanoseconds == 123_456_789)
        // Across a whole second, with the earlier fraction larger: 0.25 s → 1.000001 s later.
        let later = try DateParsing.instant("2024-03-01T09:30:01.250001Z").get()
        #expect(later.seconds(since: try DateParsing.instant("2024-03-01T09:30:00.25Z").get()) == 1.000001)
    }
}
