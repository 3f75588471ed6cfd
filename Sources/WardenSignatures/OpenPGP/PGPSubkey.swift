/// A subkey together with what its (verified) binding signatures say about it.
struct PGPSubkey: Sendable {
    let key: PGPPublicKey
    /// Absolute expiry (seconds since 1970) from the latest binding signature; nil when it never expires.
    let expiresAt: UInt32?
    /// Bound for signing: key flag 0x02 and a valid embedded primary-key binding (back-signature), as GnuPG
    /// requires so nobody can claim another person's signing subkey.
    let canSign: Bool
    let isRevoked: Bool
    /// The binding signature (or, for a signing subkey, its back-signature) in effect is SHA-1.
    let bindingIsSHA1: Bool
}
