/// The outcome of verifying one signed object. A value, never a throw: "cannot decide" is a verdict too, and the
/// policy layer decides how to treat each one (normally: only `.good` passes).
public enum SignatureVerdict: Sendable, Hashable {
    /// Valid signature by a trusted, unexpired, unrevoked key.
    case good(SignerIdentity)
    /// Mathematically valid, but the key is not trusted (SSH key missing from allowed_signers; git says `U`).
    case untrustedGood(SignerIdentity)
    /// The signature does not verify or is malformed.
    case bad(reason: String)
    /// No trusted key with this id / fingerprint.
    case unknownKey(keyID: String)
    /// Valid signature whose own expiry time has passed (OpenPGP subpacket 3).
    case expiredSignature(SignerIdentity)
    /// Valid signature by a key that is expired, or (SSH) outside its valid-after/valid-before window.
    case expiredKey(SignerIdentity)
    /// Valid signature by a revoked key.
    case revokedKey(SignerIdentity)
    /// Well formed, but of a kind we do not verify (X.509/gitsign, SSH certificates, other algorithms).
    case unsupported(reason: String)
    /// git sees no signature in the object.
    case unsigned
    /// We cannot decide (for example git itself would refuse the signature as "bad/incompatible").
    case error(reason: String)

    /// The letter git prints for `%G?`, so reports read like git's own.
    public var gitLetter: Character {
        switch self {
        case .good: "G"
        case .untrustedGood: "U"
        case .bad: "B"
        case .unknownKey, .unsupported, .error: "E"
        case .expiredSignature: "X"
        case .expiredKey: "Y"
        case .revokedKey: "R"
        case .unsigned: "N"
        }
    }

    /// The signer, for verdicts where the signature verified mathematically.
    public var signer: SignerIdentity? {
        switch self {
        case .good(let id), .untrustedGood(let id), .expiredSignature(let id), .expiredKey(let id),
            .revokedKey(let id):
            id
        default: nil
        }
    }

    public var isGood: Bool {
        if case .good = self { return true }
        return false
    }
}
