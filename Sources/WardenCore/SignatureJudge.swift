import Foundation
import WardenPolicy
import WardenSignatures

/// Verifies commit and tag signatures against the policy's trusted keys and reduces each verdict to the facts
/// policy rules need. Keys are loaded once per push.
struct SignatureJudge {
    let verifier: SignatureVerifier
    /// The identities the pusher's keys may sign as (`[signers] pushers`).
    let pusherIdentities: [String]
    let now: Date

    init(policy: Policy, pusher: String?, now: Date = Date()) throws(SignatureParseError) {
        let trust = try TrustedKeys.load(allowedSignersFile: policy.signers.sshAllowedSigners,
                                         sshRevocationFile: policy.signers.sshRevokedKeys,
                                         openPGPKeyringFiles: policy.signers.openPGPKeyrings,
                                         openPGPAllowSHA1Bindings: policy.signers.openPGPAllowSHA1Bindings)
        verifier = SignatureVerifier(trust: trust)
        pusherIdentities = pusher.flatMap { policy.signers.pushers[$0] } ?? []
        self.now = now
    }

    func facts(rawObject: [UInt8], kind: GitObjectKind) -> SignatureFacts {
        var verdict = verifier.verify(rawObject: rawObject, kind: kind, now: now)
        // SSH validity windows are judged at the commit's own time, as git does; a key that has expired (or left its
        // window) by the time of the push must not bring new commits in either.
        if verdict.isGood, verdict.signer?.format == .ssh {
            let atPush = verifier.verify(rawObject: rawObject, kind: kind, signedAt: now, now: now)
            if !atPush.isGood { verdict = atPush }
        }
        let signer = verdict.signer
        let claimed = verifier.signerClaim(rawObject: rawObject, kind: kind)?.email
        return SignatureFacts(
            letter: String(verdict.gitLetter),
            isGood: verdict.isGood,
            summary: verdict.description,
            vouchesForCommitter: claimed.map { signer?.vouches(forEmail: $0) ?? false } ?? false,
            vouchesForPusher: pusherIdentities.contains { signer?.vouches(forEmail: $0) ?? false },
            policyNotes: signer?.policyNotes ?? []
        )
    }
}
