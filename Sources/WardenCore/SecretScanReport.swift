import Foundation
import WardenSecrets

/// What one `git-warden scan` found, what it skipped, and what it was told to leave out: the value every output
/// format (text, JSON, SARIF) is written from.
public struct SecretScanReport: Sendable {
    /// Something that was not scanned, or not fully, and where.
    public struct Note: Sendable, Hashable {
        public enum Kind: Sendable, Hashable, CustomStringConvertible {
            case scan(ScanNote)
            /// A file or directory that could not be read (permissions, vanished during the walk).
            case unreadable(String)

            public var description: String {
                switch self {
                case .scan(let note): note.description
                case .unreadable(let reason): "not readable: \(reason)"
                }
            }
        }

        public var path: String
        public var commit: String?
        public var kind: Kind

        public init(path: String, commit: String? = nil, kind: Kind) {
            self.path = path
            self.commit = commit
            self.kind = kind
        }
    }

    /// What was scanned, in words ("directory src", "staged changes", "history of all refs").
    public var target: String
    public var findings: [SecretFinding]
    public var notes: [Note]
    /// Files (or file versions, or changed files of commits) looked at, and bytes run through the rules.
    public var itemsScanned: Int
    /// What an item is, plural (ending in "s"), for the summary: "files", "file versions", "changed files".
    public var itemUnit: String
    public var bytesScanned: Int
    /// Commits looked at by git scans (0 for files).
    public var commitsScanned: Int
    /// Findings left out because a `.git-warden-ignore` file or `--ignore-file` lists them, or a baseline does.
    public var suppressedByIgnoreFile: Int
    public var suppressedByBaseline: Int
    public var seconds: Double

    public init(target: String, itemUnit: String = "files", findings: [SecretFinding] = [], notes: [Note] = [],
                itemsScanned: Int = 0, bytesScanned: Int = 0, commitsScanned: Int = 0, seconds: Double = 0) {
        self.target = target
        self.itemUnit = itemUnit
        self.findings = findings
        self.notes = notes
        self.itemsScanned = itemsScanned
        self.bytesScanned = bytesScanned
        self.commitsScanned = commitsScanned
        suppressedByIgnoreFile = 0
        suppressedByBaseline = 0
        self.seconds = seconds
    }

    /// Drops findings whose fingerprint is accepted, counting what each list removed (the ignore file first).
    public mutating func suppress(ignored: Set<String>, baseline: Set<String>) {
        var kept: [SecretFinding] = []
        for finding in findings {
            if ignored.contains(finding.fingerprint) {
                suppressedByIgnoreFile += 1
            } else if baseline.contains(finding.fingerprint) {
                suppressedByBaseline += 1
            } else {
                kept.append(finding)
            }
        }
        findings = kept
    }

    /// Findings in a stable order: by path, line, column, rule.
    mutating func sortFindings() {
        findings.sort { ($0.path, $0.line, $0.column, $0.ruleID) < ($1.path, $1.line, $1.column, $1.ruleID) }
    }
}
