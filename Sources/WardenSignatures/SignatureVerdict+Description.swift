extension SignatureVerdict: CustomStringConvertible {
    /// One line for hook output and audit findings: git's letter first, so it reads like `%G?`, then why.
    public var description: String {
        switch self {
        case .good(let id): "G good signature by \(id.summary)"
        case .untrustedGood(let id): "U valid signature by untrusted key \(id.fingerprint)"
        case .bad(let reason): "B bad signature: \(reason)"
        case .unknownKey(let keyID): "E no trusted key \(keyID)"
        case .expiredSignature(let id): "X expired signature by \(id.summary)"
        case .expiredKey(let id): "Y signature by expired (or not yet valid) key \(id.summary)"
        case .revokedKey(let id): "R signature by revoked key \(id.summary)"
        case .unsupported(let reason): "E cannot check: \(reason)"
        case .unsigned: "N no signature"
        case .error(let reason): "E cannot check: \(reason)"
        }
    }
}

extension SignerIdentity {
    /// Fingerprint plus the names the key vouches for, then whatever only a policy exception let count.
    var summary: String {
        let names = principal.map { [$0] } ?? userIDs
        let who = names.isEmpty ? fingerprint : "\(fingerprint) (\(names.joined(separator: ", ")))"
        return ([who] + policyNotes).joined(separator: "; ")
    }
}
