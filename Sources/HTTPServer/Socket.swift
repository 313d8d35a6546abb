import CHTTPShims
import Glibc

/// A failed system call while starting the server (socket, bind, epoll, thread), with its error code.
public struct SocketError: Error, Sendable, CustomStringConvertible {
    /// The system call or step that failed.
    public var operation: String
    /// The `errno` value.
    public var code: Int32

    /// A readable description, e.g. `bind: Address already in use`.
    public var description: String {
        "\(operation): \(String(cString: strerror(code)))"
    }
}

/// Thin helpers over the POSIX socket calls the server needs.
enum Socket {
    /// Creates a non-blocking listening socket bound to `host:port`.
    static func listen(host: String, port: Int, backlog: Int32) throws(SocketError) -> Int32 {
        var hints = addrinfo()
        hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let status = getaddrinfo(host, String(port), &hints, &list)
        guard status == 0, let first = list else { throw SocketError(operation: "getaddrinfo \(host)", code: EINVAL) }
        defer { freeaddrinfo(list) }
        let info = first.pointee
        let fd = socket(info.ai_family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw SocketError(operation: "socket", code: errno) }
        do throws(SocketError) {
            try setOption(fd, SOL_SOCKET, SO_REUSEADDR, 1)
            if info.ai_family == AF_INET6 {
                // "::" serves IPv4 too (mapped addresses).
                try setOption(fd, Int32(IPPROTO_IPV6), IPV6_V6ONLY, 0)
            }
            guard bind(fd, info.ai_addr, info.ai_addrlen) == 0 else { throw SocketError(operation: "bind", code: errno) }
            guard Glibc.listen(fd, backlog) == 0 else { throw SocketError(operation: "listen", code: errno) }
        } catch {
            close(fd)
            throw error
        }
        return fd
    }

    /// The local port a socket is bound to.
    static func boundPort(_ fd: Int32) -> Int {
        var storage = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let result = withUnsafeMutablePointer(to: &storage) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard result == 0 else { return 0 }
        let family = Int32(storage.ss_family)
        return withUnsafePointer(to: &storage) { pointer in
            if family == AF_INET6 {
                return pointer.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin6_port)) }
            }
            return pointer.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { Int(UInt16(bigEndian: $0.pointee.sin_port)) }
        }
    }

    /// Disables Nagle's algorithm: responses go out as soon as they are written.
    static func setNoDelay(_ fd: Int32) {
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
    }

    /// Raises the soft open-file limit towards `wanted` (at most the hard limit).
    static func raiseOpenFileLimit(to wanted: Int) {
        var limit = rlimit()
        let resource = __rlimit_resource_t(RLIMIT_NOFILE.rawValue)
        guard getrlimit(resource, &limit) == 0 else { return }
        let target = min(rlim_t(max(wanted, 0)), limit.rlim_max)
        guard target > limit.rlim_cur else { return }
        limit.rlim_cur = target
        _ = setrlimit(resource, &limit)
    }

    private static func setOption(_ fd: Int32, _ level: Int32, _ name: Int32, _ value: Int32) throws(SocketError) {
        var value = value
        guard setsockopt(fd, level, name, &value, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw SocketError(operation: "setsockopt", code: errno)
        }
    }
}
