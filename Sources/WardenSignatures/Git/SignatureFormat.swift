/// The signature technology of a signed git object.
///
/// git picks the verifier from the first line of the signature (gpg-interface.c `get_format_by_sig`), so we do the
/// same: the format is a property of the armor, never of configuration, which a pusher cannot influence.
public enum SignatureFormat: String, Sendable, Hashable {
    case openpgp
    case ssh
    case x509

    /// The armor start lines git recognises, in git's order.
    static let armorStarts: [(prefix: [UInt8], format: SignatureFormat)] = [
        (Array("-----BEGIN PGP SIGNATURE-----".utf8), .openpgp),
        (Array("-----BEGIN PGP MESSAGE-----".utf8), .openpgp),
        (Array("-----BEGIN SIGNED MESSAGE-----".utf8), .x509),
        (Array("-----BEGIN SSH SIGNATURE-----".utf8), .ssh),
    ]

    /// The format whose armor start line `bytes` begins with at `offset`, as git's `starts_with` checks it.
    static func detect(in bytes: [UInt8], at offset: Int) -> SignatureFormat? {
        for start in armorStarts where bytes.count - offset >= start.prefix.count {
            if bytes[offset..<(offset + start.prefix.count)].elementsEqual(start.prefix) {
                return start.format
            }
        }
        return nil
    }
}
