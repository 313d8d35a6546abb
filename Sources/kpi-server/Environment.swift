import ArgumentParser
import Glibc

/// Reading settings that may come from a flag or from the environment (the flag wins).
enum Environment {
    /// The variable's value, or `nil` when unset or empty.
    static func value(_ name: String) -> String? {
        guard let value = valueIfSet(name), !value.isEmpty else { return nil }
        return value
    }

    /// The variable's value, empty included; `nil` only when unset.
    static func valueIfSet(_ name: String) -> String? {
        getenv(name).map { String(cString: $0) }
    }

    /// The flag's value, else the variable's parsed value, else `fallback`.
    static func resolve<T: ExpressibleByArgument>(_ flag: T?, _ name: String, default fallback: T) throws -> T {
        if let flag { return flag }
        guard let text = value(name) else { return fallback }
        guard let parsed = T(argument: text) else {
            throw ValidationError("environment variable \(name)=\(text) is not a valid value")
        }
        return parsed
    }

    /// The whole content of a file as text.
    static func readFile(_ path: String) throws -> String {
        guard let file = fopen(path, "r") else {
            throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = fread(&chunk, 1, chunk.count, file)
            if count > 0 { bytes.append(contentsOf: chunk[0..<count]) }
            if count < chunk.count {
                if ferror(file) != 0 { throw ValidationError("cannot read \(path): \(String(cString: strerror(errno)))") }
                break
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}

/// Writes one line to standard error.
func printError(_ line: String) {
    var text = line + "\n"
    text.withUTF8 { bytes in _ = write(STDERR_FILENO, bytes.baseAddress, bytes.count) }
}
