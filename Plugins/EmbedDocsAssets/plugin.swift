import Foundation
import PackagePlugin

/// Embeds the `/docs` page's script and style sheet (`Sources/KPIService/Docs/app.js`, `app.css`) in KPIService
/// at build time: each becomes a raw string literal in a generated Swift file, so the service reads no file and
/// needs no Foundation at run time. The files stay real `.js` and `.css` files for editors and linters.
///
/// The command is `/bin/sh` (Linux only, as the package is), not a tool target of this package: a tool would be
/// compiled with the flags of the build that asks for it (the fuzz build's `-sanitize=fuzzer`, for one).
@main
struct EmbedDocsAssets: BuildToolPlugin {
    /// Each embedded file: the `DocsPage` member that holds it and its path in the target's directory.
    static let files = [(member: "script", path: "Docs/app.js"), (member: "style", path: "Docs/app.css")]

    /// Writes `extension DocsPage { static let <member> = #####"""…"""##### }`; the text ends with its file's
    /// last newline. It fails (no file written) if the text holds the delimiter `"""#####` or `\#####`.
    static let writer = ######"""
        set -eu
        out=$1; member=$2; input=$3
        if grep -q -e '"""#####' -e '\\#####' "$input"; then echo "$input holds a raw string delimiter" >&2; exit 1; fi
        { printf '// Generated at build time from %s by the EmbedDocsAssets plugin: do not edit.\n' "${input##*/}"
          printf 'extension DocsPage {\n    /// The text of `Docs/%s`.\n' "${input##*/}"
          printf '    static let %s = #####"""\n' "$member"
          cat "$input"
          printf '\n"""#####\n}\n'; } > "$out.partial"
        mv "$out.partial" "$out"
        """######

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        Self.files.map { file in
            let input = target.directoryURL.appending(path: file.path)
            let output = context.pluginWorkDirectoryURL.appending(path: "DocsPage+\(file.member).swift")
            return .buildCommand(
                displayName: "Embedding \(file.path) as DocsPage.\(file.member)",
                executable: URL(filePath: "/bin/sh"),
                arguments: ["-c", Self.writer, "embed", output.path(), file.member, input.path()],
                inputFiles: [input],
                outputFiles: [output])
        }
    }
}
