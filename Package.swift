// swift-tools-version:6.1
import PackageDescription

/// Layers (see DESIGN.md): dependencies point downward only; every arrow is an `import` in the code.
///
///   git-warden (CLI) -> WardenService -> WardenStore -> WardenAudit -> WardenCore
///   git-warden also imports WardenStore, WardenAudit, WardenCore and every module below them directly.
///   git-warden-hook (the hooks alone) -> WardenCore, LibGit2Startup: nothing of the CLI, the store or the daemon
///   WardenService -> WardenAudit, WardenStore, WardenTOML, WardenFormats (and Crypto, ServiceLifecycle, Logging, and the daemon's
///   Hummingbird, NIOCore, Metrics and Prometheus behind `internal import`)
///   WardenStore -> WardenAudit (and GRDB)
///   WardenAudit -> WardenCore, WardenEvidence, WardenFormats, WardenPolicy, WardenSecrets, WardenSignatures, GitKit
///   (and Crypto)
///   WardenCore -> WardenEvidence, WardenPolicy, WardenSecrets, WardenSignatures, WardenTOML, GitKit
///   WardenEvidence -> WardenPolicy, WardenFormats, GitKit (and Crypto)
///   WardenPolicy -> WardenSecrets, WardenTOML
///   WardenSecrets -> WardenTOML, WardenFormats, CVectorscan, CPCRE2 (and Crypto, behind `internal import`)
///   WardenSignatures -> GitObjects (and Crypto, _CryptoExtras): no git, no libgit2
///   GitKit -> GitObjects, WardenFormats, CLibGit2 (the only module that touches libgit2 or runs `git`)
///   WardenTOML -> WardenFormats (a TOML 1.0 parser, pure value code)
///   GitObjects: pure value code, no dependency
///   WardenFormats (pure, no dependencies: hexadecimal, the SARIF 2.1.0 model) sits under every module that
///   prints bytes or writes SARIF.
///
/// Linux only: libgit2, Vectorscan and PCRE2 come from Debian/Ubuntu packages (the `apt` providers below) and the
/// code calls Glibc; no other platform is declared because none is built or tested.
let package = Package(
    name: "git-warden",
    products: [
        .executable(name: "git-warden", targets: ["git-warden"]),
        .executable(name: "git-warden-hook", targets: ["git-warden-hook"]),
        .executable(name: "git-warden-hook-relay", targets: ["git-warden-hook-relay"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        /// The daemon's HTTP endpoint and metrics (WardenService only: the hooks never link them). Hummingbird's
        /// default traits would add swift-configuration, which nothing here uses.
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
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
        /// Hexadecimal and the SARIF 2.1.0 model: one encoder and one report format for every layer.
        .target(name: "WardenFormats"),
        .target(name: "GitKit", dependencies: ["CLibGit2", "GitObjects", "WardenFormats"]),
        /// Linked into the executables only: keeps libgit2's start-up from parsing the system CA bundle (see its
        /// no_ca_bundle.c); the symbol is exported so the dynamic loader binds libgit2's call to it.
        .target(name: "LibGit2Startup",
                linkerSettings: [.unsafeFlags(["-Xlinker", "--export-dynamic-symbol=mbedtls_x509_crt_parse_file"])]),
        .target(name: "WardenTOML", dependencies: ["WardenFormats"]),
        /// WardenPolicy runs users' message and email patterns on WardenSecrets' bounded PCRE2 (`BoundedRegex`).
        .target(name: "WardenPolicy", dependencies: ["WardenTOML", "WardenSecrets"]),
        /// Secret scanning. The default rules are embedded into the binary at build time (plugin below), so a
        /// hook binary copied anywhere still has them: SwiftPM resource bundles on Linux live beside the binary.
        .target(
            name: "WardenSecrets",
            dependencies: ["CVectorscan", "CPCRE2", "WardenFormats", "WardenTOML",
                           .product(name: "Crypto", package: "swift-crypto")],
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
                "GitObjects", "WardenFormats",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ]
        ),
        /// Evidence of how source moved: the hash-chained push log and its checkpoints, the server's signing key,
        /// DSSE envelopes.
        .target(name: "WardenEvidence",
                dependencies: ["GitKit", "WardenFormats", "WardenPolicy", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "WardenCore",
            dependencies: ["GitKit", "HookWire", "WardenEvidence", "WardenFormats", "WardenPolicy", "WardenSecrets",
                           "WardenSignatures", "WardenTOML"]
        ),
        /// Repository audits: configuration, hooks, permissions, policy, history and evidence checks returning findings.
        .target(
            name: "WardenAudit",
            dependencies: ["GitKit", "WardenCore", "WardenEvidence", "WardenFormats", "WardenPolicy", "WardenSecrets", "WardenSignatures",
                           .product(name: "Crypto", package: "swift-crypto")]
        ),
        /// The embedded findings store: audit runs, finding life cycle and scan watermarks in SQLite (WAL).
        .target(
            name: "WardenStore",
            dependencies: ["WardenAudit", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        /// Audit runs over many repositories with the store, and the audit daemon: swift-service-lifecycle Services
        /// for the audits and for /metrics and /healthz (Hummingbird; metrics through swift-metrics into a Prometheus
        /// registry).
        .target(
            name: "WardenService",
            dependencies: [
                "WardenAudit", "WardenFormats", "WardenStore", "WardenTOML",
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
            ]
        ),
        /// The hooks alone (pre-receive, post-receive, pre-push, pre-commit, commit-msg), in an executable that links
        /// WardenCore and below and nothing else (no argument parser, store or daemon): what git runs on every push
        /// and commit. install.sh puts it beside git-warden; the hook scripts run it.
        .executableTarget(name: "git-warden-hook", dependencies: ["HookWire", "WardenCore", "LibGit2Startup"]),
        /// The socket calls Swift cannot spell (SCM_RIGHTS, SO_PEERCRED, a thread's own working directory).
        .target(name: "CHookSocket"),
        /// The hook service's wire: the request a relay sends, the replies, the socket's place; standard library and
        /// Glibc only, because the relay that links it must start in about a millisecond.
        .target(name: "HookWire", dependencies: ["CHookSocket"]),
        /// What git runs for every hook: hands the hook to `git-warden hook-server` when this user runs one, else
        /// becomes git-warden-hook. No Foundation, no libgit2, and linked fully static (no dynamic loader at all):
        /// measured 0.8 ms to start against 1.6 ms with the standard library alone linked in.
        .executableTarget(name: "git-warden-hook-relay", dependencies: ["HookWire"],
                          linkerSettings: [.unsafeFlags(["-static-executable"])]),
        .executableTarget(
            name: "git-warden",
            dependencies: [
                "LibGit2Startup",
                "HookWire",
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
        /// What the test targets share (temporary directories, a process runner that cannot deadlock on full pipes,
        /// git fixture builders): a regular target that only test targets depend on.
        .target(name: "TestSupport", path: "Tests/TestSupport"),
        .testTarget(name: "TestSupportTests", dependencies: ["TestSupport"]),
        /// toml-test's TOML 1.0 cases are data read from the source tree by the conformance runner.
        .testTarget(name: "WardenTOMLTests", dependencies: ["WardenTOML"], exclude: ["toml-test"]),
        .testTarget(name: "WardenPolicyTests", dependencies: ["WardenPolicy", "WardenTOML"]),
        .testTarget(name: "GitKitTests", dependencies: ["GitKit", "TestSupport"]),
        .testTarget(name: "GitObjectsTests", dependencies: ["GitObjects"]),
        .testTarget(name: "HookWireTests", dependencies: ["HookWire"]),
        .testTarget(name: "WardenFormatsTests", dependencies: ["WardenFormats"]),
        .testTarget(name: "WardenSignaturesTests", dependencies: ["WardenSignatures", "TestSupport"]),
        .testTarget(name: "WardenSecretsTests", dependencies: ["WardenSecrets", "TestSupport"]),
        /// Writes runs and findings in a loop until the crash test kills it with SIGKILL.
        .executableTarget(name: "store-crash-helper", dependencies: ["WardenStore"], path: "Tests/store-crash-helper"),
        .testTarget(name: "WardenStoreTests", dependencies: ["WardenStore", "WardenAudit", "store-crash-helper", "TestSupport"]),
        /// Appends entries to a push log (many at once for the concurrency test, in a loop until SIGKILL for the
        /// crash test).
        .executableTarget(name: "pushlog-helper", dependencies: ["WardenEvidence"], path: "Tests/pushlog-helper"),
        .testTarget(name: "WardenEvidenceTests", dependencies: ["WardenEvidence", "pushlog-helper", "TestSupport"]),
        /// The hooks run in-process through WardenCore's pipeline, with injected environment and output, on real
        /// repositories made by real git.
        .testTarget(name: "WardenCoreTests", dependencies: ["WardenCore", "WardenPolicy", "GitKit", "TestSupport"]),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "WardenAudit", "WardenCore", "WardenEvidence", "WardenStore", "WardenTOML", "GitKit", "GitObjects",
                "git-warden", "TestSupport",
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
