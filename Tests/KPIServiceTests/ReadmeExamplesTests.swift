import Foundation
import HTTPTypes
import JSON
import KPICore
import KPIService
import Testing

/// Every curl example in README.md and in the Markdown files under docs/, run against the service (both
/// transports), must give the output shown below it.
@Suite struct ReadmeExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        /// The file it is in, relative to the repository (`docs/examples/acquisition.md`).
        var file: String
        var command: String
        var expected: String
        var testDescription: String { file + ": " + String(command.prefix(80)) }
    }

    /// The curl examples of README.md and docs/, or why they could not be read.
    static let loaded: Result<[Example], ReadFailure> = {
        let pattern = try! NSRegularExpression(pattern: "```sh\\n(curl [^\\n]*(?:\\\\\\n[^\\n]*)*)\\n```\\n```json\\n(.*?)```", options: [.dotMatchesLineSeparators])
        var examples: [Example] = []
        for file in MarkdownDocuments.files {
            let text: String
            do { text = try MarkdownDocuments.read(file) } catch { return .failure(ReadFailure(description: "\(file): \(error)")) }
            let range = NSRange(text.startIndex..., in: text)
            examples += pattern.matches(in: text, range: range).map { match in
                Example(
                    file: file,
                    command: String(text[Range(match.range(at: 1), in: text)!]),
                    expected: String(text[Range(match.range(at: 2), in: text)!]))
            }
        }
        return .success(examples)
    }()

    struct ReadFailure: Error, CustomStringConvertible {
        var description: String
    }

    /// The examples to run; empty when a file cannot be read, which `everyKPIHasAnExample` reports as a failure.
    static let examples: [Example] = (try? loaded.get()) ?? []

    /// The route a curl example calls (`cac` for `curl -s localhost:8080/cac ...`).
    static func route(_ example: Example) -> String? {
        guard let range = example.command.range(of: #"localhost:8080/[a-z0-9-]+"#, options: .regularExpression) else { return nil }
        return String(example.command[range].dropFirst("localhost:8080/".count))
    }

    @Test func everyKPIHasAnExample() throws {
        let examples = try Self.loaded.get()  // fails with the read error when a file cannot be read
        let routes = Set(examples.compactMap(Self.route))
        for family in KPIRegistry.families {
            for kpi in family.kpis {
                #expect(routes.contains(kpi.id), "no curl example of \(kpi.id): add one to docs/examples/\(MarkdownDocuments.slug(family.name)).md")
            }
        }
    }

    @Test(arguments: TestTransport.allCases, examples)
    func theExampleAnswersWhatTheReadmeShows(transport: TestTransport, example: Example) throws {
        let arguments = Self.shellWords(example.command.replacingOccurrences(of: "\\\n", with: " "))
        var method: HTTPRequest.Method = .get
        var path = "/"
        var headers: [(String, String)] = []
        var body: String?
        var index = 1
        while index < arguments.count {
            let argument = arguments[index]
            switch argument {
            case "-s", "-S", "-sS": break
            case "-X": index += 1; method = HTTPRequest.Method(arguments[index])!
            case "-H":
                index += 1
                let parts = arguments[index].split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
                headers.append((parts[0], parts[1]))
            case "-d", "--data", "--data-binary":
                index += 1
                body = arguments[index]
                // `--data-binary @path`: the file as it is (a sample export), the path relative to the repository.
                if argument == "--data-binary", arguments[index].hasPrefix("@") {
                    let file = OpenAPIDocumentTests.repositoryRoot.appendingPathComponent(String(arguments[index].dropFirst()))
                    body = String(decoding: try Data(contentsOf: file), as: UTF8.self)
                }
                if method == .get { method = .post }
            default:
                let prefix = "localhost:8080"
                try #require(argument.hasPrefix(prefix), "unexpected curl argument \(argument)")
                path = String(argument.dropFirst(prefix.count))
            }
            index += 1
        }
        let contentType = headers.first { $0.0.lowercased() == "content-type" }?.1
        let reply = try Application.testing().test(transport) { client in
            try client.execute(method, path, body: body, contentType: contentType, headers: headers.filter { $0.0.lowercased() != "content-type" })
        }
        let actual = try #require(reply.json, "\(reply.text)")
        let expected = try JSONReader.parse(Array(example.expected.utf8))
        #expect(actual == expected, "run scripts/update-readme-examples.py")
    }

    /// Splits a command line into words, honouring single and double quotes.
    static func shellWords(_ line: String) -> [String] {
        var words: [String] = []
        var current = ""
        var quote: Character?
        var inWord = false
        // Bash's `$'…'`: `\n`, `\r`, `\\` and `\'` are escapes (for record lines in one argument).
        var ansi = false
        var escaping = false
        var previous: Character?
        for character in line {
            defer { previous = character }
            if ansi {
                if escaping {
                    escaping = false
                    switch character {
                    case "n": current.append("\n")
                    case "r": current.append("\r")
                    default: current.append(character)
                    }
                } else if character == "\\" {
                    escaping = true
                } else if character == "'" {
                    ansi = false
                } else {
                    current.append(character)
                }
            } else if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
            } else if character == "'", previous == "$" {
                current.removeLast()
                ansi = true
            } else if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character == " " || character == "\n" {
                if inWord { words.append(current); current = ""; inWord = false }
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        return words
    }
}
