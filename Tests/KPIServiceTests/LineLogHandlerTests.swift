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
