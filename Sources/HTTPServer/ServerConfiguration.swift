/// Address, limits and timeouts of a ``Server``. Every value has a safe default.
public struct ServerConfiguration: Sendable {
    /// Address to bind: an IPv4 or IPv6 literal (`"::"` listens on both families) or a host name.
    public var host: String = "127.0.0.1"
    /// TCP port; 0 picks a free one (read it back from ``Server/port``).
    public var port: Int = 8080
    /// Open connections served at once; past it a new connection gets 503 and is closed.
    public var maxConnections = 10_000
    /// Time allowed for a whole header section, counted from its first byte (slowloris).
    public var headerReadTimeout: Duration = .seconds(10)
    /// Time allowed between two pieces of a body.
    public var bodyReadTimeout: Duration = .seconds(30)
    /// Time an idle keep-alive connection (or one whose client does not read) is kept.
    public var idleTimeout: Duration = .seconds(60)
    /// Largest header section (field lines, after the request line), in bytes → 431.
    public var maxHeaderBytes = 16_384
    /// Most header fields in one request → 431.
    public var maxHeaderFields = 100
    /// Longest request target, in bytes → 414.
    public var maxTargetBytes = 8_192
    /// Largest body, in bytes, after de-chunking → 413.
    public var maxBodyBytes = 8 * 1024 * 1024
    /// Bytes of request bodies being received and of responses waiting for their clients, across all
    /// connections at once (a body reserves its `Content-Length` when its head arrives, a chunked one its size
    /// as it grows; a response its body when it is queued, until it is written). A body that would pass it gets
    /// 503 with `Retry-After: 1`, and so does a request whose answer (over 16 KiB) would: its answer is dropped,
    /// so slow readers of large answers cannot hold more than this. Keep it at least ``maxBodyBytes``.
    public var maxBodyBytesInFlight = 64 * 1024 * 1024
    /// Slowest transfer a connection may keep up, in bytes per second, while a request body is arriving or
    /// a response waits for the client to read it; slower over a whole ``transferRateWindow``, the
    /// connection is closed (a body with 408). 0 turns the check off. A transfer that ends within one
    /// window is never judged, so small requests on slow links are not affected.
    public var minTransferRate = 1_024
    /// The time over which ``minTransferRate`` is measured.
    public var transferRateWindow: Duration = .seconds(10)
    /// Requests served on one connection before the server closes it.
    public var maxRequestsPerConnection = 10_000
    /// Longest time ``Server/shutdown()`` waits for in-flight requests.
    public var drainTimeout: Duration = .seconds(10)
    /// Event-loop threads; defaults to the CPUs this process may run on, lowered to its cgroup's
    /// CPU limit rounded up (a container limited to 1.5 CPUs gets 2).
    public var eventLoopThreads: Int = CPUQuota.availableCPUs()
    /// Threads that run the requests the server's `offload` hook picks (heavy ones), off the event loops, so
    /// that a slow handler never delays the other connections of its loop (`/healthz` among them). At most
    /// this many such handlers run at once; the rest wait their turn. Defaults to the event-loop threads.
    public var workerThreads: Int = CPUQuota.availableCPUs()
    /// Value of the `Server` response field.
    public var serverName = "kpi-service"
    /// Serve HTTPS with this certificate and key; `nil` (the default) serves plain HTTP.
    public var tls: TLSConfiguration? = nil

    /// Creates a configuration with the defaults.
    public init() {}
}

/// The PEM files of an HTTPS server (TLS 1.2 or later, through OpenSSL).
public struct TLSConfiguration: Sendable {
    /// The server certificate followed by its intermediates, leaf first (RFC 8446 §4.4.2).
    public var certificateChainPath: String
    /// The private key of the leaf certificate; it must not be encrypted.
    public var privateKeyPath: String

    /// Names the two PEM files; they are read by ``Server/start()``.
    public init(certificateChainPath: String, privateKeyPath: String) {
        self.certificateChainPath = certificateChainPath
        self.privateKeyPath = privateKeyPath
    }
}
