import ArgumentParser
import COpenSSL
import Glibc

/// `kpi-server healthcheck`: asks the local service's `/healthz` and exits 0 on a 200, 1 otherwise.
///
/// Meant for a container `HEALTHCHECK`, so that the image needs no curl. When the service serves HTTPS
/// (`TLS_CERTIFICATE_FILE` is set, or `--tls`), the check speaks TLS too, without verifying the certificate:
/// it only asks whether the local process answers.
struct HealthCheck: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck", abstract: "Exit 0 when GET /healthz on the local service answers 200, else 1.")

    @Option(help: "Address of the service (default 127.0.0.1).")
    var host: String = "127.0.0.1"
    @Option(help: "Port of the service (env PORT, default 8080).")
    var port: Int?
    @Option(help: "Seconds to wait for the answer.")
    var timeout: Int = 2
    @Flag(help: "Speak TLS (the default when TLS_CERTIFICATE_FILE is set).")
    var tls = false

    func run() throws {
        let port = try Environment.resolve(port, "PORT", default: 8080)
        let healthy = check(port: port)
        print(healthy ? "healthy" : "unhealthy")
        if !healthy { throw CommandFailure(status: 1) }
    }

    private func check(port: Int) -> Bool {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &result) == 0, let address = result else { return false }
        defer { freeaddrinfo(result) }
        let fd = socket(address.pointee.ai_family, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(fd, address.pointee.ai_addr, address.pointee.ai_addrlen) == 0 else { return false }
        let request = Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 512)
        let useTLS = tls || Environment.value("TLS_CERTIFICATE_FILE") != nil
        let received = useTLS ? exchangeOverTLS(fd: fd, request: request, into: &buffer) : exchange(fd: fd, request: request, into: &buffer)
        guard received >= 12 else { return false }
        // RFC 9112 §4: status-line = HTTP-version SP status-code SP [ reason-phrase ]
        return buffer[0..<12].elementsEqual("HTTP/1.1 200".utf8) || buffer[0..<12].elementsEqual("HTTP/1.0 200".utf8)
    }

    /// Sends `request` in the clear and reads at least a status line; returns the bytes read.
    private func exchange(fd: Int32, request: [UInt8], into buffer: inout [UInt8]) -> Int {
        guard send(fd, request, request.count, Int32(MSG_NOSIGNAL)) == request.count else { return 0 }
        var received = 0
        while received < 12 {
            let count = recv(fd, &buffer[received], buffer.count - received, 0)
            if count <= 0 { return received }
            received += count
        }
        return received
    }

    /// The same over TLS (RFC 8446), certificate not verified.
    private func exchangeOverTLS(fd: Int32, request: [UInt8], into buffer: inout [UInt8]) -> Int {
        guard let context = SSL_CTX_new(TLS_client_method()) else { return 0 }
        defer { SSL_CTX_free(context) }
        guard let ssl = SSL_new(context) else { return 0 }
        defer { SSL_free(ssl) }
        guard SSL_set_fd(ssl, fd) == 1, SSL_connect(ssl) == 1,
            SSL_write(ssl, request, Int32(request.count)) == Int32(request.count)
        else { return 0 }
        var received = 0
        while received < 12 {
            let count = buffer.withUnsafeMutableBytes { SSL_read(ssl, $0.baseAddress! + received, Int32($0.count - received)) }
            if count <= 0 { return received }
            received += Int(count)
        }
        return received
    }
}
