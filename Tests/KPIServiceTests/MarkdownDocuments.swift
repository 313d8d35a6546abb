import Foundation

/// The repository's Markdown documentation, README.md and every `.md` file under docs/, as the tests that
/// hold it to the service read it.
enum MarkdownDocuments {
    /// README.md, then the files under docs/ in path order; each relative to the repository.
    static let files: [String] = {
        let root = OpenAPIDocumentTests.repositoryRoot
        let docs = root.appendingPathComponent("docs")
        let found = FileManager.default.enumerator(at: docs, includingPropertiesForKeys: nil)?.compactMap { item -> String? in
            guard let url = item as? URL, url.pathExtension == "md" else { return nil }
            return String(url.standardizedFileURL.path.dropFirst(root.standardizedFileURL.path.count + 1))
        }
        return ["README.md"] + (found ?? []).sorted()
    }()

    /// The text of `file` (a path relative to the repository).
    static func read(_ file: String) throws -> String {
        try String(contentsOf: OpenAPIDocumentTests.repositoryRoot.appendingPathComponent(file), encoding: .utf8)
    }

    /// The file name of a family's examples: `rates-from-counts` for `rates from counts`.
    static func slug(_ family: String) -> String {
        family.replacingOccurrences(of: " ", with: "-")
    }

    /// The id GitHub gives a heading (`try-it-get-docs` for ``Try it: `GET /docs` ``): lower case, punctuation
    /// other than `-` and `_` dropped, each space a `-`.
    static func anchor(_ heading: String) -> String {
        String(heading.lowercased().compactMap { character -> Character? in
            if character == " " { return "-" }
            return character.isLetter || character.isNumber || character == "-" || character == "_" ? character : nil
        })
    }
}
