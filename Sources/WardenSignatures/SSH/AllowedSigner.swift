import Foundation

/// One line of an `allowed_signers` file (ssh-keygen(1) ALLOWED SIGNERS): who may sign, with which key, for what.
package struct AllowedSigner: Sendable, Hashable {
    package let principals: PrincipalPattern
    package let key: SSHPublicKey
    /// `cert-authority`: the key only vouches for certificates, never for plain signatures by itself.
    package let isCertificateAuthority: Bool
    package let namespaces: PrincipalPattern?
    package let validAfter: Date?
    package let validBefore: Date?

    /// Whether this entry admits signatures in `namespace` (no `namespaces=` option admits all).
    func admits(namespace: String) -> Bool {
        namespaces?.matches(namespace) ?? true
    }

    /// Whether `time` lies inside valid-after / valid-before (inclusive bounds, as sshsig.c compares).
    func isValid(at time: Date) -> Bool {
        if let validAfter, time < validAfter { return false }
        if let validBefore, time > validBefore { return false }
        return true
    }
}
