/// Who made a signature, as far as the trusted key material says.
///
/// Policy compares it with the committer (signer-must-match-committer), so it carries exactly the names the key
/// vouches for: the `allowed_signers` principals for SSH, the certified user IDs for OpenPGP.
public struct SignerIdentity: Sendable, Hashable {
    public let format: SignatureFormat
    /// `SHA256:<base64>` for SSH; the upper-case hex v4 fingerprint of the signing (sub)key for OpenPGP.
    public let fingerprint: String
    /// For OpenPGP, the primary key's fingerprint (equal to `fingerprint` unless a subkey signed).
    public let primaryFingerprint: String
    /// The `allowed_signers` principal pattern list (SSH) that admitted the key; nil for OpenPGP.
    public let principal: String?
    /// User IDs bound to the key by valid self-signatures (OpenPGP); empty for SSH.
    public let userIDs: [String]
    /// What only an explicit policy setting let count for this signer (for example a SHA-1 user-ID binding);
    /// reports and the decision log repeat it, so an exception is never silent.
    public let policyNotes: [String]

    public init(format: SignatureFormat, fingerprint: String, primaryFingerprint: String, principal: String?,
                userIDs: [String], policyNotes: [String] = []) {
        self.format = format
        self.fingerprint = fingerprint
        self.primaryFingerprint = primaryFingerprint
        self.principal = principal
        self.userIDs = userIDs
        self.policyNotes = policyNotes
    }

    /// Whether `email` is a name this key vouches for: matches the SSH principal patterns, or equals the
    /// address of an OpenPGP user ID. Case-insensitive, because email addresses are compared that way in practice.
    public func vouches(forEmail email: String) -> Bool {
        let wanted = email.lowercased()
        if let principal {
            return PrincipalPattern(principal).matches(wanted, caseInsensitive: true)
        }
        return userIDs.contains { Self.email(inUserID: $0)?.lowercased() == wanted }
    }

    /// The address in `Name (comment) <addr>`, or the whole user ID when it is a bare address.
    static func email(inUserID userID: String) -> String? {
        if let open = userID.lastIndex(of: "<"), let close = userID.lastIndex(of: ">"), open < close {
            return String(userID[userID.index(after: open)..<close])
        }
        return userID.contains("@") && !userID.contains(" ") ? userID : nil
    }
}
