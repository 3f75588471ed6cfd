@testable import WardenSignatures

extension FuzzTarget {
    /// ASCII armor: every block of a keyring file, a signature armor that must be the whole text (as git stores
    /// it), an armored keyring, and a detached signature verified over the seed payload with the fixed keyring.
    static let openPGPArmor = FuzzTarget(name: "openpgp-armor", summary: "PGPArmor, OpenPGPKeyring(armored:), OpenPGP verify") { bytes in
        _ = try? PGPArmor.decodeAll(bytes)
        _ = try? PGPArmor.decodeSingle(bytes)
        _ = try? OpenPGPKeyring(armored: String(decoding: bytes, as: UTF8.self), source: "fuzz.asc")
        let verifier = OpenPGPSignatureVerifier(keyring: FuzzTrust.keys.openPGPKeys)
        _ = verifier.verify(signature: bytes, payload: FuzzTrust.payload, now: FuzzTrust.now).description
    }
}
