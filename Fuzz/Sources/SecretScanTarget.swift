import WardenSecrets

extension FuzzTarget {
    /// The secret scanner with the built-in rules on arbitrary bytes (binary included), as the hooks and `scan`
    /// run it on each new blob: Vectorscan prefilter, PCRE2 confirmation, entropy, allowlists, inline markers,
    /// line/column location, redaction and fingerprints.
    static let secretScan = FuzzTarget(name: "secret-scan", summary: "SecretScanner (default rules).scan on arbitrary bytes") { bytes in
        let result = SecretScanFixture.scanner.scan(bytes, path: "src/fuzz-input.env", options: SecretScanFixture.options)
        _ = result.findings.count
    }
}

enum SecretScanFixture {
    /// Compiled once per process (a few seconds under the sanitizers, less from the cache `Fuzz/run.sh` points
    /// XDG_CACHE_HOME at).
    static let scanner: SecretScanner = {
        do {
            return try SecretScanner(rules: RuleSet.defaultRules())
        } catch {
            fatalError("the default rules do not compile: \(error)")
        }
    }()

    static let options = ScanOptions(maxBytes: 1 << 20, scanBinary: true)
}
