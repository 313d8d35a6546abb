// swift-tools-version:6.1
import PackageDescription

/// The servers a user would pick instead of kpi-server, for `Benchmarks/peers.sh`: a Hummingbird 2 app and a
/// Vapor 4 app answering `GET /healthz`, `POST /cac` and `POST /nps` as kpi-server does, written the way each
/// framework's documentation shows (Codable request and response structs, JSONDecoder and JSONEncoder).
/// A separate package: the product never depends on it, and it does not depend on the product.
let package = Package(
    name: "kpi-peers",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/vapor/vapor.git", exact: "4.122.3"),
    ],
    targets: [
        // The request and response shapes and the two computations, shared by both apps (no framework).
        .target(name: "PeerKPIs"),
        .executableTarget(
            name: "hummingbird-peer",
            dependencies: ["PeerKPIs", .product(name: "Hummingbird", package: "hummingbird")]
        ),
        .executableTarget(
            name: "vapor-peer",
            dependencies: ["PeerKPIs", .product(name: "Vapor", package: "vapor")]
        ),
    ]
)
