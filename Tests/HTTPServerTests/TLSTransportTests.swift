import COpenSSL
import Glibc
import HTTPServer
import HTTPTestSupport
import Testing

/// HTTPS through ``TLSTransport``: part of the serialized socket suite, since it counts descriptors.
extension ServerTests {
    /// The test server echoes `METHOD path body`; a body of 200,000 bytes and its echo span many TLS records.
    @Test(
        "answers a GET, and a POST whose body and response are larger than one TLS record (partial writes)",
        arguments: [("GET", "/secure", 0), ("POST", "/big", 20_000)])
    func tlsEcho(method: String, path: String, bodyRepeats: Int) throws {
        try withTLSServer { server, fixture in
            let client = try tlsClient(port: server.port, trusting: fixture.certificate)
            let body = String(repeating: "0123456789", count: bodyRepeats)
            let length = body.isEmpty ? "" : "Content-Length: \(body.utf8.count)\r\n"
            #expect(client.send("\(method) \(path) HTTP/1.1\r\nHost: localhost\r\n\(length)\r\n\(body)"))
            let response = try #require(client.readResponse())
            #expect(response.status == 200)
            #expect(response.text == "\(method) \(path) \(body)")
        }
    }

    @Test("keeps a TLS connection alive across two requests")
    func tlsKeepAlive() throws {
        try withTLSServer { server, fixture in
            let client = try tlsClient(port: server.port, trusting: fixture.certificate)
            for index in 0..<2 {
                #expect(client.send("GET /\(index) HTTP/1.1\r\nHost: localhost\r\n\r\n"))
                let response = try #require(client.readResponse())
                #expect(response.status == 200)
                #expect(response.text == "GET /\(index) ")
                #expect(response.header("Connection") == nil)
            }
        }
    }

    @Test("closes a plaintext HTTP request to the TLS port without an HTTP response")
    func tlsRefusesPlaintext() throws {
        try withTLSServer { server, fixture in
            let plain = try LoopbackClient(port: server.port)
            plain.send("GET / HTTP/1.1\r\nHost: localhost\r\n\r\n")
            let received = try #require(readUntilClosed(plain.fd), "the server did not close the connection")
            #expect(!received.starts(with: Array("HTTP/".utf8)))
            let client = try tlsClient(port: server.port, trusting: fixture.certificate)
            #expect(client.send("GET /after HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            #expect(client.readResponse()?.status == 200)
        }
    }

    @Test("closes a TLS client that sends nothing at the header deadline, counted from accept")
    func tlsSilentClient() throws {
        try withTLSServer({ $0.headerReadTimeout = .milliseconds(200) }) { server, _ in
            // The idle timeout (60 s) is far past the client's 5 s receive timeout.
            let client = try LoopbackClient(port: server.port)
            #expect(client.isClosedByPeer())
            #expect(eventually { server.openConnections == 0 })
        }
    }

    @Test("cuts off a client trickling its handshake at the header deadline")
    func tlsTricklingHandshake() throws {
        try withTLSServer({ $0.headerReadTimeout = .milliseconds(200) }) { server, _ in
            let client = try LoopbackClient(port: server.port)
            // A TLS handshake record header announcing a 512-byte ClientHello that never completes.
            client.send([0x16, 0x03, 0x01, 0x02, 0x00])
            var trickled = 0
            var poller = pollfd(fd: client.fd, events: Int16(POLLIN), revents: 0)
            while trickled < 200, poll(&poller, 1, 50) == 0 {
                client.send([0x01])
                trickled += 1
            }
            #expect(trickled < 200, "the deadline was reset by each handshake byte")
            #expect(readUntilClosed(client.fd) != nil)
        }
    }

