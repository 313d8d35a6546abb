import Testing

@testable import Reading

/// The ISO 8601 forms exports write. Each expected instant is worked out by hand from the text: the UTC
/// wall time is the local time minus the offset, counted from 2024-03-05T00:00:00Z = 1 709 596 800 s
/// (19 787 days × 86 400 s since 1970-01-01).
@Suite struct ISO8601Tests {
    static let march5 = Int64(1_709_596_800)

    static let accepted: [(String, Int64, Int32)] = [
        ("2024-03-05", march5, 0),
        ("2024-03-05T14:22:10Z", march5 + 14 * 3600 + 22 * 60 + 10, 0),
        // HubSpot, Zendesk and Pipedrive exports write a space and no seconds.
        ("2024-03-05 14:22Z", march5 + 14 * 3600 + 22 * 60, 0),
        // Salesforce's REST API: a fraction and ±hhmm.
        ("2024-03-05T14:22:10.000+0000", march5 + 14 * 3600 + 22 * 60 + 10, 0),
        // Delighted: a space before the offset.
        ("2024-03-05 12:10:00 +0530", march5 + 12 * 3600 + 10 * 60 - (5 * 3600 + 30 * 60), 0),
        ("2024-03-05t09:30-05", march5 + 14 * 3600 + 30 * 60, 0),
        ("2024-03-05T09:30:00.123456789123-02:00", march5 + 11 * 3600 + 30 * 60, 123_456_789),
        ("2024-03-05 00:00 z", march5, 0),
    ]

    @Test(arguments: accepted)
    func accepts(text: String, seconds: Int64, nanoseconds: Int32) throws {
        let moment = try parse(text).get()
        #expect(moment.seconds == seconds)
        #expect(moment.nanoseconds == nanoseconds)
    }

    static let refused: [(String, ISO8601.Failure)] = [
        ("2024-03-05 14:22", .missingOffset),
        ("2024-03-05T14:22:10.5", .missingOffset),
        ("2024-02-30", .impossible),
        ("2024-03-05 24:00Z", .impossible),
        ("2024-03-05T10:00+24:00", .impossible),
        ("2024-03-05  14:22Z", .malformed),
        ("2024-03-05T14:22  Z", .malformed),
        ("2024-03-05T14:22 ", .malformed),
        ("2024-03-05T14:22.5Z", .malformed),
        ("2024-03-05T14:22:10.Z", .malformed),
        ("2024-03-05T14:22+5", .malformed),
        ("2024-03-05T14:22+05:3", .malformed),
        ("2024-03-05T14:22+05:300", .malformed),
        ("2024-03-05T14", .malformed),
        ("2024/03/05", .malformed),
        ("", .malformed),
    ]

    @Test(arguments: refused)
    func refuses(text: String, failure: ISO8601.Failure) {
        #expect(parse(text) == .failure(failure))
    }

    /// Every prefix of an accepted text is read without trapping (the parser never reads past the end).
    @Test func prefixesNeverTrap() {
        for (text, _, _) in Self.accepted {
            let bytes = Array(text.utf8)
            for end in 0...bytes.count { _ = bytes[..<end].withUnsafeBufferPointer { ISO8601.parse($0) } }
        }
    }

    private func parse(_ text: String) -> Result<ISO8601.Moment, ISO8601.Failure> {
        Array(text.utf8).withUnsafeBufferPointer { ISO8601.parse($0) }
    }
}

extension Result where Success == ISO8601.Moment, Failure == ISO8601.Failure {
    static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.success(let a), .success(let b)): a.seconds == b.seconds && a.nanoseconds == b.nanoseconds
        case (.failure(let a), .failure(let b)): a == b
        default: false
        }
    }
}
