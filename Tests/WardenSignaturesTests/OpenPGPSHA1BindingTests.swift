import Foundation
import Testing
@testable import WardenSignatures

/// Keys whose user IDs or subkeys are bound by SHA-1 self-signatures (gpg's default before 2.1, git's own test keys,
/// many keys made before 2020). gpg, and so git, calls their signatures good; git-warden refuses the SHA-1 binding
/// ("E", with the reason) unless the policy accepts it, and then says that it did.
@Suite struct OpenPGPSHA1BindingTests {
    typealias Fixture = OpenPGPCommitTests.Fixture

    static let refusal = "SHA-1 binding signature refused (set [signers] openpgp-allow-sha1-bindings = true to accept)"

    func verdict(_ fixture: Fixture, _ object: String, kind: GitObjectKind = .commit, allow: Bool,
                 trusting who: String = "old@example.com") throws -> SignatureVerdict {
        let ring = try OpenPGPKeyring(armored: try fixture.home.exportArmored(who))
        return SignatureVerifier(trust: TrustedKeys(openPGPKeys: ring, openPGPAllowSHA1Bindings: allow))
            .verify(rawObject: try fixture.repo.raw(kind == .commit ? "commit" : "tag", object), kind: kind)
    }

    /// A key made with `--cert-digest-algo SHA1`: every self-signature is SHA-1.
    static func oldKey(_ fixture: Fixture, algorithm: String = "ed25519") throws -> String {
        try fixture.home.gpg(["--cert-digest-algo", "SHA1", "--quick-gen-key", "Old Timer <old@example.com>",
                              algorithm, "sign", "never"])
        let fingerprint = try #require(try fixture.home.fingerprints("old@example.com").first)
        try fixture.home.configure(fixture.repo, key: fingerprint)
        return fingerprint
    }

    @Test func sha1UserIDBindingIsRefusedWithTheReasonUnlessAllowed() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try Self.oldKey(fixture)
        let commit = try fixture.repo.commit("signed by an old key")
        #expect(try fixture.repo.gitLetter(commit) == "G")

        let refused = try verdict(fixture, commit, allow: false)
        #expect(refused.gitLetter == "E", "\(refused)")
        #expect(refused.description.contains(Self.refusal), "\(refused)")
        #expect(refused.description.contains("Old Timer <old@example.com>"), "\(refused)")

        let accepted = try verdict(fixture, commit, allow: true)
        #expect(accepted.isGood, "\(accepted)")
        #expect(accepted.signer?.fingerprint == fingerprint)
        #expect(accepted.signer?.vouches(forEmail: "old@example.com") == true)
        #expect(accepted.signer?.policyNotes.count == 1)
        #expect(accepted.description.contains("SHA-1 binding signature accepted by policy"), "\(accepted)")
    }

    @Test func signedTagByOldKeyFollowsTheSameRule() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        _ = try Self.oldKey(fixture)
        try fixture.repo.commit("base", sign: false)
        try fixture.repo.tag("v1")
        #expect(try fixture.repo.git(["verify-tag", "v1"]).status == 0)
        #expect(try verdict(fixture, "v1", kind: .tag, allow: false).gitLetter == "E")
        #expect(try verdict(fixture, "v1", kind: .tag, allow: true).isGood)
    }

    /// A strong primary key with a signing subkey bound by SHA-1: the subkey's binding decides.
    @Test func sha1SubkeyBindingIsRefusedUnlessAllowed() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let primary = try fixture.home.generate(uid: "Old Timer <old@example.com>", algorithm: "ed25519",
                                                usage: "cert")
        try fixture.home.gpg(["--allow-weak-key-signatures", "--cert-digest-algo", "SHA1", "--quick-add-key", primary,
                              "ed25519", "sign"])
        try fixture.home.configure(fixture.repo, key: primary)
        let commit = try fixture.repo.commit("signed by a SHA-1 bound subkey")
        #expect(try fixture.repo.gitLetter(commit) == "G")
        let refused = try verdict(fixture, commit, allow: false)
        #expect(refused.gitLetter == "E", "\(refused)")
        #expect(refused.description.contains("subkey"), "\(refused)")
        let accepted = try verdict(fixture, commit, allow: true)
        #expect(accepted.isGood, "\(accepted)")
        #expect(accepted.signer?.primaryFingerprint == primary)
    }

    /// A strong key that gained a second user ID certified with SHA-1: the newest self-signature (which sets the
    /// key's flags and expiry, for gpg too) is SHA-1, so the key's own binding rests on SHA-1.
    @Test func laterSHA1UserIDMakesTheBindingSHA1() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Old Timer <old@example.com>", algorithm: "ed25519")
        try fixture.home.gpg(["--cert-digest-algo", "SHA1", "--quick-add-uid", fingerprint,
                              "Old Timer <second@example.com>"])
        try fixture.home.configure(fixture.repo, key: fingerprint)
        let commit = try fixture.repo.commit("two user IDs")
        #expect(try fixture.repo.gitLetter(commit) == "G")
        let refused = try verdict(fixture, commit, allow: false)
        #expect(refused.gitLetter == "E", "\(refused)")
        #expect(refused.description.contains("second@example.com"), "\(refused)")
        let accepted = try verdict(fixture, commit, allow: true)
        #expect(accepted.isGood, "\(accepted)")
        #expect(accepted.signer?.vouches(forEmail: "old@example.com") == true)
        #expect(accepted.signer?.vouches(forEmail: "second@example.com") == true)
    }

    /// The exception covers key bindings only: a SHA-1 signature over the commit stays refused.
    @Test func sha1DataSignatureStaysRefusedWhenBindingsAreAllowed() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try Self.oldKey(fixture, algorithm: "rsa2048")
        let raw = try fixture.repo.raw("commit", try fixture.repo.commit("sha1 digest", sign: false))
        let armor = try fixture.home.sign(raw, key: fingerprint, options: ["--digest-algo", "SHA1"])
        let signed = try fixture.repo.hashObject("commit", CommitCrafting.addingSignature(to: raw, armor: armor))
        #expect(try fixture.repo.gitLetter(signed) == "G")
        let verdict = try verdict(fixture, signed, allow: true)
        #expect(verdict.gitLetter == "E", "\(verdict)")
        #expect(verdict.description.contains("SHA-1 OpenPGP signatures are refused"), "\(verdict)")
    }

    /// Revocation and expiry still read as git reads them: R before any talk of SHA-1.
    @Test func revokedOldKeyIsR() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try Self.oldKey(fixture)
        let commit = try fixture.repo.commit("signed, then the old key is revoked")
        let certificate = try String(contentsOfFile: fixture.home.dir + "/openpgp-revocs.d/\(fingerprint).rev",
                                     encoding: .utf8).replacingOccurrences(of: ":-----BEGIN", with: "-----BEGIN")
        try fixture.home.gpg(["--import"], stdin: Array(certificate.utf8))
        #expect(try fixture.repo.gitLetter(commit) == "R")
        #expect(try verdict(fixture, commit, allow: false).gitLetter == "R")
        #expect(try verdict(fixture, commit, allow: true).gitLetter == "R")
    }
}
