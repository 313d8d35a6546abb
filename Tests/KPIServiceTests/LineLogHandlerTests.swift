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
}
