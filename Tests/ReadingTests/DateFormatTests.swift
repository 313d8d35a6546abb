import Testing

@testable import Reading

/// `dateFormat`: each expected instant is worked out by hand, counted from 2024-03-05T00:00:00Z = 1 709 596 800 s
/// (19 787 days × 86 400 s since 1970-01-01); a local time with an offset is the UTC time plus the offset's
/// opposite.
@Suite struct DateFormatTests {
    static let march5 = Int64(1_709_596_800)

    static func parse(_ format: DateFormat, _ text: String) -> Result<ISO8601.Moment, DateFormat.Failure> {
        Array(text.utf8).withUnsafeBufferPointer { format.parse($0) }
    }

    static func failure(_ format: DateFormat, _ text: String) -> DateFormat.Failure? {
        guard case .failure(let failure) = parse(format, text) else { return nil }
        return failure
    }

    static func seconds(_ format: String, _ text: String) -> Int64? {
        guard let format = DateFormat(format), case .success(let moment) = parse(format, text) else { return nil }
        return moment.seconds
    }

    @Test func unixSecondsAndMilliseconds() throws {
        #expect(Self.seconds("unix", "1709596800") == Self.march5)
        #expect(Self.seconds("unix", "-86400") == -86_400)
        // 0.25 s past: the fraction is kept in nanoseconds.
        let fraction = Self.parse(.unix, "1709596800.25")
        #expect((try? fraction.get()).map { [$0.seconds, Int64($0.nanoseconds)] } == [Self.march5, 250_000_000])
        // HubSpot's API writes milliseconds (`"createdate": "1709596800250"`).
        let millis = Self.parse(.unixMillis, "1709596800250")
        #expect((try? millis.get()).map { [$0.seconds, Int64($0.nanoseconds)] } == [Self.march5, 250_000_000])
        #expect(Self.failure(.unixMillis, "1709596800.5") == .malformed)
        #expect(Self.failure(.unix, "") == .malformed)
        #expect(Self.failure(.unix, "12a") == .malformed)
        // Past 9999-12-31 (253 402 300 800 s), and digits enough to overflow 64 bits, are out of range.
        #expect(Self.failure(.unix, "253402300800") == .outOfRange)
        #expect(Self.failure(.unix, "99999999999999999999999") == .outOfRange)
    }

    @Test func patterns() throws {
        // SurveyMonkey's 03/05/2024 02:22:10 PM with an offset added: 14:22:10 + 02:00 is 12:22:10 UTC.
        #expect(Self.seconds("MM/DD/YYYY hh:mm:ss A Z", "03/05/2024 02:22:10 PM +02:00") == Self.march5 + 12 * 3600 + 22 * 60 + 10)
        // One-digit months, days and hours; 12 AM is midnight, 12 PM noon.
        #expect(Self.seconds("MM/DD/YYYY hh:mm AZ", "3/5/2024 12:05 AMZ") == Self.march5 + 5 * 60)
        #expect(Self.seconds("MM/DD/YYYY hh:mm AZ", "3/5/2024 12:05 pmZ") == Self.march5 + 12 * 3600 + 5 * 60)
        #expect(Self.seconds("DD.MM.YYYY HH:mm:ss.SSSZ", "05.03.2024 23:59:59.999-0100") == Self.march5 + 86_400 + 3600 - 1)
        // A date alone is its starting midnight UTC, as in ISO 8601.
        #expect(Self.seconds("DD/MM/YYYY", "05/03/2024") == Self.march5)
        #expect(Self.failure(DateFormat("DD/MM/YYYY")!, "30/02/2024") == .impossible)
        #expect(Self.failure(DateFormat("MM/DD/YYYY hh:mm A")!, "13/05/2024 01:00 PM") == .impossible)
        #expect(Self.failure(DateFormat("MM/DD/YYYY hh:mm A")!, "03/05/2024 13:00 PM") == .impossible)
        #expect(Self.failure(DateFormat("MM/DD/YYYY hh:mm A")!, "03/05/2024 01:00 XM") == .malformed)
        #expect(Self.failure(DateFormat("MM/DD/YYYY")!, "03/05/2024 ") == .malformed)
        #expect(Self.failure(DateFormat("MM/DD/YYYY")!, "2024-03-05") == .malformed)
        // A time without Z is local: no option places it yet.
        #expect(Self.failure(DateFormat("MM/DD/YYYY hh:mm:ss A")!, "03/24/2024 06:50:00 PM") == .missingOffset)
    }

    @Test(arguments: ["", "MM/DD", "YYYY-MM-DD-YYYY", "YYYY-MM-DD hh:mm", "YYYY-MM-DD HH:mm A", "YYYY-MM-DD hh HH A",
                      "Z YYYY-MM-DD", "YYYY-MM-DD ZZ", "YYYY-MM-DDé", String(repeating: "-", count: 70) + "YYYYMMDD"])
    func patternsThatAreNone(text: String) {
        #expect(DateFormat(text) == nil)
    }

    @Test func theOtherFormatsThatRead() {
        let names = { (format: DateFormat, text: String) in Array(text.utf8).withUnsafeBufferPointer { format.formatsThatRead($0) } }
        #expect(names(.iso, "1709596800") == ["unix", "unixMillis"])
        #expect(names(.unix, "2024-03-05") == ["iso"])
        // A local ISO date-time reads in no format today.
        #expect(names(.unix, "2024-03-05 10:00") == [])
        #expect(names(.iso, "03/05/2024") == [])
    }
}
