// swift-tools-version:6.0
import PackageDescription

/// Layers (see DESIGN.md): dependencies point downward only.
/// git-warden (CLI) -> WardenCore -> WardenPolicy / WardenSignatures / WardenTOML -> GitKit -> CLibGit2
let package = Package(
    name: "git-warden",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-warden", targets: ["git-warden"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .target(name: "GitKit", dependencies: ["CLibGit2"]),
        .target(name: "WardenTOML"),
        .target(name: "WardenPolicy", dependencies: ["WardenTOML"]),
        .target(
            name: "WardenSignatures",
            dependencies: [
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        .target(name: "WardenCore", dependencies: ["GitKit", "WardenPolicy", "WardenTOML"]),
        .executableTarget(
            name: "git-warden",
            dependencies: [
                "WardenCore",
                "WardenPolicy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "WardenTOMLTests", dependencies: ["WardenTOML"]),
        .testTarget(name: "WardenPolicyTests", dependencies: ["WardenPolicy", "WardenTOML"]),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit"]),
        .testTarget(name: "WardenSignaturesTests", dependencies: ["WardenSignatures"]),
        .testTarget(name: "IntegrationTests", dependencies: ["WardenCore", "GitKit", "git-warden"]),
    ],
    swiftLanguageModes: [.v6]
)
