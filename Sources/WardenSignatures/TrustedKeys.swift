/// Everything the verifier trusts, parsed once per policy load and shared read-only across tasks.
public struct TrustedKeys: Sendable {
    public var allowedSigners: AllowedSigners
    public var sshRevocations: SSHRevocationList
    public var openPGPKeys: OpenPGPKeyring

    public init(
        allowedSigners: AllowedSigners = .empty,
        sshRevocations: SSHRevocationList = .empty,
        openPGPKeys: OpenPGPKeyring = .empty
    ) {
        self.allowedSigners = allowedSigners
        self.sshRevocations = sshRevocations
        self.openPGPKeys = openPGPKeys
    }
}
