import Glibc
import HTTPServer

/// A response as a raw-socket client sees it.
struct RawResponse {
    var status: Int
    var headers: [(name: String, value: String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    var bodyText: String { String(decoding: body, as: UTF8.self) }
}

/// A blocking raw-socket HTTP client for tests; every read is bounded by a receive timeout.
final class TestClient {
    let fd: Int32
    private var buffer: [UInt8] = []

    /// - Parameter receiveBuffer: a fixed `SO_RCVBUF`, set before connecting (no autotuning), if given.
    init(port: Int, host: String = "127.0.0.1", timeoutSeconds: Int = 5, receiveBuffer: Int32? = nil) throws {
        let family = host.contains(":") ? AF_INET6 : AF_INET
        fd = socket(family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw TestClientError.system("socket", errno) }
        if var receiveBuffer {
            setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &receiveBuffer, socklen_t(MemoryLayout<Int32>.size))
        }
        var timeout = timeval(tv_sec: timeoutSeconds, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let result: Int32
        if family == AF_INET6 {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = UInt16(port).bigEndian
            inet_pton(AF_INET6, host, &address.sin6_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in6>.size)) }
            }
        } else {
            var address = sockaddr_in()
            address.sin_family = sa_family_t(AF_INET)
            address.sin_port = UInt16(port).bigEndian
            inet_pton(AF_INET, host, &address.sin_addr)
            result = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(fd)
            throw TestClientError.system("connect", code)
        }
    }

    deinit {
        Glibc.close(fd)
    }

    /// Sends all of `text`; returns false if the peer is gone.
    @discardableResult
    func send(_ text: String) -> Bool {
        send(Array(text.utf8))
    }

    @discardableResult
    func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes[offset...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard sent > 0 else { return false }
            offset += sent
        }
        return true
    }

    /// Reads one response (a 1xx has no body); nil at EOF or timeout.
    func readResponse(isHead: Bool = false) -> RawResponse? {
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find([13, 10, 13, 10])
            if headEnd == nil && !fill() { return nil }
        }
        let head = String(decoding: buffer[..<headEnd!], as: UTF8.self)
        buffer.removeFirst(headEnd! + 4)
        var lines = head.split(separator: "\r\n", omittingEmptySubsequences: false).map(String.init)
        let statusLine = lines.removeFirst().split(separator: " ")
        guard statusLine.count >= 2, let status = Int(statusLine[1]) else { return nil }
        let headers = lines.compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingPrefix(" ").description)
        }
        var response = RawResponse(status: status, headers: headers, body: [])
        let length = isHead || status < 200 ? 0 : Int(response.header("Content-Length") ?? "0") ?? 0
        while buffer.count < length {
            guard fill() else { return nil }
        }
        response.body = Array(buffer[..<length])
        buffer.removeFirst(length)
        return response
    }

    /// True when the server closed the connection (EOF, or reset) with nothing more to read.
    func isClosedByPeer() -> Bool {
        while true {
            if !buffer.isEmpty { return false }
            var byte: UInt8 = 0
            let count = recv(fd, &byte, 1, 0)
            if count == 0 { return true }
            if count < 0 { return errno == ECONNRESET }
            buffer.append(byte)
        }
    }

    /// Whether the server has sent something (or closed) within `milliseconds`.
    func isReadable(milliseconds: Int32) -> Bool {
        if !buffer.isEmpty { return true }
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        return poll(&poller, 1, milliseconds) > 0
    }

    /// Reads until EOF, an error or the receive timeout; returns how many bytes came.
    func readToEnd() -> Int {
        var total = buffer.count
        buffer = []
        while fill() {
            total += buffer.count
            buffer = []
        }
        return total
    }

    /// Half-closes the sending side.
    func shutdownWrite() {
        Glibc.shutdown(fd, Int32(SHUT_WR))
    }

    private func find(_ pattern: [UInt8]) -> Int? {
        guard buffer.count >= pattern.count else { return nil }
        for index in 0...(buffer.count - pattern.count) where buffer[index..<index + pattern.count].elementsEqual(pattern) {
            return index
        }
        return nil
    }

    private func fill() -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65_536)
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        guard count > 0 else { return false }
        buffer += chunk[..<count]
        return true
    }
}

enum TestClientError: Error {
    case system(String, Int32)
}

/// Starts a server on 127.0.0.1 port 0, runs `body`, then shuts it down and waits.
func withServer<T>(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    headCheck: (@Sendable (Request) -> Response?)? = nil,
    handler: @escaping @Sendable (Request) -> Response = echoHandler,
    _ body: (Server) throws -> T
) throws -> T {
    var configuration = ServerConfiguration()
    configuration.host = "127.0.0.1"
    configuration.port = 0
    configuration.eventLoopThreads = 2
    configure(&configuration)
    let server = Server(configuration: configuration, headCheck: headCheck, handler: handler)
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

/// Open file descriptors of this process.
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
