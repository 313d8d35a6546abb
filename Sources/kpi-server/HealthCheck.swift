import ArgumentParser
import HTTPServer

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
        guard let connection = try? ClientConnection(host: host, port: port, timeoutSeconds: timeout) else { return false }
        if tls || Environment.value("TLS_CERTIFICATE_FILE") != nil {
            // The certificate is not verified: the check only asks whether the local process answers.
            guard (try? connection.startTLS()) != nil else { return false }
        }
        guard connection.send(Array("GET /healthz HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n".utf8)) else {
            return false
        }
        // Only the status line is read: everything after it is of no interest here.
        var received: [UInt8] = []
        while !received.contains(UInt8(ascii: "\n")), received.count < 1024, case .bytes(let bytes) = connection.receive() {
            received += bytes
        }
        let statusLine = String(decoding: received.prefix { $0 != UInt8(ascii: "\r") }, as: UTF8.self)
        return ClientConnection.status(ofStatusLine: statusLine[...]) == 200
    }
}
