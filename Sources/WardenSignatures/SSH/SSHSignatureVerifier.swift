import Foundation

/// Verifies an SSHSIG over a git payload the way `ssh-keygen -Y verify -n git` does for git, natively.
///
/// Order matters: math first (a forged signature is `bad` whoever it claims to be), then revocation, then the
/// allowed_signers entry that admits the key for namespace "git" at the signing time.
struct SSHSignatureVerifier: Sendable {
    static let gitNamespace = "git"

    let allowedSigners: AllowedSigners
    let revoked: SSHRevocationList

    func verify(signature armored: [UInt8], payload: [UInt8], signedAt: Date) -> SignatureVerdict {
        let signature: SSHSignature
        do {
            signature = try SSHSignature(armored: armored)
        } catch {
            return error.isUnsupported
                ? .unsupported(reason: error.message) : .bad(reason: "malformed SSH signature: \(error.message)")
        }
        guard signature.namespace == Self.gitNamespace else {
            return .bad(reason: "SSH signature namespace is \"\(signature.namespace)\", not \"git\"")
        }
        let key = signature.publicKey
        let check: SSHPublicKey.SignatureCheck
        do {
            check = try key.check(signatureBlob: signature.signatureBlob, over: signature.signedData(for: payload))
        } catch {
            return error.isUnsupported ? .unsupported(reason: error.message) : .bad(reason: error.message)
        }
        guard check.isValid else { return .bad(reason: "SSH signature does not verify") }
        let anonymous = identity(key, principal: nil)
        if revoked.isRevoked(key) { return .revokedKey(anonymous) }
        // Stricter than ssh-keygen 9.2, which ignores FIDO flags for SSHSIG: a signature nobody touched the
        // security key for could have been made by malware on the host, so user presence is required.
        if let flags = check.fidoFlags, flags & 0x01 == 0 {
            return .bad(reason: "security key signature made without user presence")
        }
        // As in ssh-keygen, a certificate is trusted only through its CA, never through a plain line for its key.
        if let certificate = key.certificate {
            return judge(certificate, of: key, signedAt: signedAt)
        }
        let listed = allowedSigners.entries(for: key).filter { !$0.isCertificateAuthority }
        let candidates = listed.filter { $0.admits(namespace: Self.gitNamespace) }
        // A key listed only for other namespaces: git finds its principal, then ssh-keygen's verify for "git" fails,
        // and git reports a bad signature (B), not an unknown key.
        guard listed.isEmpty || !candidates.isEmpty else {
            return .bad(reason: "allowed_signers admits this key only for other namespaces, not \"git\"")
        }
        guard !candidates.isEmpty else { return .untrustedGood(anonymous) }
        guard let entry = candidates.first(where: { $0.isValid(at: signedAt) }) else {
            return .expiredKey(identity(key, principal: candidates[0].principals.source))
        }
        return .good(identity(key, principal: entry.principals.source))
    }

    func identity(_ key: SSHPublicKey, principal: String?) -> SignerIdentity {
        SignerIdentity(
            format: .ssh, fingerprint: key.fingerprint, primaryFingerprint: key.fingerprint, principal: principal,
            userIDs: [])
    }
}
