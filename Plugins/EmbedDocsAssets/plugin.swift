import Foundation
import PackagePlugin

/// Embeds the `/docs` page's script and style sheet (`Sources/KPIService/Docs/*.js`, `app.css`) in KPIService
/// at build time: each becomes a raw string literal in a generated Swift file, so the service reads no file and
/// needs no Foundation at run time. The script is its files joined in order (classic scripts sharing one global
/// scope, served as one `/docs/app.js`). The files stay real `.js` and `.css` files for editors and linters.
///
/// The command is `/bin/sh` (Linux only, as the package is), not a tool target of this package: a tool would be
/// compiled with the flags of the build that asks for it (the fuzz build's `-sanitize=fuzzer`, for one).
@main
struct EmbedDocsAssets: BuildToolPlugin {
    /// Each embedded text: the `DocsPage` member that holds it and the paths, in the target's directory, of the
    /// files joined into it: the page's script (`app.js` first: the helpers and the renderers the others use;
    /// then `file.js`, the file panel) and its style sheet.
    static let files = [
        (member: "script", paths: ["Docs/app.js", "Docs/file.js"]),
        (member: "style", paths: ["Docs/app.css"]),
    ]

    /// Writes `extension DocsPage { static let <member> = #####"""…"""##### }` from the input files joined in
    /// order; the text ends with the last file's last newline. It fails (no file written) if a file holds the
    /// delimiter `"""#####` or `\#####`.
    static let writer = ######"""
        set -eu
        out=$1; member=$2; shift 2
        for input in "$@"; do
          if grep -q -e '"""#####' -e '\\#####' "$input"; then echo "$input holds a raw string delimiter" >&2; exit 1; fi
        done
        names=$(for input in "$@"; do printf '`Docs/%s` ' "${input##*/}"; done)
        { printf '// Generated at build time from %sby the EmbedDocsAssets plugin: do not edit.\n' "$names"
          printf 'extension DocsPage {\n    /// The text of %s(joined in this order).\n' "$names"
          printf '    static let %s = #####"""\n' "$member"
          cat "$@"
          printf '\n"""#####\n}\n'; } > "$out.partial"
        mv "$out.partial" "$out"
        """######

    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        Self.files.map { file in
            let inputs = file.paths.map { target.directoryURL.appending(path: $0) }
            let output = context.pluginWorkDirectoryURL.appending(path: "DocsPage+\(file.member).swift")
            return .buildCommand(
                displayName: "Embedding \(file.paths.joined(separator: ", ")) as DocsPage.\(file.member)",
                executable: URL(filePath: "/bin/sh"),
                arguments: ["-c", Self.writer, "embed", output.path(), file.member] + inputs.map { $0.path() },
                inputFiles: inputs,
                outputFiles: [output])
        }
    }
}
