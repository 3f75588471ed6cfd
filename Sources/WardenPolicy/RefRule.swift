/// Whether a rule's violations reject the push or are only reported.
public enum EnforcementMode: String, Sendable, Codable {
    case enforce
    /// Dry run: violations are reported to the pusher and logged, and the push goes through.
    case evaluate
}

/// One `[[rule]]` of the policy: which refs it covers and what it demands of updates to them.
public struct RefRule: Sendable {
    public var id: String
    public var refs: [GlobPattern]
    public var blockForcePush = false
    public var blockDeletion = false
    public var blockCreation = false
    /// Who may still create matching refs when `blockCreation` is set; empty means nobody.
    public var creators: [String] = []
    public var requireLinearHistory = false
    /// Largest new blob allowed, in bytes.
    public var maxFileSize: Int?
    public var forbiddenPaths: [PathPattern] = []
    public var commitMessagePattern: MessagePattern?
    public var authorEmailPattern: MessagePattern?
    /// Every new commit carries a `Signed-off-by:` trailer naming its author (the Developer Certificate of Origin).
    public var requireSignoff = false
    /// Who may update matching refs; empty means anyone.
    public var pushers: [String] = []
    public var requireSignedCommits = false
    /// Annotated tags pushed to matching refs must carry a good signature.
    public var requireSignedTags = false
    public var signerMustMatch: SignerMatch = .committer
    public var mode: EnforcementMode = .enforce
    /// Where the rule was written, for `policy explain`.
    public var line: Int

    public init(id: String, refs: [GlobPattern], line: Int) {
        self.id = id
        self.refs = refs
        self.line = line
    }

    /// The first pattern that covers `ref`, or nil when the rule does not apply.
    public func matchingPattern(for ref: String) -> GlobPattern? {
        refs.first { $0.matches(ref) }
    }
}

extension RefRule {
    /// What judging this rule at `door` needs gathered (empty when the rule asks for nothing there).
    public func needs(at door: Door) -> FactNeeds {
        CheckDescriptor.all.reduce(into: FactNeeds()) { needs, check in
            guard check.judges(self, at: door), let part = check.perRule else { return }
            needs.formUnion(part.needs(self))
        }
    }

    /// True when judging this rule needs the new commits of an update (their messages, emails or parents).
    public var needsCommits: Bool { needs(at: .preReceive).contains(.commits) }

    /// True when judging this rule needs the files the new commits introduce.
    public var needsFiles: Bool { needs(at: .preReceive).contains(.files) }
}
