// swift-tools-version:6.1
import PackageDescription

/// Module graph (imports flow one way; README's Development section draws it):
/// `kpi-server → KPIService → KPICore → JSON → Digits`, `KPICore → Reading`, `KPICore → Statistics`,
/// `KPIService → HTTPServer → Digits`, `kpi-server → HTTPServer` (its healthcheck's `ClientConnection`), and
/// `HTTPTestSupport → HTTPServer` and `NumericTestSupport` for the test targets only.
///
/// Linux only (epoll, Glibc): HTTPServer and the service are built on epoll, eventfd and Glibc, so no
/// `platforms:` entry is declared (SwiftPM has no way to say "Linux only"; HTTPServer stops a build on
/// any other OS with an `#error`). JSON, Reading, Statistics and KPICore call nothing Linux-specific (only the
/// C library's `memchr`, `memcmp`, `realloc`, `vsnprintf`, `strtod` and libm; Reading also opens the system's time
/// zone files with `open`, `read`, `fstat` and `realpath`) and no Foundation, but are built and tested on Linux only.
let package = Package(
    name: "kpi-service",
    products: [
        .executable(name: "kpi-server", targets: ["kpi-server"]),
        .executable(name: "kpi-core-bench", targets: ["KPICoreBenchmark"]),
        .library(name: "KPICore", targets: ["KPICore"]),
        .library(name: "HTTPServer", targets: ["HTTPServer"]),
        // For the fuzz package under Fuzz/ (a separate package can only depend on products).
        .library(name: "JSON", targets: ["JSON"]),
        .library(name: "KPIService", targets: ["KPIService"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
    ],
    targets: [
        // zlib, for gzip response bodies (Debian: zlib1g-dev).
        .systemLibrary(name: "CZlib", path: "Sources/CZlib", pkgConfig: "zlib", providers: [.apt(["zlib1g-dev"])]),
        // OpenSSL, for the optional TLS transport of HTTPServer (Debian: libssl-dev).
        .systemLibrary(name: "COpenSSL", path: "Sources/COpenSSL", pkgConfig: "openssl", providers: [.apt(["libssl-dev"])]),
        // Decimal digits as ASCII bytes, shared by the JSON writer, the HTTP server and the log.
        .target(name: "Digits"),
        // Pure JSON: RFC 8259 reader and writer, no KPI knowledge.
        .target(name: "JSON", dependencies: ["Digits"]),
        // Pure reading of real exports: ISO 8601 variants, byte-order marks, column names and reading options;
        // no KPI knowledge, no Foundation.
        .target(name: "Reading"),
        // Pure statistics: intervals, tests, distributions, trends and selection over numbers; no KPI
        // knowledge, no Foundation, no I/O.
        .target(name: "Statistics"),
        // Pure metrics core: every KPI declared once, no I/O.
        .target(name: "KPICore", dependencies: ["JSON", "Reading", "Statistics"]),
        // HTTP/1.1 server on POSIX sockets and epoll, no KPI knowledge.
        // Linux calls Swift's Glibc module does not export (epoll, eventfd, accept4, CPU affinity).
        .target(name: "CHTTPShims"),
        .target(
            name: "HTTPServer",
            dependencies: ["CHTTPShims", "COpenSSL", "Digits", .product(name: "HTTPTypes", package: "swift-http-types")]
        ),
        // Test support: comparison of floating-point results, a seeded generator and edge numbers put into JSON
        // bodies (no production caller).
        .target(name: "NumericTestSupport", dependencies: ["JSON"]),
        // Test support: an HTTP/1.1 client over a socket for the tests and benchmarks (no production caller).
        .target(name: "HTTPTestSupport", dependencies: ["HTTPServer", "COpenSSL"]),
        // Embeds the /docs page's Docs/app.js and Docs/app.css in KPIService at build time (no Foundation).
        .plugin(name: "EmbedDocsAssets", capability: .buildTool()),
        // The KPI service: routes from the registry, problem+json, catalogue, batch, operations.
        .target(
            name: "KPIService",
            dependencies: [
                "KPICore", "Reading", "HTTPServer", "JSON", "CZlib",
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ],
            exclude: ["Docs"],
            plugins: ["EmbedDocsAssets"]
        ),
        .executableTarget(
            name: "kpi-server",
            dependencies: [
                "KPIService", "HTTPServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "KPICoreBenchmark",
            dependencies: ["KPICore", "JSON"],
            path: "Benchmarks/KPICoreBenchmark"
        ),
        .executableTarget(
            name: "HTTPBenchServer",
            dependencies: ["HTTPServer"],
            path: "Benchmarks/HTTPBenchServer"
        ),
        .testTarget(name: "JSONTests", dependencies: ["JSON", "Digits"], exclude: ["Fixtures"]),
        .testTarget(name: "ReadingTests", dependencies: ["Reading"]),
        .testTarget(name: "StatisticsTests", dependencies: ["Statistics", "NumericTestSupport"]),
        .testTarget(name: "KPICoreTests", dependencies: ["KPICore", "JSON", "Reading", "Statistics", "NumericTestSupport"]),
        .testTarget(name: "HTTPServerTests", dependencies: ["HTTPServer", "HTTPTestSupport", "COpenSSL"]),
        .testTarget(
            name: "KPIServiceTests", dependencies: ["KPIService", "KPICore", "JSON", "HTTPServer", "HTTPTestSupport", "NumericTestSupport"],
            // Vendor export samples, read by path (SourcePresetsTests).
            exclude: ["Samples"]),
    ]
)
