import Foundation
import Testing

/// README.md's configuration table, held to what `kpi-server serve --help` says of each option.
@Suite struct ReadmeConfigurationTests {
    /// One option: its flag, its environment variable, and its default where the help gives one as a single word.
    struct Option: Equatable, CustomStringConvertible {
        var flag: String
        var environment: String
        var defaultValue: String?
        var description: String { "\(flag) \(environment) \(defaultValue ?? "-")" }
    }

    /// The options of `kpi-server serve --help`: `--port <port>  Port to listen on; … (env PORT, default 8080).`
    static func helpOptions() throws -> [Option] {
        let result = try CommandLineTests.run(["serve", "--help"])
        try #require(result.status == 0, "\(result.error)")
        let text = result.output.split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let option = try NSRegularExpression(pattern: "(--[a-z-]+) <[^>]+> (.*?)(?= --[a-z-]+ <| -h, --help|$)")
        let environment = try NSRegularExpression(pattern: "\\(env ([A-Z_]+)(?:, default ([^ ):]+)\\))?")
        return option.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap { match in
            let help = String(text[Range(match.range(at: 2), in: text)!])
            guard let env = environment.firstMatch(in: help, range: NSRange(help.startIndex..., in: help)) else { return nil }
            return Option(
                flag: String(text[Range(match.range(at: 1), in: text)!]),
                environment: String(help[Range(env.range(at: 1), in: help)!]),
                defaultValue: Range(env.range(at: 2), in: help).map { String(help[$0]) })
        }
    }

    /// The rows of README.md's table under `## Configuration`: `` | `--port` | `PORT` | `8080` | … | ``.
    static func readmeOptions() throws -> [Option] {
        let readme = try MarkdownDocuments.read("README.md")
        let start = try #require(readme.range(of: "\n## Configuration\n"), "README.md has no ## Configuration section")
        let section = readme[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        return section[..<end].split(separator: "\n").filter { $0.hasPrefix("| `--") }.map { row in
            let cells = row.split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }
            let unquoted = { (cell: String) in cell.hasPrefix("`") ? String(cell.dropFirst().dropLast()) : cell }
            return Option(flag: unquoted(cells[0]), environment: unquoted(cells[1]), defaultValue: unquoted(cells[2]))
        }
    }

    @Test func theConfigurationTableHasEveryOptionWithItsVariableAndDefault() throws {
        let help = try Self.helpOptions()
        let readme = try Self.readmeOptions()
        #expect(help.count >= 19, "the help was not read: \(help)")
        #expect(readme.map(\.flag) == help.map(\.flag), "the table's flags, in the help's order")
        for option in help {
            let row = try #require(readme.first { $0.flag == option.flag }, "no row for \(option.flag)")
            #expect(row.environment == option.environment, "\(option.flag)")
            if let value = option.defaultValue { #expect(row.defaultValue == value, "\(option.flag)") }
        }
    }
}
