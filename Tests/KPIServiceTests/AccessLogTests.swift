import Glibc
import HTTPServer
import HTTPTypes
import JSON
import Logging
import Synchronization
import Testing

@testable import KPIService

/// The service's access log: one `request` line per answer, typed into a ``LineLogHandler`` and as swift-log
/// metadata for any other handler.
@Suite struct AccessLogTests {
    /// Sends `requests` to a service logging through `handler` (made around a sink writing into a pipe) and
    /// returns the answers and the lines written.
    func logged(
        level: Logger.Level = .info, _ requests: [Request]
    ) throws -> (responses: [Response], lines: [String]) {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let sink = LogSink(fd: fds[1])
        let service = KPIService(logger: Logger(label: "test") { _ in LineLogHandler(format: .json, level: level, sink: sink) })
        let responses = requests.map { service.handle($0) }
        sink.flush()
        close(fds[1])
        var text: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while case let count = read(fds[0], &buffer, buffer.count), count > 0 { text += buffer[0..<count] }
        return (responses, String(decoding: text, as: UTF8.self).split(separator: "\n").map(String.init))
    }

    @Test func eachAnswerIsOneJSONLineWithItsTypedFields() throws {
        let (responses, lines) = try logged([
            TestClient.request(.post, "/cac", body: #"{"totalSpend":10000,"newCustomers":10}"#),
            TestClient.request(.get, "/nope?a=%22b%22"),
        ])
        try #require(lines.count == 2)
        for (response, line) in zip(responses, lines) {
            let value = try JSONReader.parse(Array(line.utf8))
            #expect(value["level"] == "info" && value["message"] == "request")
            #expect(value["status"] == .int(response.status.code))
            #expect(value["bytes"] == .int(response.body.count))
            #expect(value["requestId"] == .string(response.headerFields[HTTPField.Name("X-Request-ID")!] ?? ""))
            let milliseconds = try #require(value["durationMs"]?.numberValue?.double)
            #expect(milliseconds >= 0 && milliseconds < 60_000)
        }
        let first = try JSONReader.parse(Array(lines[0].utf8))
        #expect(first["method"] == "POST" && first["path"] == "/cac" && first["status"] == 200)
        let second = try JSONReader.parse(Array(lines[1].utf8))
        // The path without its query.
        #expect(second["method"] == "GET" && second["path"] == "/nope" && second["status"] == 404)
    }

    @Test func belowInfoNothingIsLogged() throws {
        let (_, lines) = try logged(level: .warning, [TestClient.request(.get, "/healthz")])
        #expect(lines.isEmpty)
    }

    /// A handler that keeps every event.
    struct Recording: LogHandler {
        final class Events: Sendable {
            let events = Mutex<[(message: String, metadata: Logger.Metadata)]>([])
        }
        let events: Events
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .info
        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }
        func log(event: LogEvent) {
            events.events.withLock { $0.append((event.message.description, event.metadata ?? [:])) }
        }
    }

    @Test func anyOtherHandlerGetsTheEntryAsSwiftLogMetadata() throws {
        let events = Recording.Events()
        let service = KPIService(logger: Logger(label: "test") { _ in Recording(events: events) })
        let response = service.handle(TestClient.request(.post, "/cac", body: #"{"totalSpend":10000,"newCustomers":10}"#))
        let logged = events.events.withLock { $0 }
        try #require(logged.count == 1)
        #expect(logged[0].message == "request")
        let metadata = logged[0].metadata
        #expect(Set(metadata.keys) == ["method", "path", "status", "bytes", "durationMs", "requestId"])
        #expect(metadata["method"] == "POST" && metadata["path"] == "/cac")
        #expect(metadata["status"] == .stringConvertible(200))
        #expect(metadata["bytes"] == .stringConvertible(response.body.count))
        #expect(metadata["requestId"] == .string(response.headerFields[HTTPField.Name("X-Request-ID")!] ?? ""))
    }
}
