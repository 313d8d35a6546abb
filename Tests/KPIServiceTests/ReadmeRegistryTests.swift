import Foundation
import KPICore
import Testing

@testable import KPIService

/// README.md's counts and lists, held to the registry and the route table, and the links of every Markdown
/// page, so that none of them can go stale.
@Suite struct ReadmeRegistryTests {
    static func readme() throws -> String { try MarkdownDocuments.read("README.md") }

    /// The KPI list as README.md must show it under `## KPIs`: one line per family, from `KPIRegistry.families`.
    static var kpiList: String {
        KPIRegistry.families.map { family in
            "- **\(family.name)** ([examples](docs/examples/\(MarkdownDocuments.slug(family.name)).md)): "
                + family.kpis.map { "`\($0.id)` \($0.name)" }.joined(separator: " · ")
        }.joined(separator: "\n")
    }

    @Test func theKPIListIsTheRegistrys() throws {
        #expect(try Self.readme().contains("\n" + Self.kpiList + "\n"), "README.md's list under ## KPIs must read:\n\(Self.kpiList)")
    }

    /// Spelled-out numbers: a count in words cannot be checked, so the README writes counts in digits.
    static let numberWords = "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen"
        + "|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred"

    @Test(arguments: [("KPIs", KPIRegistry.all.count), ("families", KPIRegistry.families.count)])
    func everyCountIsTheRegistrys(noun: String, count: Int) throws {
        let readme = try Self.readme()
        let range = NSRange(readme.startIndex..., in: readme)
        // A number, up to two words, then the noun: `23 KPIs`, `23 customer-relationship KPIs`.
        let digits = try NSRegularExpression(pattern: "(?<![\\w.])([0-9]+)((?: [A-Za-z-]+){0,2}) \(noun)\\b")
        let found = digits.matches(in: readme, range: range).map { Int(readme[Range($0.range(at: 1), in: readme)!])! }
        #expect(!found.isEmpty, "README.md does not say how many \(noun) there are (\(count))")
        #expect(found.allSatisfy { $0 == count }, "README.md counts \(found) \(noun); the registry has \(count)")
        // `fourteen more`, `twenty-three KPIs`: a count in words is not allowed near the noun or before `more`.
        let words = try NSRegularExpression(
            pattern: "\\b(?:\(Self.numberWords))(?:-[a-z]+)?\\b((?: [A-Za-z-]+){0,2}) (?:\(noun)|more)\\b", options: [.caseInsensitive])
        let spelled = words.matches(in: readme, range: range).map { String(readme[Range($0.range, in: readme)!]) }
        #expect(spelled.isEmpty, "write counts in digits so this test can check them: \(spelled)")
    }

    @Test func theEndpointsTableListsEveryRoute() throws {
        let readme = try Self.readme()
        let start = try #require(readme.range(of: "\n## Endpoints\n"), "README.md has no ## Endpoints section")
        let section = readme[start.upperBound...]
        let end = section.range(of: "\n## ")?.lowerBound ?? section.endIndex
        let firstCells = section[..<end].split(separator: "\n").filter { $0.hasPrefix("| `") }.compactMap {
            $0.dropFirst(2).components(separatedBy: " | ").first
        }
        let route = try NSRegularExpression(pattern: "`([A-Z]+ /[^`]*)`")
        let listed = Set(firstCells.flatMap { cell in
            route.matches(in: cell, range: NSRange(cell.startIndex..., in: cell)).map { String(cell[Range($0.range(at: 1), in: cell)!]) }
        })
        let kpiRoutes = Set(KPIRegistry.all.map { "POST /" + $0.id })
        let routes = Set(Endpoints.all.map { "\($0.method.rawValue) \($0.path)" })
        #expect(listed == routes.subtracting(kpiRoutes).union(["POST /<kpi-id>"]),
                "listed but not served: \(listed.subtracting(routes).subtracting(["POST /<kpi-id>"]).sorted()); served but not listed: \(routes.subtracting(kpiRoutes).subtracting(listed).sorted())")
    }

    @Test func theReadmeLinksEveryPageUnderDocs() throws {
        let readme = try Self.readme()
        for file in MarkdownDocuments.files.dropFirst() {
            #expect(readme.contains("](\(file)"), "link \(file) from README.md (the More documentation or Examples table)")
        }
    }

    /// A link's target: a file relative to the page, and a heading of it after `#`.
    @Test(arguments: MarkdownDocuments.files)
    func everyRelativeLinkLeadsToAFileAndHeading(file: String) throws {
        let text = try MarkdownDocuments.read(file)
        let link = try NSRegularExpression(pattern: "\\]\\(([^)\\s]+)\\)")
        let directory = file.split(separator: "/").dropLast().map(String.init)
        for match in link.matches(in: text, range: NSRange(text.startIndex..., in: text)) {
            let target = String(text[Range(match.range(at: 1), in: text)!])
            if target.contains("://") || target.hasPrefix("mailto:") { continue }
            let parts = target.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            let path = parts[0].isEmpty ? file : Self.resolve(parts[0], from: directory)
            let url = OpenAPIDocumentTests.repositoryRoot.appendingPathComponent(path)
            #expect(FileManager.default.fileExists(atPath: url.path), "\(file): \(target) leads to no file")
            guard parts.count == 2, path.hasSuffix(".md"), let linked = try? String(contentsOf: url, encoding: .utf8) else { continue }
            let anchors = linked.split(separator: "\n").filter { $0.hasPrefix("#") }.map {
                MarkdownDocuments.anchor(String($0.drop { $0 == "#" }.dropFirst()))
            }
            #expect(anchors.contains(parts[1]), "\(file): \(target) names no heading of \(path)")
        }
    }

    /// `target` (`../README.md`) from the folder `directory` (`["docs", "examples"]`), relative to the repository.
    static func resolve(_ target: String, from directory: [String]) -> String {
        var components = directory
        for component in target.split(separator: "/") {
            switch component {
            case ".": continue
            case "..": _ = components.popLast()
            default: components.append(String(component))
            }
        }
        return components.joined(separator: "/")
    }
}
