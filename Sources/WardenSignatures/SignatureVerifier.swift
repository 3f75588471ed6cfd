import Foundation

/// The single entry point: raw commit/tag bytes in, a `SignatureVerdict` out, with no process spawned.
///
/// Times: SSH key validity (`valid-after`/`valid-before`) is judged at the committer/tagger time, as git does with
/// `-Overify-time`; OpenPGP key and signature expiry are judged at `now`, as gpg does when git asks it.
public struct SignatureVerifier: Sendable {
    public let trust: TrustedKeys
    public let hashAlgorithm: GitHashAlgorithm

    public init(trust: TrustedKeys, hashAlgorithm: GitHashAlgorithm = .sha1) {
        self.trust = trust
        self.hashAlgorithm = hashAlgorithm
    }

    /// Verifies the signature git would verify in `rawObject` (the body `git cat-file <kind>` prints).
    /// `signedAt` overrides the object's own committer/tagger time for SSH validity windows.
    public func verify(rawObject: [UInt8], kind: GitObjectKind, signedAt: Date? = nil, now: Date = Date())
        -> SignatureVerdict
    {
        guard let signed = SignedObject.extract(rawObject: rawObject, kind: kind, hashAlgorithm: hashAlgorithm) else {
            return .unsigned
        }
        // git reads the time from the FIRST committer/tagger line of the signed payload; without a readable one it
        // verifies nothing and reports the object unsigned. A date of 0 or none means "now" (no -Overify-time).
        guard case .identity(let line) = ParsedObject.signerLine(payload: signed.payload, kind: kind) else {
            return .unsigned
        }
        let time = signedAt ?? line.signatureTime.map { Date(timeIntervalSince1970: TimeInterval($0)) } ?? now
        return verify(signed, signedAt: time, now: now)
    }

    /// Verifies an already split object.
    public func verify(_ signed: SignedObject, signedAt: Date, now: Date) -> SignatureVerdict {
        switch signed.format {
        case nil:
            return .error(reason: "unrecognised signature (git refuses it as bad/incompatible)")
        case .x509:
            return .unsupported(reason: "X.509 (gpgsm / gitsign) signatures are not verified natively")
        case .ssh:
            let ssh = SSHSignatureVerifier(allowedSigners: trust.allowedSigners, revoked: trust.sshRevocations)
            return ssh.verify(signature: signed.signature, payload: signed.payload, signedAt: signedAt)
        case .openpgp:
            let openPGP = OpenPGPSignatureVerifier(keyring: trust.openPGPKeys,
                                                   allowSHA1Bindings: trust.openPGPAllowSHA1Bindings)
            return openPGP.verify(signature: signed.signature, payload: signed.payload, now: now)
        }
    }

    /// The committer (commit) or tagger (tag) of `rawObject` as `git log` shows it (the last committer line), for
    /// the signer-must-match-committer rule.
    public func signerClaim(rawObject: [UInt8], kind: GitObjectKind) -> ObjectIdentity? {
        ObjectIdentity(rawObject: rawObject, kind: kind)
    }
}
