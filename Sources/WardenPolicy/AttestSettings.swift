/// The `[attest]` section: the server's evidence key and what the evidence says about this repository.
///
///     [attest]
///     key = "/etc/git-warden/attest.key"
///     repository-uri = "git+ssh://git.example.com/project.git"
///     verifier-id = "https://git.example.com/git-warden"
///     refs = ["refs/heads/main", "refs/tags/**"]
///     notes-ref = "refs/notes/commits"
///     properties = { ORG_SOURCE_SIGNED_COMMITS = "require-signed-commits" }
public struct AttestSettings: Sendable {
    /// The server's private key (PKCS#8 PEM), absolute or relative to the policy file.
    public var key: String
    /// The repository as consumers name it (`resourceUri`).
    public var repositoryURI: String
    /// This source control system (`verifier.id`).
    public var verifierID: String
    /// Refs whose updates get evidence.
    public var refs: [GlobPattern]
    /// Where evidence is stored as git notes; pushes to it are rejected.
    public var notesRef = "refs/notes/commits"
    /// Organization properties (`ORG_SOURCE_*`) and the control each stands for, in file order.
    public var properties: [(name: String, control: Control)] = []
    /// The policy line of the section, for messages.
    public var line = 0

    public init(key: String, repositoryURI: String, verifierID: String, refs: [GlobPattern]) {
        self.key = key
        self.repositoryURI = repositoryURI
        self.verifierID = verifierID
        self.refs = refs
    }

    public func covers(_ ref: String) -> Bool {
        refs.contains { $0.matches(ref) }
    }
}

/// A technical control the policy can enforce on a ref, named as its policy key (`secrets` for the secret scan).
public enum Control: String, Sendable, CaseIterable, Codable {
    case blockForcePush = "block-force-push"
    case blockDeletion = "block-deletion"
    case requireLinearHistory = "require-linear-history"
    case requireSignedCommits = "require-signed-commits"
    case requireSignedTags = "require-signed-tags"
    case requireSignoff = "require-signoff"
    case maxFileSize = "max-file-size"
    case forbiddenPaths = "forbidden-paths"
    case commitMessagePattern = "commit-message-pattern"
    case authorEmailPattern = "author-email-pattern"
    case pushers
    case secrets
}

extension Policy {
    /// The controls in force on `ref` and whether each is enforced (a control set only by rules in evaluate mode,
    /// or a secret scan in evaluate mode, is `.evaluate`). A control that no rule sets is absent.
    public func controls(for ref: String) -> [Control: EnforcementMode] {
        var result: [Control: EnforcementMode] = [:]
        func note(_ control: Control, _ mode: EnforcementMode) {
            if result[control] != .enforce { result[control] = mode }
        }
        for rule in rules(for: ref) {
            let settings: [(Control, Bool)] = [
                (.blockForcePush, rule.blockForcePush), (.blockDeletion, rule.blockDeletion),
                (.requireLinearHistory, rule.requireLinearHistory), (.requireSignedCommits, rule.requireSignedCommits),
                (.requireSignedTags, rule.requireSignedTags), (.requireSignoff, rule.requireSignoff),
                (.maxFileSize, rule.maxFileSize != nil), (.forbiddenPaths, !rule.forbiddenPaths.isEmpty),
                (.commitMessagePattern, rule.commitMessagePattern != nil),
                (.authorEmailPattern, rule.authorEmailPattern != nil), (.pushers, !rule.pushers.isEmpty),
            ]
            for (control, isSet) in settings where isSet { note(control, rule.mode) }
        }
        if secrets.covers(ref) { note(.secrets, secrets.mode) }
        return result
    }
}

extension Policy {
    /// The notes ref holding the server's evidence is written by the server alone (after refs move, in
    /// post-receive): a pushed note could forge or delete a revision's provenance.
    func evidenceRefViolations(_ update: UpdateFacts) -> [Violation] {
        guard let attest, update.ref == attest.notesRef else { return [] }
        return [Violation(rule: "attest", kind: .pusherNotAllowed, ref: update.ref, mode: .enforce, object: nil, path: nil,
                          detail: "\(update.ref) holds this server's source evidence; only the server writes it",
                          fix: "do not push \(update.ref); fetch it to read the evidence", secret: nil)]
    }
}
