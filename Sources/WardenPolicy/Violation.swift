/// One broken rule: enough for a person to find the problem and fix it, and for a log to record it.
public struct Violation: Sendable, Codable, Equatable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        case forcePush = "force-push"
        case deletion
        case creation
        case pusherNotAllowed = "pusher-not-allowed"
        case mergeCommit = "merge-commit"
        case commitMessage = "commit-message"
        case authorEmail = "author-email"
        case missingSignoff = "missing-signoff"
        case fileTooLarge = "file-too-large"
        case forbiddenPath = "forbidden-path"
        case unsignedCommit = "unsigned-commit"
        case unsignedTag = "unsigned-tag"
        case signerMismatch = "signer-mismatch"
        case secret
        case malformedObject = "malformed-object"
        /// The guard could not decide a check (a user's regex hit its match limit, a secret rule could not finish on
        /// a file): fail closed, naming the rule and what it could not judge.
        case undecided
    }

    public var rule: String
    public var kind: Kind
    public var ref: String
    public var mode: EnforcementMode
    /// The offending object (commit or blob id), when there is one.
    public var object: String?
    public var path: String?
    /// What is wrong, in one sentence.
    public var detail: String
    /// How to fix it.
    public var fix: String
    /// The secret behind a `.secret` violation, redacted.
    public var secret: SecretFacts?
}

/// The outcome of judging a push: a value, never a throw. Evaluate-mode findings are warnings in both cases.
public enum Verdict: Sendable {
    case allowed(warnings: [Violation])
    case rejected([Violation], warnings: [Violation])

    init(_ violations: [Violation]) {
        let enforced = violations.filter { $0.mode == .enforce }
        let warnings = violations.filter { $0.mode == .evaluate }
        self = enforced.isEmpty ? .allowed(warnings: warnings) : .rejected(enforced, warnings: warnings)
    }

    public var isAllowed: Bool {
        if case .allowed = self { true } else { false }
    }

    public var violations: [Violation] {
        switch self {
        case .allowed: []
        case .rejected(let violations, _): violations
        }
    }

    public var warnings: [Violation] {
        switch self {
        case .allowed(let warnings), .rejected(_, let warnings): warnings
        }
    }
}
