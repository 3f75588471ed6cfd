import Foundation

/// How bad a finding is. Ordered, so `--fail-on high` means high and critical.
public enum Severity: String, Sendable, Codable, CaseIterable, Comparable {
    case info, low, medium, high, critical

    var rank: Int { Self.allCases.firstIndex(of: self)! }

    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}

/// One problem an audit check found in one repository: what, where, the evidence and the fix.
public struct AuditFinding: Sendable, Codable, Hashable {
    /// The check that found it, e.g. "config.deny-non-fast-forwards", "hooks.modified", "history.secret".
    public var checkID: String
    public var severity: Severity
    /// The repository's git directory (absolute).
    public var repository: String
    /// What within the repository: a config key, a hook name, a path, "commit:path:line" — part of the identity.
    public var subject: String
    /// One line for people.
    public var title: String
    public var evidence: String
    public var fix: String
    /// `git-warden audit --fix` can apply the fix (configuration only, never history).
    public var fixable: Bool

    public init(checkID: String, severity: Severity, repository: String, subject: String, title: String,
                evidence: String, fix: String, fixable: Bool = false) {
        self.checkID = checkID
        self.severity = severity
        self.repository = repository
        self.subject = subject
        self.title = title
        self.evidence = evidence
        self.fix = fix
        self.fixable = fixable
    }
}
