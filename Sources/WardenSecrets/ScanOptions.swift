/// Per-scan choices of the caller (the hook, the audit, the CLI).
public struct ScanOptions: Sendable {
    /// Bytes scanned per blob. Larger blobs are scanned up to the cap and the result says so: a hook must stay
    /// fast on a pushed 2 GiB dump, and a silent skip would look like a clean blob.
    public var maxBytes: Int
    /// Scan content with a NUL byte in its first 8000 bytes (git's binary rule). Off by default: binaries produce noise, not findings.
    public var scanBinary: Bool
    /// Fingerprints of findings someone has reviewed and accepted.
    public var ignoredFingerprints: Set<String>
    /// Honour `git-warden:allow` / `gitleaks:allow` on the line. A server may turn this off so that a pusher
    /// cannot wave a secret through by annotating it.
    public var honorInlineMarkers: Bool
    /// Keep a generic rule's finding even where a specific rule reports the same bytes (rule checks: each rule
    /// must find its own examples).
    package var keepsGenericOverlaps = false

    public init(maxBytes: Int = 10 << 20, scanBinary: Bool = false, ignoredFingerprints: Set<String> = [],
                honorInlineMarkers: Bool = true) {
        self.maxBytes = maxBytes
        self.scanBinary = scanBinary
        self.ignoredFingerprints = ignoredFingerprints
        self.honorInlineMarkers = honorInlineMarkers
    }
}
