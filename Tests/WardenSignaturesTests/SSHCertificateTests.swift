import Foundation
import Testing
@testable import WardenSignatures

/// Commits signed with OpenSSH user certificates, trusted through `cert-authority` lines; compared with git.
@Suite struct SSHCertificateTests {
    struct Outcome {
        let git: Character
        let ours: SignatureVerdict
    }

    /// Signs a commit with a `userType` key certified by a CA for `principals` during `validity`.
    static func sign(userType: String = "ed25519", principals: String = "alice@example.com",
                     validity: String = "-1d:+30d", allowed: (_ ca: String, _ user: String) -> String) throws -> Outcome {
        let sandbox = try Sandbox()
        let ca = try SSHKey(sandbox, name: "ca", type: "ed25519")
        let user = try SSHKey(sandbox, name: "user", type: userType)
        try sandbox.must(["ssh-keygen", "-q", "-s", ca.privatePath, "-I", "alice-id", "-n", principals,
                          "-V", validity, user.privatePath + ".pub"])
        let repo = try GitRepo(sandbox)
        try sandbox.write("allowed_signers", allowed(ca.publicLine, user.publicLine) + "\n")
        try repo.config("gpg.format", "ssh")
        try repo.config("user.signingkey", user.privatePath + "-cert.pub")
        try repo.config("gpg.ssh.allowedSignersFile", sandbox.path("allowed_signers"))
        let commit = try repo.commit("signed with a certificate")
        let verifier = SignatureVerifier(trust: TrustedKeys(
            allowedSigners: try AllowedSigners(parsing: try sandbox.read("allowed_signers"))))
        return Outcome(git: try repo.gitLetter(commit), ours: verifier.verify(rawObject: try repo.raw("commit", commit), kind: .commit))
    }

    @Test(arguments: ["ed25519", "ecdsa"])
    func certificateFromTrustedAuthorityIsGood(userType: String) throws {
        let outcome = try Self.sign(userType: userType) { ca, _ in "alice@example.com cert-authority \(ca)" }
        #expect(outcome.git == "G")
        #expect(outcome.ours.isGood, "\(outcome.ours)")
        #expect(outcome.ours.signer?.principal == "alice@example.com")
    }

    @Test func authorityPatternSelectsCertificatePrincipals() throws {
        let outcome = try Self.sign(principals: "alice@example.com,root") { ca, _ in
            "*@example.com cert-authority \(ca)"
        }
        #expect(outcome.git == "G")
        #expect(outcome.ours.signer?.principal == "alice@example.com", "\(outcome.ours)")
        #expect(outcome.ours.signer?.vouches(forEmail: "alice@example.com") == true)
        #expect(outcome.ours.signer?.vouches(forEmail: "root") == false)
    }

    @Test func principalNotAllowedIsUntrusted() throws {
        let outcome = try Self.sign(principals: "bob@example.com") { ca, _ in "alice@example.com cert-authority \(ca)" }
        #expect(outcome.git != "G")
        #expect(outcome.ours.gitLetter == "U", "\(outcome.ours)")
    }

    @Test func expiredCertificateIsNotGood() throws {
        let outcome = try Self.sign(validity: "20200101:20200201") { ca, _ in "alice@example.com cert-authority \(ca)" }
        #expect(outcome.git != "G")
        #expect(outcome.ours.gitLetter == "Y", "\(outcome.ours)")
    }

    @Test func authorityWithoutCertAuthorityOptionIsNotTrusted() throws {
        let outcome = try Self.sign { ca, _ in "alice@example.com \(ca)" }
        #expect(outcome.git != "G")
        #expect(!outcome.ours.isGood, "\(outcome.ours)")
    }

    /// ssh-keygen does not let a plain line for the certified key vouch for the certificate (git says U).
    @Test func plainLineForTheCertifiedKeyDoesNotMatch() throws {
        let outcome = try Self.sign { _, user in "alice@example.com \(user)" }
        #expect(outcome.git == "U")
        #expect(outcome.ours.gitLetter == "U", "\(outcome.ours)")
    }
}

extension SSHCertificateTests {
    /// Stricter than git: a CA-issued principal that looks like a pattern ("*@example.com") would vouch for
    /// every committer in the signer-must-match check, so it is not honoured (U instead of git's G).
    @Test func patternLikeCertificatePrincipalIsNotHonoured() throws {
        let outcome = try Self.sign(principals: "*@example.com") { ca, _ in "*@example.com cert-authority \(ca)" }
        #expect(outcome.git == "G")
        #expect(outcome.ours.gitLetter == "U", "\(outcome.ours)")
    }
}
