/// One secret detection rule, as data.
///
/// Rules are data rather than code so that a server operator can add or silence one in a TOML file, and so that
/// every rule carries the examples that prove it works (`positives` must be found, `negatives` must not).
public struct SecretRule: Sendable, Hashable {
    /// Stable identifier, used in findings, fingerprints and allowlists.
    public var id: String
    public var description: String
    /// PCRE2 syntax, matched bytewise (no UTF mode). `nil` for a rule that flags files by `path` alone.
    public var regex: String?
    /// The capture group holding the secret. `nil` means the first non-empty group, or the whole match when the
    /// regex has no group (or no group took part).
    public var secretGroup: Int?
    /// Lower-case on load. When not empty, one of them must occur (case-insensitively) on the lines of the match:
    /// it keeps broad patterns from firing on text that merely looks random.
    public var keywords: [String]
    /// Minimum Shannon entropy (bits per byte) of the secret.
    public var entropy: Double?
    /// PCRE2 regex on the file path: the rule applies only to matching files. With no `regex`, a matching path is
    /// itself the finding (a committed `*.p12` key store is a leak whatever its bytes are).
    public var path: String?
    public var allowlist: SecretAllowlist
    public var tags: [String]
    /// Texts that must each produce a finding of this rule.
    public var positives: [String]
    /// Texts that must each produce no finding of this rule.
    public var negatives: [String]

    public init(
        id: String,
        description: String = "",
        regex: String?,
        secretGroup: Int? = nil,
        keywords: [String] = [],
        entropy: Double? = nil,
        path: String? = nil,
        allowlist: SecretAllowlist = SecretAllowlist(),
        tags: [String] = [],
        positives: [String] = [],
        negatives: [String] = []
    ) {
        self.id = id
        self.description = description
        self.regex = regex
        self.secretGroup = secretGroup
        self.keywords = keywords.map { $0.lowercased() }
        self.entropy = entropy
        self.path = path
        self.allowlist = allowlist
        self.tags = tags
        self.positives = positives
        self.negatives = negatives
    }
}
