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
let kpi = { (product: String) in Target.Dependency.product(name: product, package: "kpi-service") }

/// The fuzz targets and what each reads beyond FuzzSupport. A new one also needs its line in CFuzzerDriver.c.
let fuzzTargets: [(name: String, dependencies: [Target.Dependency])] = [
    ("FuzzHTTPParser", [kpi("HTTPServer"), .product(name: "HTTPTypes", package: "swift-http-types")]),
    ("FuzzJSON", [kpi("JSON")]),
    ("FuzzKPIInputs", [kpi("KPICore"), kpi("JSON")]),
    (
        "FuzzKPIService",
        [
            kpi("KPIService"), kpi("KPICore"), kpi("JSON"), kpi("HTTPServer"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
        ]
    ),
]

let package = Package(
    name: "kpi-service-fuzz",
    dependencies: [
        .package(name: "kpi-service", path: ".."),
        .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    ],
    targets: [
        // libFuzzer's driver and every target's `<Module>_main` calling it (see its header).
        .target(name: "CFuzzerDriver"),
        // What the targets share in Swift: `check`.
        .target(name: "FuzzSupport", dependencies: ["CFuzzerDriver"]),
    ] + fuzzTargets.map { target in
        .executableTarget(name: target.name, dependencies: ["FuzzSupport"] + target.dependencies)
    }
)
