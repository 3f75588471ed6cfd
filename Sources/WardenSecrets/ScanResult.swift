/// What one scan of one blob (or of one file's added lines) found, and what it could not look at.
public struct ScanResult: Sendable {
    public var findings: [SecretFinding]
    public var notes: [ScanNote]
    /// Bytes actually run through the rules (0 when skipped).
    public var scannedBytes: Int

    public init(findings: [SecretFinding] = [], notes: [ScanNote] = [], scannedBytes: Int = 0) {
        self.findings = findings
        self.notes = notes
        self.scannedBytes = scannedBytes
    }
}
