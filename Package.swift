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
        .target(name: "GitKit", dependencies: ["CLibGit2"]),
        .target(name: "WardenTOML"),
        .testTarget(name: "WardenTOMLTests", dependencies: ["WardenTOML"]),
    ],
    swiftLanguageModes: [.v6]
)
