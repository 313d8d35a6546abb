#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Synchronization

/// The system's IANA time zone database: the TZif files under `/usr/share/zoneinfo` (or `$TZDIR`), looked up
/// by zone name, each read once per process and kept (a few kilobytes each, at most ``cacheLimit`` zones).
///
/// A name is checked before any file is opened: ASCII letters, digits, `_`, `-` and `+` in `/`-separated
/// parts (`America/Argentina/Buenos_Aires`, `Etc/GMT+5`), at most 64 bytes, so no name holds `.` or `..` or
/// starts at `/`. The file's real path (links resolved) must still lie inside the database's directory: a link
/// out of it is no zone.
public enum ZoneInfo {
    /// The directory of the database: `$TZDIR` when set (glibc's variable), `/usr/share/zoneinfo` otherwise.
    public static let directory: String = {
        if let value = getenv("TZDIR"), value.pointee != 0 { return String(cString: value) }
        return "/usr/share/zoneinfo"
    }()

    /// At most this many zones are kept.
    static let cacheLimit = 1024
    /// The largest file read (tzdata's largest is under 4 KB).
    static let fileLimit = 256 * 1024

    private static let cache = Mutex<[String: TimeZoneRules]>([:])

    /// The example a problem about a zone gives.
    public static let example = "America/New_York"

    /// The detail of a `timeZone` that names no zone.
    public static var unknownDetail: String {
        let names = "must be an IANA time zone name, such as \"\(example)\", \"Europe/Berlin\" or \"UTC\" (case counts)"
        return hasDatabase ? names : names + "; this server has no time zone database at \(directory), so only \"UTC\" is known"
    }

    /// Whether the database's directory exists.
    public static var hasDatabase: Bool { access(directory, F_OK) == 0 }

    /// The zone `name`, or `nil` when the database has no such zone (or the name is none). `UTC` is always known.
    public static func rules(named name: String) -> TimeZoneRules? {
        if let known = cache.withLock({ $0[name] }) { return known }
        guard isName(name) else { return nil }
        guard let rules = load(name) ?? (name == "UTC" ? TimeZoneRules.utc : nil) else { return nil }
        cache.withLock { cache in
            if cache.count < cacheLimit { cache[name] = rules }
        }
        return rules
    }

    /// Whether `name` has the form of a zone name (see the type's documentation).
    static func isName(_ name: String) -> Bool {
        let bytes = Array(name.utf8)
        guard (1...64).contains(bytes.count), bytes.first != UInt8(ascii: "/"), bytes.last != UInt8(ascii: "/") else { return false }
        var previous: UInt8 = 0
        for byte in bytes {
            let letter = (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
            let allowed = letter || byte &- 0x30 <= 9 || byte == UInt8(ascii: "_") || byte == UInt8(ascii: "-")
                || byte == UInt8(ascii: "+") || byte == UInt8(ascii: "/")
            guard allowed, !(byte == UInt8(ascii: "/") && previous == byte) else { return false }
            previous = byte
        }
        return true
    }

    /// The zone read from its file, when it is a TZif file inside the directory.
    private static func load(_ name: String) -> TimeZoneRules? {
        guard let bytes = contents(of: directory + "/" + name), let contents = TZif.parse(bytes) else { return nil }
        return TimeZoneRules(name: name, tzif: contents)
    }

    /// The bytes of the regular file at `path` when its real path is inside ``directory``.
    static func contents(of path: String) -> [UInt8]? {
        guard let root = realPath(directory), let real = realPath(path), real.hasPrefix(root + "/") else { return nil }
        let descriptor = open(real, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0, (status.st_mode & S_IFMT) == S_IFREG, status.st_size <= fileLimit else { return nil }
        var bytes = [UInt8](repeating: 0, count: Int(status.st_size))
        var filled = 0
        while filled < bytes.count {
            let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress! + filled, $0.count - filled) }
            if count < 0, errno == EINTR { continue }
            guard count > 0 else { return nil }
            filled += count
        }
        return bytes
    }

    /// `path` with every link resolved, or `nil` when it does not exist.
    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