    @Test(
        "refuses a TLS 1.2 client offering only static-RSA or CBC suites",
        arguments: ["AES128-SHA", "AES256-SHA", "ECDHE-RSA-AES128-SHA", "AES128-GCM-SHA256"])
    func tlsRefusesWeakCipherSuites(suite: String) throws {
        try withTLSServer { server, fixture in
            let error = #expect(throws: LoopbackClient.Failure.self) {
                try tlsClient(
                    port: server.port, trusting: fixture.certificate, versions: TLS1_2_VERSION...TLS1_2_VERSION,
                    ciphers: suite + ":@SECLEVEL=0")
            }
            // The server's "no shared cipher" reaches the client as a handshake_failure alert (RFC 5246 §7.2).
            guard case .tls(let reason) = error else { Issue.record("\(String(describing: error))"); return }
            #expect(reason.contains("handshake failure"), "\(reason)")
            #expect(eventually { server.openConnections == 0 })
        }
    }

    @Test("agrees ECDHE-RSA-AES128-GCM-SHA256 with a TLS 1.2 client and TLS 1.3 with a modern one")
    func tlsAcceptsForwardSecretAEAD() throws {
        try withTLSServer { server, fixture in
            let tls12 = try tlsClient(
                port: server.port, trusting: fixture.certificate, versions: TLS1_2_VERSION...TLS1_2_VERSION,
                ciphers: "ECDHE-RSA-AES128-GCM-SHA256")
            #expect(tls12.tlsVersion == "TLSv1.2")
            #expect(tls12.tlsCipher == "ECDHE-RSA-AES128-GCM-SHA256")
            #expect(tls12.send("GET /12 HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            #expect(tls12.readResponse()?.status == 200)
            let tls13 = try tlsClient(
                port: server.port, trusting: fixture.certificate, versions: TLS1_3_VERSION...TLS1_3_VERSION)
            #expect(tls13.tlsVersion == "TLSv1.3")
            #expect(tls13.send("GET /13 HTTP/1.1\r\nHost: localhost\r\n\r\n"))
            #expect(tls13.readResponse()?.status == 200)
        }
    }

    @Test("picks the TLS 1.2 suite by the server's preference, not the client's order")
    func tlsServerCipherPreference() throws {
        try withTLSServer { server, fixture in
            let client = try tlsClient(
                port: server.port, trusting: fixture.certificate, versions: TLS1_2_VERSION...TLS1_2_VERSION,
                ciphers: "ECDHE-RSA-CHACHA20-POLY1305:ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256")
            #expect(client.tlsCipher == "ECDHE-RSA-AES128-GCM-SHA256")
        }
    }

    @Test("start() throws a TLSError naming the file for a missing certificate or an unusable key")
    func tlsConfigurationErrors() throws {
        let fixture = try TLSFixture()
        // Failing start() must not keep a certificate or key file open (the listener is not opened yet).
        let fixtureFiles = { openDescriptorCount { $0.hasPrefix(fixture.directory) } }
        let before = fixtureFiles()
        let cases = [
            TLSConfiguration(certificateChainPath: fixture.path("missing.pem"), privateKeyPath: fixture.key),
            TLSConfiguration(certificateChainPath: fixture.certificate, privateKeyPath: fixture.path("missing.pem")),
            TLSConfiguration(certificateChainPath: fixture.certificate, privateKeyPath: fixture.certificate),
        ]
        for (index, tls) in cases.enumerated() {
            var configuration = ServerConfiguration()
            configuration.host = "127.0.0.1"
            configuration.port = 0
            configuration.tls = tls
            let server = Server(configuration: configuration) { _ in Response(status: .ok) }
            let error = try #require(throws: TLSError.self) { try server.start() }
            let culprit = index == 0 ? tls.certificateChainPath : tls.privateKeyPath
            #expect(error.path == culprit)
            #expect(error.description.contains(culprit))
        }
        #expect(fixtureFiles() == before)
    }

    @Test("closes every descriptor of 100 abandoned TLS connections")
    func tlsNoDescriptorLeak() throws {
        try withTLSServer { server, fixture in
            let before = openSocketCount(port: server.port)
            #expect(before == 1, "the listener")
            for index in 0..<100 {
                switch index % 4 {
                case 0:
                    _ = try LoopbackClient(port: server.port)
                case 1:
                    try LoopbackClient(port: server.port).send([0x16, 0x03, 0x01, 0x02, 0x00, 0x01])
                case 2:
                    _ = try tlsClient(port: server.port, trusting: fixture.certificate)
                default:
                    try tlsClient(port: server.port, trusting: fixture.certificate).send("GET / HTTP/1.1\r\nHo")
                }
            }
            #expect(eventually { server.openConnections == 0 })
            #expect(eventually { openSocketCount(port: server.port) == before })
        }
    }
}

