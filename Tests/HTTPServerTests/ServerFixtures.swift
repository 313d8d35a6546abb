import Glibc
import HTTPServer

/// Starts a server on 127.0.0.1 port 0, runs `body`, then shuts it down and waits.
func withServer<T>(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    headCheck: (@Sendable (Request) -> Response?)? = nil,
    offload: (@Sendable (Request) -> Bool)? = nil,
    handler: @escaping @Sendable (Request) -> Response = echoHandler,
    _ body: (Server) throws -> T
) throws -> T {
    var configuration = ServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.eventLoopThreads = 2
    configure(&configuration)
    let server = Server(configuration: configuration, headCheck: headCheck, offload: offload, handler: handler)
    try server.start()
    defer {
        server.shutdown()
        server.wait()
    }
    return try body(server)
}

/// Answers with `<METHOD> <path> <body>` and echoes X-Request-ID.
@Sendable func echoHandler(_ request: Request) -> Response {
    var fields = HTTPFieldsBuilder.plain
    if let id = request.head.headerFields[HTTPFieldsBuilder.requestID] {
        fields[HTTPFieldsBuilder.requestID] = id
    }
    let text = "\(request.head.method.rawValue) \(request.head.path ?? "") \(String(decoding: request.body, as: UTF8.self))"
    return Response(status: .ok, headerFields: fields, body: Array(text.utf8))
}

/// Bounded polling for conditions the server reaches asynchronously (never a timing assert).
func eventually(seconds: Double = 10, _ condition: () -> Bool) -> Bool {
    let deadline = Double(time(nil)) + seconds
    while Double(time(nil)) < deadline {
        if condition() { return true }
        usleep(10_000)
    }
    return condition()
}

/// The number of this process's open descriptors (`/proc/self/fd`) that are TCP sockets bound to local
/// `port`: the server's listener plus every connection it has accepted and not yet closed.
///
/// Counted per port rather than in total because the test process runs other suites in parallel (child
/// processes with pipes, servers of their own), whose descriptors come and go meanwhile.
func openSocketCount(port: Int) -> Int {
    var inodes = Set<Substring>()
    for table in ["/proc/net/tcp", "/proc/net/tcp6"] {
        guard let file = fopen(table, "r") else { continue }
        defer { fclose(file) }
        var line: UnsafeMutablePointer<CChar>?
        var capacity = 0
        defer { free(line) }
        while getline(&line, &capacity, file) > 0 {
            // `sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode …`
            let fields = String(cString: line!).split(separator: " ")
            guard fields.count > 9, let colon = fields[1].lastIndex(of: ":"),
                  Int(fields[1][fields[1].index(after: colon)...], radix: 16) == port, fields[9] != "0"
            else { continue }
            inodes.insert(fields[9])
        }
    }
    // `socket:[12345]`
    return openDescriptorCount { $0.hasPrefix("socket:[") && inodes.contains($0.dropFirst(8).dropLast()) }
}

/// The number of this process's open descriptors (`/proc/self/fd`) whose link target (a path,
/// `socket:[inode]`, `pipe:[inode]`, `anon_inode:[eventpoll]`, …) satisfies `matches`.
func openDescriptorCount(where matches: (String) -> Bool) -> Int {
    guard let directory = opendir("/proc/self/fd") else { return -1 }
    defer { closedir(directory) }
    var count = 0
    var target = [CChar](repeating: 0, count: 4_096)
    while let entry = readdir(directory) {
        let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
        let length = readlink("/proc/self/fd/" + name, &target, target.count - 1)
        guard length > 0 else { continue }
        if matches(String(decoding: target[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)) { count += 1 }
    }
    return count
}
