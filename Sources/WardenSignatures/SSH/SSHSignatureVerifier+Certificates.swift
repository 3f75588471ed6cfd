import Foundation

extension SSHSignatureVerifier {
    /// A certificate key is trusted through a `cert-authority` line naming its CA, for the certificate's
    /// principals that match the line's patterns, while both the certificate and the line are valid.
    ///
    /// Stricter than ssh-keygen in three places: certificates with critical options, wildcard certificates
    /// (no principals) and principals containing pattern characters are refused, since none has a meaning
    /// for a git signature that we could check.
    func judge(_ certificate: SSHCertificate, of key: SSHPublicKey, signedAt: Date) -> SignatureVerdict {
        let anonymous = identity(key, principal: nil)
        let authorities = allowedSigners.entries.filter {
            $0.isCertificateAuthority && $0.key.blob == certificate.signatureKeyBlob
                && $0.admits(namespace: Self.gitNamespace)
        }
        guard !authorities.isEmpty else { return .untrustedGood(anonymous) }
        guard certificate.type == SSHCertificate.userType else { return .bad(reason: "not an SSH user certificate") }
        do {
            let authority = try SSHPublicKey(blob: certificate.signatureKeyBlob)
            guard authority.certificate == nil else { return .bad(reason: "certificate signed by a certificate") }
            let check = try authority.check(signatureBlob: certificate.signature, over: certificate.signedPart)
            guard check.isValid else { return .bad(reason: "certificate's CA signature does not verify") }
        } catch {
            return error.isUnsupported ? .unsupported(reason: error.message) : .bad(reason: error.message)
        }
        guard certificate.criticalOptions.isEmpty else {
            return .bad(reason: "certificate carries critical options")
        }
        let seconds = UInt64(max(0, signedAt.timeIntervalSince1970))
        for authority in authorities {
            // Certificate principals are literal names chosen by the CA; ones that would read as patterns in
            // `SignerIdentity.principal` (wildcards, negation, list commas) are not honoured at all.
            let principals = certificate.principals.filter { principal in
                !principal.contains(where: { "*?!,".contains($0) }) && authority.principals.matches(principal)
            }
            guard !principals.isEmpty else { continue }
            let signer = identity(key, principal: principals.joined(separator: ","))
            guard certificate.isValid(at: seconds), authority.isValid(at: signedAt) else {
                return .expiredKey(signer)
            }
            return .good(signer)
        }
        return .untrustedGood(anonymous)
    }
}
