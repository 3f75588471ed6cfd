/// Everything the verifier trusts, parsed once per policy load and shared read-only across tasks.
public struct TrustedKeys: Sendable {
    public var allowedSigners: AllowedSigners
    public var sshRevocations: SSHRevocationList
    public var openPGPKeys: OpenPGPKeyring
    /// Accept OpenPGP user IDs and subkeys bound only by SHA-1 self-signatures (`[signers]
    /// openpgp-allow-sha1-bindings`, `verify --allow-sha1-bindings`). Off by default: such a signature is "E", with
    /// the reason. SHA-1 signatures over commits and tags stay refused either way.
    public var openPGPAllowSHA1Bindings: Bool

    public init(
        allowedSigners: AllowedSigners = .empty,
        sshRevocations: SSHRevocationList = .empty,
        openPGPKeys: OpenPGPKeyring = .empty,
        openPGPAllowSHA1Bindings: Bool = false
    ) {
        self.allowedSigners = allowedSigners
        self.sshRevocations = sshRevocations
        self.openPGPKeys = openPGPKeys
        self.openPGPAllowSHA1Bindings = openPGPAllowSHA1Bindings
    }
}
