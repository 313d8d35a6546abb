// swift-tools-version:6.1
import PackageDescription

/// A client of the KPI service generated from the committed `openapi.yaml` by swift-openapi-generator's build
/// plugin. A separate package: the service never depends on it (build, check and run it with `run.sh`; CI does).
/// The versions are exact: a generator release that reads the spec differently is a deliberate change.
let package = Package(
    name: "kpi-client-example",
    platforms: [.macOS(.v13)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-openapi-generator", exact: "1.14.3"),
        .package(url: "https://github.com/apple/swift-openapi-runtime", exact: "1.13.4"),
        .package(url: "https://github.com/apple/swift-openapi-urlsession", exact: "1.4.0"),
    ],
    targets: [
        .executableTarget(
            name: "KPIClientExample",
            dependencies: [
                .product(name: "OpenAPIRuntime", package: "swift-openapi-runtime"),
                .product(name: "OpenAPIURLSession", package: "swift-openapi-urlsession"),
            ],
            plugins: [.plugin(name: "OpenAPIGenerator", package: "swift-openapi-generator")]
        )
    ]
)
