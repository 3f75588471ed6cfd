/// The rules a scanner runs, plus the exceptions that apply to all of them.
public struct RuleSet: Sendable, Hashable {
    public var rules: [SecretRule]
    /// Applies to every rule: allowlisted paths are not scanned at all.
    public var allowlist: SecretAllowlist

    public init(rules: [SecretRule], allowlist: SecretAllowlist = SecretAllowlist()) {
        self.rules = rules
        self.allowlist = allowlist
    }
}
