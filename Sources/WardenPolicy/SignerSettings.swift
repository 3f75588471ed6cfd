/// Whose key a good signature must belong to.
public enum SignerMatch: String, Sendable {
    /// The key vouches for the committer (tagger) email: an SSH principal or an OpenPGP user id, as a forge's
    /// "verified" badge means. The default: a signature by someone else's trusted key proves nothing about the commit.
    case committer
    /// Any trusted key will do (GitLab's "reject unsigned commits").
    case anyTrustedKey = "any-trusted-key"
    /// The key vouches for one of the pusher's identities listed in `[signers] pushers`.
    case pusher
}

/// The `[signers]` section: the trusted key material, with paths resolved relative to the policy file.
public struct SignerSettings: Sendable {
    public var sshAllowedSigners: String?
    public var sshRevokedKeys: String?
    public var openPGPKeyrings: [String] = []
    /// Accept OpenPGP user IDs and subkeys bound only by SHA-1 self-signatures (keys made before about 2020, git's
    /// own test keys). Off by default: git-warden then reports such a signature as "E" with the reason; on, the
    /// signature can be good and every report and the decision log say the exception was used.
    public var openPGPAllowSHA1Bindings = false
    /// Pusher name -> the identities (emails) their keys may sign as.
    public var pushers: [String: [String]] = [:]

    public init() {}

    public var hasKeys: Bool { sshAllowedSigners != nil || !openPGPKeyrings.isEmpty }
}
