import Foundation
@testable import WardenSignatures

extension FuzzTarget {
    /// An armored SSHSIG (what `ssh-keygen -Y sign` writes and git stores), verified over the seed payload with
    /// the fixed allowed_signers: armor, wire blob, key and certificate parsing, the signature math and the trust
    /// decision.
    static let sshsig = FuzzTarget(name: "sshsig", summary: "SSHSignature and SSHSignatureVerifier.verify") { bytes in
        let verifier = SSHSignatureVerifier(allowedSigners: FuzzTrust.keys.allowedSigners,
                                            revoked: FuzzTrust.keys.sshRevocations)
        _ = verifier.verify(signature: bytes, payload: FuzzTrust.payload,
                            signedAt: Date(timeIntervalSince1970: 1_700_000_000)).description
    }
}
