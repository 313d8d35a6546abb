import Foundation
import Testing

/// README.md's performance summary, held to the benchmark run recorded in docs/performance.md (the output of
/// `Benchmarks/peers.sh`), so that a new run recorded there cannot leave old figures in the README.
@Suite struct ReadmePerformanceTests {
    /// One line of the run's table: `POST /cac, 64 keep-alive   kpi-server   64652  0.92  2.25  0  19.4 MB  5.6×`.
    struct Measured {
        var requestsPerSecond: String
        var p99: String
        var ratio: String?
    }

    /// The run's lines by scenario and server.
    static func run() throws -> (table: [String: [String: Measured]], idle: [String: (before: String, held: String)], bars: (met: Int, all: Int)) {
        let text = try MarkdownDocuments.read("docs/performance.md")
        let row = try NSRegularExpression(pattern: #"^(\S.*?)\s{2,}(kpi-server|hummingbird|vapor)\s+(\d+)\s+[\d.]+\s+([\d.]+)\s+\d+\s+[\d.]+ MB\s*([\d.]+×)?\s*$"#)
        let idle = try NSRegularExpression(pattern: #"^(kpi-server|hummingbird|vapor)\s+\d+\s+\d+\s+([\d.]+) MB\s+([\d.]+) MB"#)
        var table: [String: [String: Measured]] = [:]
        var held: [String: (before: String, held: String)] = [:]
        var bars = (met: 0, all: 0)
        for line in text.split(separator: "\n").map(String.init) {
            let range = NSRange(line.startIndex..., in: line)
            let group = { (match: NSTextCheckingResult, index: Int) in Range(match.range(at: index), in: line).map { String(line[$0]) } }
            if let match = row.firstMatch(in: line, range: range) {
                table[group(match, 1)!, default: [:]][group(match, 2)!] = Measured(requestsPerSecond: group(match, 3)!, p99: group(match, 4)!, ratio: group(match, 5))
            } else if let match = idle.firstMatch(in: line, range: range) {
                held[group(match, 1)!] = (group(match, 2)!, group(match, 3)!)
            } else if line.hasPrefix("PASS ") || line.hasPrefix("FAIL ") {
                bars.all += 1
                if line.hasPrefix("PASS ") { bars.met += 1 }
            }
        }
        return (table, held, bars)
    }

    @Test func theSummaryIsTheRecordedRun() throws {
        let (table, idle, bars) = try Self.run()
        let readme = try MarkdownDocuments.read("README.md")
        let start = try #require(readme.range(of: "\n## Performance\n"), "README.md has no ## Performance section")
        let section = readme[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        let rows = section[..<end].split(separator: "\n").filter { $0.hasPrefix("| POST") }
        #expect(rows.count >= 3, "README.md's performance table was not found")
        for row in rows {
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let scenario = try #require(table[cells[0]], "\(cells[0]) is not a scenario of docs/performance.md")
            #expect(cells[1].replacingOccurrences(of: ",", with: "") == scenario["kpi-server"]?.requestsPerSecond, "\(cells[0]): req/s")
            #expect(cells[2] == scenario["kpi-server"]?.p99, "\(cells[0]): p99")
            #expect(cells[3] == scenario["hummingbird"]?.ratio, "\(cells[0]): × Hummingbird")
            #expect(cells[4] == scenario["vapor"]?.ratio, "\(cells[0]): × Vapor")
        }
        let prose = section[..<end].split(whereSeparator: \.isWhitespace).joined(separator: " ")
        let kpiServer = try #require(idle["kpi-server"], "docs/performance.md has no idle-connection table")
        #expect(prose.contains("from \(kpiServer.before) to \(kpiServer.held) MB"))
        #expect(prose.contains("Hummingbird: \(idle["hummingbird"]?.held ?? "?") MB") && prose.contains("Vapor: \(idle["vapor"]?.held ?? "?") MB"))
        #expect(prose.contains("Of the \(bars.all) bars the script checks, \(bars.met) were met"), "\(bars)")
    }
}
