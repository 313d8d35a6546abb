import Foundation
import HTTPTypes
import JSON
import KPIService
import Testing

/// Every curl example in README.md, run against the service (both transports), must give the output the README shows.
@Suite struct ReadmeExamplesTests {
    struct Example: CustomTestStringConvertible, Sendable {
        var command: String
        var expected: String
        var testDescription: String { String(command.prefix(80)) }
    }

    static let examples: [Example] = {
        let url = OpenAPIDocumentTests.repositoryRoot.appendingPathComponent("README.md")
        guard let readme = try? String(contentsOf: url, encoding: .utf8) else { return [] }
        let pattern = try! NSRegularExpression(pattern: "```sh\\n(curl [^\\n]*(?:\\\\\\n[^\\n]*)*)\\n```\\n```json\\n(.*?)```", options: [.dotMatchesLineSeparators])
        let range = NSRange(readme.startIndex..., in: readme)
        return pattern.matches(in: readme, range: range).map { match in
            Example(
                command: String(readme[Range(match.range(at: 1), in: readme)!]),
                expected: String(readme[Range(match.range(at: 2), in: readme)!]))
        }
    }()

    @Test func theReadmeHasAnExampleForEveryKPIFamily() {
        #expect(Self.examples.count >= 12)
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
            case "-d", "--data":
                index += 1
                body = arguments[index]
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
        for character in line {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
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
