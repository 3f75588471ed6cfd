// swift-tools-version:6.0
import PackageDescription

/// Layers (see DESIGN.md): dependencies point downward only.
/// git-warden (CLI) -> WardenCore -> WardenPolicy / WardenTOML -> GitKit -> CLibGit2
let package = Package(
    name: "git-warden",
    platforms: [.macOS(.v13)],
    products: [],
    dependencies: [],
    targets: [
        .systemLibrary(
            name: "CLibGit2",
            pkgConfig: "libgit2",
            providers: [.apt(["libgit2-dev"])]
        ),
        .systemLibrary(
            name: "CVectorscan",
            pkgConfig: "libhs",
            providers: [.apt(["libvectorscan-dev"])]
        ),
        .systemLibrary(
            name: "CPCRE2",
            pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"])]
        ),
        .target(name: "GitKit", dependencies: ["CLibGit2"]),
        .target(name: "WardenTOML"),
        /// Secret scanning. The default rules are embedded into the binary at build time (plugin below), so a
        /// hook binary copied anywhere still has them: SwiftPM resource bundles on Linux live beside the binary.
        .target(
            name: "WardenSecrets",
            dependencies: ["CVectorscan", "CPCRE2", "WardenTOML"],
            exclude: ["Resources"],
            plugins: ["EmbedDefaultRules"]
        ),
        .executableTarget(name: "embed-text", path: "Plugins/embed-text"),
        .plugin(name: "EmbedDefaultRules", capability: .buildTool(), dependencies: ["embed-text"]),
        /// Engine throughput, compile and cache-load times on a directory of real files (release builds).
        .executableTarget(name: "secrets-bench", dependencies: ["WardenSecrets"], path: "Benchmarks/secrets-bench"),
        .testTarget(name: "WardenTOMLTests", dependencies: ["WardenTOML"]),
        .testTarget(name: "WardenSecretsTests", dependencies: ["WardenSecrets"]),
    ],
    swiftLanguageModes: [.v6]
)
