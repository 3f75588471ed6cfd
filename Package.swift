// swift-tools-version:6.0
import PackageDescription

/// Layers (see DESIGN.md): dependencies point downward only.
/// git-warden (CLI) -> WardenAudit / WardenStore -> WardenCore -> WardenPolicy / WardenSecrets / WardenSignatures / WardenTOML -> GitKit -> CLibGit2
/// GitObjects (pure, no dependencies) sits under both WardenSignatures and GitKit.
let package = Package(
    name: "git-warden",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "git-warden", targets: ["git-warden"]),
        .executable(name: "git-warden-hook", targets: ["git-warden-hook"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
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
        /// Commit and tag objects read as git reads them (identity lines, dates, git fsck's checks): pure value code
        /// with no dependency, shared by GitKit and WardenSignatures, which must not see libgit2.
        .target(name: "GitObjects"),
        .target(name: "GitKit", dependencies: ["CLibGit2", "GitObjects"]),
        /// Linked into the executables only: keeps libgit2's start-up from parsing the system CA bundle (see its
        /// no_ca_bundle.c); the symbol is exported so the dynamic loader binds libgit2's call to it.
        .target(name: "LibGit2Startup",
                linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file"])]),
        .target(name: "WardenTOML"),
        /// WardenPolicy runs users' message and email patterns on WardenSecrets' bounded PCRE2 (`BoundedRegex`).
        .target(name: "WardenPolicy", dependencies: ["WardenTOML", "WardenSecrets"]),
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
        .target(
            name: "WardenSignatures",
            dependencies: [
                "GitObjects",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        /// Evidence of how source moved: the hash-chained push log and its checkpoints, the server's signing key,
        /// DSSE envelopes.
        .target(name: "WardenEvidence",
                dependencies: ["GitKit", "WardenPolicy", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "WardenCore",
            dependencies: ["GitKit", "WardenEvidence", "WardenPolicy", "WardenSecrets", "WardenSignatures", "WardenTOML"]
        ),
        /// Repository audits: configuration, hooks, permissions, policy, history and evidence checks returning findings.
        .target(
            name: "WardenAudit",
            dependencies: ["GitKit", "WardenCore", "WardenEvidence", "WardenPolicy", "WardenSecrets", "WardenSignatures",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        /// The embedded findings store: audit runs, finding life cycle and scan watermarks in SQLite (WAL).
        .target(
            name: "WardenStore",
            dependencies: ["WardenAudit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        /// Audit runs over many repositories with the store, and the audit daemon (a swift-service-lifecycle Service
        /// with /metrics and /healthz).
        .target(
            name: "WardenService",
            dependencies: [
                "WardenAudit", "WardenStore", "WardenTOML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// The hooks alone (pre-receive, post-receive, pre-push, pre-commit, commit-msg), in an executable that links
        /// WardenCore and below and nothing else (no argument parser, store or daemon): what git runs on every push
        /// and commit. install.sh puts it beside git-warden; the hook scripts run it.
        .executableTarget(name: "git-warden-hook", dependencies: ["WardenCore", "LibGit2Startup"]),
        .executableTarget(
            name: "git-warden",
            dependencies: [
                "LibGit2Startup",
                "WardenAudit",
                "WardenService",
                "WardenStore",
                "WardenCore",
                "WardenEvidence",
                "WardenPolicy",
                "WardenSecrets",
                "GitKit",
                "GitObjects",
                "WardenSignatures",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        /// toml-test's TOML 1.0 cases are data read from the source tree by the conformance runner.
        .testTarget(name: "WardenTOMLTests", dependencies: ["WardenTOML"], exclude: ["toml-test"]),
        .testTarget(name: "WardenPolicyTests", dependencies: ["WardenPolicy", "WardenTOML"]),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit"]),
        .testTarget(name: "GitObjectsTests", dependencies: ["GitObjects"]),
        .testTarget(name: "WardenSignaturesTests", dependencies: ["WardenSignatures"]),
        .testTarget(name: "WardenSecretsTests", dependencies: ["WardenSecrets"]),
        /// Writes runs and findings in a loop until the crash test kills it with SIGKILL.
        .executableTarget(name: "store-crash-helper", dependencies: ["WardenStore"], path: "Tests/store-crash-helper"),
        .testTarget(name: "WardenStoreTests", dependencies: ["WardenStore", "WardenAudit", "store-crash-helper"]),
        /// Appends entries to a push log (many at once for the concurrency test, in a loop until SIGKILL for the
        /// crash test).
        .executableTarget(name: "pushlog-helper", dependencies: ["WardenEvidence"], path: "Tests/pushlog-helper"),
        .testTarget(name: "WardenEvidenceTests", dependencies: ["WardenEvidence", "pushlog-helper"]),
        /// The hooks run in-process through WardenCore's pipeline, with injected environment and output, on real
        /// repositories made by real git.
        .testTarget(name: "WardenCoreTests", dependencies: ["WardenCore", "WardenPolicy", "GitKit"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "WardenAudit", "WardenCore", "WardenEvidence", "WardenStore", "GitKit", "GitObjects", "git-warden",
                .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
    ],
    swiftLanguageModes: [.v6]
)

/// libFuzzer targets (see README "Fuzzing"): declared only when `Fuzz/run.sh` builds them, into `.build-fuzz`, with
/// every module under AddressSanitizer and coverage instrumentation; `WARDEN_FUZZ_LIBFUZZER` is the toolchain's
/// `libclang_rt.fuzzer_no_main` archive. Normal builds and `swift test` never see these targets, and the hook binary
/// is untouched. The executable's `main` (which SwiftPM names and links itself) hands over to libFuzzer's driver.
if let libFuzzer = Context.environment["WARDEN_FUZZ_LIBFUZZER"], !libFuzzer.isEmpty {
    package.targets += [
        .systemLibrary(name: "CLibFuzzer", path: "Fuzz/CLibFuzzer"),
        .executableTarget(
            name: "warden-fuzz",
            dependencies: [
                "CLibFuzzer", "GitObjects", "WardenCore", "WardenPolicy", "WardenSecrets", "WardenSignatures", "WardenTOML",
            ],
            path: "Fuzz/Sources",
            linkerSettings: [.unsafeFlags(["-Xlinker", libFuzzer])]
        ),
    ]
}