/// Starts a TLS server on a fresh self-signed certificate (see ``withServer(_:handler:_:)``).
private func withTLSServer<T>(
    _ configure: (inout ServerConfiguration) -> Void = { _ in },
    _ body: (Server, TLSFixture) throws -> T
) throws -> T {
    let fixture = try TLSFixture()
    return try withServer({ configuration in
        configuration.tls = fixture.configuration
        configure(&configuration)
    }) { server in
        try body(server, fixture)
    }
}

/// Reads raw bytes until the peer closes; `nil` if the receive timeout passes first.
private func readUntilClosed(_ fd: Int32) -> [UInt8]? {
    var received: [UInt8] = []
    var chunk = [UInt8](repeating: 0, count: 4_096)
    for _ in 0..<1_000 {
        let count = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if count == 0 || (count < 0 && errno == ECONNRESET) { return received }
        guard count > 0 else { return nil }
        received += chunk[..<count]
    }
    return nil
}

/// A self-signed certificate for `localhost` and its key, made by the `openssl` CLI in a new
/// temporary directory that is removed with the fixture. `posix_spawnp` and `waitpid` keep the
/// descriptor count exact: nothing of the child outlives the initializer.
private final class TLSFixture {
    let directory: String

    init() throws {
        var template = Array("/tmp/tls-test-XXXXXX".utf8CString)
        guard let created = mkdtemp(&template) else { throw TLSTestError.failed("mkdtemp") }
        directory = String(cString: created)
        let arguments = [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", certificate,
            "-days", "1", "-subj", "/CN=localhost",
        ]
        let argv = arguments.map { strdup($0) } + [nil]
        defer { argv.forEach { free($0) } }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var child = pid_t()
        guard posix_spawnp(&child, "openssl", &actions, nil, argv, environ) == 0 else { throw TLSTestError.failed("spawn openssl") }
        var status: Int32 = 0
        guard waitpid(child, &status, 0) == child, status == 0 else { throw TLSTestError.failed("openssl req: status \(status)") }
    }

    deinit {
        for name in ["c.pem", "k.pem"] { unlink(path(name)) }
        rmdir(directory)
    }

    var certificate: String { path("c.pem") }
    var key: String { path("k.pem") }
    var configuration: TLSConfiguration { TLSConfiguration(certificateChainPath: certificate, privateKeyPath: key) }

    func path(_ name: String) -> String {
        "\(directory)/\(name)"
    }
}

/// A client connected over TLS that verifies the server against the test certificate for `localhost`.
/// `versions` bounds the protocol versions it offers; `ciphers`, an OpenSSL cipher list, replaces its
/// TLS 1.2 suites (`@SECLEVEL=0` lets it offer weak ones, so that only the server can refuse them).
private func tlsClient(
    port: Int, trusting certificate: String, versions: ClosedRange<Int32>? = nil, ciphers: String? = nil
) throws -> LoopbackClient {
    let client = try LoopbackClient(port: port)
    try client.startTLS(hostName: "localhost") { context in
        SSL_CTX_set_verify(context, SSL_VERIFY_PEER, nil)
        var configured = SSL_CTX_load_verify_locations(context, certificate, nil) == 1
        if let versions {
            // SSL_CTX_set_min/max_proto_version(3) are macros over SSL_CTX_ctrl.
            configured = configured
                && SSL_CTX_ctrl(context, SSL_CTRL_SET_MIN_PROTO_VERSION, Int(versions.lowerBound), nil) == 1
                && SSL_CTX_ctrl(context, SSL_CTRL_SET_MAX_PROTO_VERSION, Int(versions.upperBound), nil) == 1
        }
        if let ciphers { configured = configured && SSL_CTX_set_cipher_list(context, ciphers) == 1 }
        return configured
    }
    return client
}

extension LoopbackClient {
    /// The negotiated protocol version, e.g. `TLSv1.2`.
    fileprivate var tlsVersion: String { String(cString: SSL_get_version(tlsSession)) }

    /// The negotiated cipher suite, by its OpenSSL name.
    fileprivate var tlsCipher: String { String(cString: SSL_CIPHER_get_name(SSL_get_current_cipher(tlsSession))) }
}

private enum TLSTestError: Error {
    case failed(String)
}
