import Glibc
import JSON
import Logging
import Testing

@testable import KPIService

@Suite struct LineLogHandlerTests {
    /// Logs one event through a sink writing into a pipe and returns the line.
    func logLine(format: LogFormat, _ log: (Logger) -> Void) throws -> String {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = LogSink(fd: fds[1])
        log(Logger(label: "test") { _ in LineLogHandler(format: format, level: .info, sink: sink) })
        sink.flush()
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = read(fds[0], &buffer, buffer.count)
        return String(decoding: buffer[0..<max(count, 0)], as: UTF8.self)
    }

    @Test func aJSONLineKeepsNumbersAsNumbersAndEscapesStrings() throws {
        let line = try logLine(format: .json) {
            $0.info("request", metadata: [
                "status": .stringConvertible(200), "durationMs": .stringConvertible(0.25),
                "path": .string("/cac \"quoted\""), "requestId": "abc", "delayMs": .stringConvertible(Int64(250)),
                "huge": .stringConvertible(UInt64.max),
            ])
        }
        #expect(line.hasSuffix("}\n"))
        let value = try JSONReader.parse(Array(line.utf8.dropLast()))
        #expect(value["level"] == "info")
        #expect(value["message"] == "request")
        #expect(value["status"] == 200)
        #expect(value["durationMs"] == 0.25)
        #expect(value["delayMs"] == 250)
        #expect(value["huge"] == "18446744073709551615")
        #expect(value["path"] == "/cac \"quoted\"")
        #expect(value["time"]?.stringValue?.count == 24)
        #expect(value["time"]?.stringValue?.hasSuffix("Z") == true)
    }

