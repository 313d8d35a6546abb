import COpenSSL

/// The one OpenSSL server context (`SSL_CTX`) from which every event loop creates its TLS sessions.
///
/// `@unchecked Sendable` is safe because the context is fully configured in `init` and never
/// changed afterwards: loops only pass it to `SSL_new`, which takes a reference with OpenSSL's
/// own atomics and locks. OpenSSL (≥ 1.1.0) documents a configured `SSL_CTX` as shareable by
/// threads that create `SSL` objects from it (openssl-threads(7)); each `SSL` object stays on
/// the loop thread that created it.
final class TLSContext: @unchecked Sendable {
    let pointer: OpaquePointer

    /// The TLS 1.2 cipher suites, in the server's order of preference: ephemeral ECDH key exchange
    /// (forward secrecy) and an AEAD cipher only, as RFC 9325 §4.2 recommends (AES-GCM, RFC 5289)
    /// plus ChaCha20-Poly1305 (RFC 7905). Static-RSA key exchange and CBC suites are refused.
    /// TLS 1.3 suites are OpenSSL's defaults: every one of them is forward-secret and AEAD (RFC 8446 §9.1).
    static let tls12CipherSuites = [
        "ECDHE-ECDSA-AES128-GCM-SHA256", "ECDHE-RSA-AES128-GCM-SHA256",
        "ECDHE-ECDSA-AES256-GCM-SHA384", "ECDHE-RSA-AES256-GCM-SHA384",
        "ECDHE-ECDSA-CHACHA20-POLY1305", "ECDHE-RSA-CHACHA20-POLY1305",
    ].joined(separator: ":")

    /// Loads the certificate chain and private key and checks that they belong together.
    ///
    /// TLS 1.2 is the minimum (RFC 9325 §3.1.1) and offers only ``tls12CipherSuites``, in the
    /// server's order (RFC 9325 §4.2); renegotiation and TLS compression (RFC 9325 §3.3) are refused,
    /// and writes may be partial and retried from a moved buffer, as ``TLSTransport`` expects.
    init(_ configuration: TLSConfiguration) throws(TLSError) {
        ERR_clear_error()
        guard let context = SSL_CTX_new(TLS_server_method()) else {
            throw TLSError(path: "", problem: "cannot create an OpenSSL context")
        }
        pointer = context
        guard copenssl_ctx_set_min_proto_version(context, TLS1_2_VERSION) == 1 else {
            throw TLSError(path: "", problem: "cannot require TLS 1.2")
        }
        guard SSL_CTX_set_cipher_list(context, Self.tls12CipherSuites) == 1 else {
            throw TLSError(path: "", problem: "cannot set the TLS 1.2 cipher suites")
        }
        copenssl_ctx_prefer_server_ciphers(context)
        copenssl_ctx_disable_renegotiation(context)
        copenssl_ctx_disable_compression(context)
        // SSL_CTX_set_mode(3); RELEASE_BUFFERS: an idle keep-alive connection holds no record buffers.
        _ = copenssl_ctx_set_mode(
            context, Int(SSL_MODE_ENABLE_PARTIAL_WRITE | SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER | SSL_MODE_RELEASE_BUFFERS))
        // An encrypted key fails to load instead of prompting on the terminal.
        SSL_CTX_set_default_passwd_cb(context) { _, _, _, _ in 0 }
        let chain = configuration.certificateChainPath
        let key = configuration.privateKeyPath
        guard SSL_CTX_use_certificate_chain_file(context, chain) == 1 else {
            throw TLSError(path: chain, problem: "cannot load the certificate chain")
        }
        guard SSL_CTX_use_PrivateKey_file(context, key, SSL_FILETYPE_PEM) == 1 else {
            throw TLSError(path: key, problem: "cannot load the private key")
        }
        guard SSL_CTX_check_private_key(context) == 1 else {
            throw TLSError(path: key, problem: "the private key does not match the certificate chain \(chain)")
        }
    }

    deinit {
        // Sessions still open hold their own reference; OpenSSL frees the context after the last.
        SSL_CTX_free(pointer)
    }
}

/// A TLS certificate chain or private key that ``Server/start()`` could not use.
public struct TLSError: Error, Sendable, CustomStringConvertible {
    /// The file at fault (empty when OpenSSL itself failed).
    public var path: String
    /// What went wrong, with OpenSSL's reason when it gave one.
    public var problem: String

    init(path: String, problem: String) {
        self.path = path
        self.problem = problem + Self.openSSLReason()
        ERR_clear_error()
    }

    /// A readable description, e.g. `TLS: /etc/key.pem: cannot load the private key (no start line)`.
    public var description: String {
        path.isEmpty ? "TLS: \(problem)" : "TLS: \(path): \(problem)"
    }

    /// The reason of the earliest error in this thread's OpenSSL error queue (the root cause,
    /// e.g. `No such file or directory`, `no start line`, `bad decrypt`), in parentheses.
    private static func openSSLReason() -> String {
        let code = ERR_peek_error()
        guard code != 0 else { return "" }
        var text = [CChar](repeating: 0, count: 256)
        ERR_error_string_n(code, &text, text.count)
        // ERR_error_string(3): "error:<code>:<library>:<function>:<reason>".
        let line = text.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        let fields = line.split(separator: ":", maxSplits: 4, omittingEmptySubsequences: false)
        return fields.count == 5 && !fields[4].isEmpty ? " (\(fields[4]))" : ""
    }
}
