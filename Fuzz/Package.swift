// swift-tools-version:6.1
import PackageDescription

/// libFuzzer targets for the kpi-service package one level up (see README.md).
///
/// Build only with the fuzzer flags (Fuzz/run.sh does this):
///   swift build -c release --scratch-path ../.build-fuzz \
///     -Xswiftc -sanitize=fuzzer,address -Xswiftc -parse-as-library -Xswiftc -enable-testing
/// `-enable-testing` lets FuzzHTTPParser and FuzzKPIService `@testable import HTTPServer` for the
/// (internal) incremental RequestParser and ResponseWriter, exactly as HTTPServerTests does.
/// Linux only, like the package it fuzzes (epoll, Glibc): no `platforms:` entry.
let package = Package(
    name: "kpi-service-fuzz",
    dependencies: [
        .package(name: "kpi-service", path: ".."),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // libFuzzer's driver entry point, declared for Swift (see its header).
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "FuzzHTTPParser",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "HTTPServer", package: "kpi-service"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
            ]
        ),
        .executableTarget(
            name: "FuzzJSON",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "JSON", package: "kpi-service"),
            ]
        ),
        .executableTarget(
            name: "FuzzKPIInputs",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "KPICore", package: "kpi-service"),
                .product(name: "JSON", package: "kpi-service"),
            ]
        ),
        .executableTarget(
            name: "FuzzKPIService",
            dependencies: [
                "CFuzzerDriver",
                .product(name: "KPIService", package: "kpi-service"),
                .product(name: "KPICore", package: "kpi-service"),
                .product(name: "JSON", package: "kpi-service"),
                .product(name: "HTTPServer", package: "kpi-service"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)