    @Test func consecutiveLinesAreEachAWholeJSONObject() throws {
        let text = try logLine(format: .json) {
            $0.info("first")
            $0.info("request", metadata: Self.request)
            $0.warning("third", metadata: ["n": .stringConvertible(3)])
        }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == 4 && lines[3].isEmpty)
        let values = try lines.prefix(3).map { try JSONReader.parse(Array($0.utf8)) }
        #expect(values.map { $0["message"] } == ["first", "request", "third"])
        #expect(values[1]["durationMs"] == 0.0315)
        #expect(values[2]["level"] == "warning" && values[2]["n"] == 3)
    }

    /// A metadata value whose description logs through the same logger.
    struct Chatty: CustomStringConvertible, Sendable {
        let logger: Logger
        var description: String {
            logger.info("inner")
            return "chatty"
        }
    }

    @Test func aDescriptionThatLogsIsFormattedOutsideTheSinksLock() throws {
        let text = try logLine(format: .json) { logger in
            logger.info("outer", metadata: ["value": .stringConvertible(Chatty(logger: logger))])
        }
        let lines = try text.split(separator: "\n").map { try JSONReader.parse(Array($0.utf8)) }
        #expect(lines.map { $0["message"] } == ["inner", "outer"])
        #expect(lines.last?["value"] == "chatty")
    }

    @Test func belowTheLevelNothingIsWritten() throws {
        let line = try logLine(format: .json) { $0.debug("hidden") }
        #expect(line.isEmpty)
    }

    @Test func aTextLineListsMetadataSortedByKey() throws {
        let line = try logLine(format: .text) { $0.info("request", metadata: ["b": "2", "a": "1"]) }
        #expect(line.hasSuffix(" info request a=1 b=2\n"), "\(line)")
    }

    /// The access log's metadata, as ``KPIService`` logs it.
    static let request: Logger.Metadata = [
        "method": "POST", "path": "/cac", "status": .stringConvertible(200), "bytes": .stringConvertible(338),
        "durationMs": .stringConvertible(0.0315), "requestId": "r-1",
    ]

    @Test func requestMetadataIsWrittenAsTypedMembersOfTheJSONLineAfterTheFixedOnes() throws {
        let line = try logLine(format: .json) { $0.info("request", metadata: Self.request) }
        let value = try JSONReader.parse(Array(line.utf8.dropLast()))
        let keys = value.objectValue?.keys ?? []
        #expect(Array(keys.prefix(3)) == ["time", "level", "message"])
        #expect(Set(keys.dropFirst(3)) == ["bytes", "durationMs", "method", "path", "requestId", "status"])
        #expect(value["status"] == 200)
        #expect(value["bytes"] == 338)
        #expect(value["durationMs"] == 0.0315)
        #expect(value["requestId"] == "r-1")
    }

    @Test func requestMetadataIsWrittenAsKeyValuePairsOfTheTextLine() throws {
        let line = try logLine(format: .text) { $0.info("request", metadata: Self.request) }
        #expect(line.hasSuffix(" info request bytes=338 durationMs=0.0315 method=POST path=/cac requestId=r-1 status=200\n"), "\(line)")
    }

    @Test func valuesOtherThanIntAndDoubleKeepTheirFormerForm() throws {
        let line = try logLine(format: .json) {
            $0.info("request", metadata: [
                "small": .stringConvertible(Int8(-7)), "infinite": .stringConvertible(Double.infinity),
                "float": .stringConvertible(Float(0.5)), "whole": .stringConvertible(2.0),
            ])
        }
        let value = try JSONReader.parse(Array(line.utf8.dropLast()))
        #expect(value["small"] == -7)
        #expect(value["infinite"] == "inf")
        #expect(value["float"] == "0.5")
        #expect(value["whole"] == 2)
    }

    /// The entry behind ``request``'s metadata, typed.
    static let record = AccessRecord(method: "POST", path: "/cac", status: 200, bytes: 338, nanoseconds: 31_500, requestID: "r-1")

    /// A JSON line's members by name (their order is not part of a line), but for `time`, which differs between
    /// two lines.
    func members(_ line: String) throws -> [String: JSONValue] {
        let value = try JSONReader.parse(Array(line.utf8.dropLast()))
        var members = Dictionary(uniqueKeysWithValues: try #require(value.objectValue).members.map { ($0.key, $0.value) })
        members["time"] = nil
        return members
    }

    @Test func aTypedEntryWritesTheSameMembersAsItsMetadata() throws {
        #expect(Self.record.metadata == Self.request)
        let typed = try logLine(format: .json) { ($0.handler as! LineLogHandler).log(request: Self.record) }
        let viaEvent = try logLine(format: .json) { $0.info("request", metadata: Self.record.metadata) }
        #expect(try members(typed) == members(viaEvent))
        #expect(typed.hasPrefix(#"{"time":""#))
        #expect(typed.hasSuffix(#","level":"info","message":"request","method":"POST","path":"/cac","status":200,"bytes":338,"durationMs":0.0315,"requestId":"r-1"}"# + "\n"))
    }

    /// Durations are whole nanoseconds written in milliseconds; each text must read back as the `Double` the
    /// metadata form holds (the quotient computed in floating point here, independently of the writer).
    @Test(arguments: [
        (1, "0.000001"), (999, "0.000999"), (31_500, "0.0315"), (1_000_000, "1"), (2_500_000, "2.5"),
        (123_456_789_012, "123456.789012"), (0, "0"),
    ])
    func typedDurationsAreExactDecimalsOfTheMetadatasDouble(nanoseconds: Int, expected: String) throws {
        var record = Self.record
        record.nanoseconds = nanoseconds
        let line = try logLine(format: .json) { ($0.handler as! LineLogHandler).log(request: record) }
        #expect(line.contains(#""durationMs":\#(expected),"#), "\(line)")
        #expect(Double(expected) == Double(nanoseconds) / 1_000_000)
        #expect(try members(line)["durationMs"] == .number(JSONNumber(Double(nanoseconds) / 1_000_000)))
    }

    @Test func aTypedEntryEscapesItsStrings() throws {
        var record = Self.record
        record.path = "/a\"b\\c\u{1}é"
        record.requestID = "id\n2"
        let line = try logLine(format: .json) { ($0.handler as! LineLogHandler).log(request: record) }
        #expect(line.split(separator: "\n").count == 1)
        let value = try JSONReader.parse(Array(line.utf8.dropLast()))
        #expect(value["path"] == "/a\"b\\c\u{1}é")
        #expect(value["requestId"] == "id\n2")
    }

    @Test func aTypedEntryInTheTextFormatIsTheMetadataLine() throws {
        let line = try logLine(format: .text) { ($0.handler as! LineLogHandler).log(request: Self.record) }
        #expect(line.hasSuffix(" info request bytes=338 durationMs=0.0315 method=POST path=/cac requestId=r-1 status=200\n"), "\(line)")
    }

    @Test func aHandlerWithMetadataOfItsOwnAddsItToTypedEntries() throws {
        let line = try logLine(format: .json) { logger in
            var logger = logger
            logger[metadataKey: "instance"] = "a"
            (logger.handler as! LineLogHandler).log(request: Self.record)
        }
        let value = try JSONReader.parse(Array(line.utf8.dropLast()))
        #expect(value["instance"] == "a")
        #expect(value["status"] == 200)
    }

    @Test func typedEntriesBelowTheLevelAreNotWritten() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = LogSink(fd: fds[1])
        LineLogHandler(format: .json, level: .warning, sink: sink).log(request: Self.record)
        sink.write(line: UnsafeBufferPointer(start: nil, count: 0))
        sink.flush()
        close(fds[1])
        var buffer = [UInt8](repeating: 0, count: 64)
        #expect(read(fds[0], &buffer, buffer.count) == 1)  // the empty line alone
    }

    /// Timestamps checked against glibc's `gmtime_r`, an independent calendar: every day from 1900 to 2200
    /// (leap years, century years, 2000) at a time of day that moves through the hours.
    @Test func timestampsAgreeWithGmtimeOverThreeCenturies() {
        var text = [UInt8](repeating: 0, count: 24)
        for day in -25_567...84_000 {
            var seconds = day * 86_400 + (day % 86_400 + 86_400) % 86_400
            var parts = tm()
            gmtime_r(&seconds, &parts)
            func padded(_ value: some BinaryInteger, _ width: Int) -> String {
                let digits = String(value)
                return String(repeating: "0", count: width - digits.count) + digits
            }
            let expected = padded(parts.tm_year + 1900, 4) + "-" + padded(parts.tm_mon + 1, 2) + "-" + padded(parts.tm_mday, 2)
                + "T" + padded(parts.tm_hour, 2) + ":" + padded(parts.tm_min, 2) + ":" + padded(parts.tm_sec, 2)
                + "." + padded(day.magnitude % 1000, 3) + "Z"
            text.withUnsafeMutableBufferPointer {
                LineLogHandler.format(seconds: seconds, milliseconds: Int(day.magnitude % 1000), into: $0)
            }
            if String(decoding: text, as: UTF8.self) != expected {
                Issue.record("day \(day): \(String(decoding: text, as: UTF8.self)) != \(expected)")
                return
            }
        }
    }

    /// The clock's second texts against the formatter, for seconds met in and out of order (each change of
    /// second formats anew; a repeat is the cached text).
    @Test func theClocksSecondsAreTheFormattersText() {
        let clock = LogClock()
        var text = [UInt8](repeating: 0, count: 24)
        var expected = [UInt8](repeating: 0, count: 24)
        for seconds in [1_795_451_201, 1_795_451_201, 1_795_451_202, 0, 1_795_451_202, -1, 951_825_599] {
            text.withUnsafeMutableBufferPointer { clock.copySecond(seconds, into: $0) }
            expected.withUnsafeMutableBufferPointer { LineLogHandler.format(seconds: seconds, milliseconds: 0, into: $0) }
            #expect(text[..<20] == expected[..<20], "\(seconds)")
        }
    }

    @Test func aLinesTimestampIsTheClocksTimeToTheMillisecond() throws {
        var before = timespec()
        clock_gettime(CLOCK_REALTIME, &before)
        let stamp = LineLogHandler.withTimestamp { String(decoding: $0, as: UTF8.self) }
        var after = timespec()
        clock_gettime(CLOCK_REALTIME, &after)
        func text(_ time: timespec) -> String {
            var bytes = [UInt8](repeating: 0, count: 24)
            bytes.withUnsafeMutableBufferPointer { LineLogHandler.format(seconds: time.tv_sec, milliseconds: time.tv_nsec / 1_000_000, into: $0) }
            return String(decoding: bytes, as: UTF8.self)
        }
        // RFC 3339 texts of one width order as their instants do.
        #expect(text(before) <= stamp && stamp <= text(after), "\(text(before)) \(stamp) \(text(after))")
    }

    @Test(arguments: [
        (0, 0, "1970-01-01T00:00:00.000Z"), (951_825_599, 999, "2000-02-29T11:59:59.999Z"),
        (1_795_451_201, 123, "2026-11-23T16:26:41.123Z"), (-1, 5, "1969-12-31T23:59:59.005Z"),
    ])
    func knownInstantsAreFormatted(seconds: Int, milliseconds: Int, expected: String) {
        var text = [UInt8](repeating: 0, count: 24)
        text.withUnsafeMutableBufferPointer { LineLogHandler.format(seconds: seconds, milliseconds: milliseconds, into: $0) }
        #expect(String(decoding: text, as: UTF8.self) == expected)
    }
}
