/// A repository's push policy: ref rules, secret scanning, trusted signers and hook settings. Loaded from the server's own files only, never from
/// pushed content.
public struct Policy: Sendable {
    public var source: String
    public var rules: [RefRule]
    public var hook: HookSettings
    public var signers: SignerSettings
    public var secrets: SecretSettings
    /// Evidence (push log checkpoints signed with the server key); nil when the section is absent.
    public var attest: AttestSettings?

    public init(source: String, rules: [RefRule], hook: HookSettings = HookSettings(),
                signers: SignerSettings = SignerSettings(), secrets: SecretSettings = SecretSettings()) {
        self.source = source
        self.rules = rules
        self.hook = hook
        self.signers = signers
        self.secrets = secrets
    }

    /// True when some rule asks for signatures, so trusted keys must be loaded.
    public var needsSignatures: Bool {
        rules.contains { !$0.needs(at: .preReceive).isDisjoint(with: .signatures) }
    }

    /// Rules that cover `ref`, in file order.
    public func rules(for ref: String) -> [RefRule] {
        rules.filter { $0.matchingPattern(for: ref) != nil }
    }

}
