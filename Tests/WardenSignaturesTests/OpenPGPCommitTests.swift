import Foundation
import Testing
@testable import WardenSignatures

/// OpenPGP-signed commits and tags made by real git + gpg; our verdict must agree with git's `%G?`.
@Suite struct OpenPGPCommitTests {
    struct Fixture {
        let sandbox: Sandbox
        let home: GPGHome
        let repo: GitRepo

        init() throws {
            sandbox = try Sandbox()
            home = try GPGHome(sandbox)
            repo = try GitRepo(sandbox)
        }

        func verifier(_ who: [String]) throws -> SignatureVerifier {
            var ring = OpenPGPKeyring.empty
            for uid in who { ring = ring.merging(try OpenPGPKeyring(armored: try home.exportArmored(uid))) }
            return SignatureVerifier(trust: TrustedKeys(openPGPKeys: ring))
        }

        func verdict(_ commit: String, trusting who: [String] = ["alice@example.com"]) throws -> SignatureVerdict {
            try verifier(who).verify(rawObject: try repo.raw("commit", commit), kind: .commit)
        }
    }

    @Test(arguments: ["rsa2048", "rsa3072", "ed25519", "nistp256", "nistp384", "nistp521"])
    func signedCommitIsGood(algorithm: String) throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: algorithm)
        try fixture.home.configure(fixture.repo, key: fingerprint)
        let commit = try fixture.repo.commit("signed with \(algorithm)")
        #expect(try fixture.repo.gitLetter(commit) == "G")
        let verdict = try fixture.verdict(commit)
        #expect(verdict.gitLetter == "G", "\(algorithm): \(verdict)")
        #expect(verdict.signer?.fingerprint == fingerprint)
        #expect(verdict.signer?.vouches(forEmail: "Alice@Example.com") == true)
        #expect(verdict.signer?.vouches(forEmail: "mallory@example.com") == false)
    }

    @Test func signingSubkeyIsGood() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let primary = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519",
                                                usage: "cert")
        try fixture.home.gpg(["--quick-add-key", primary, "ed25519", "sign"])
        let subkey = try #require(try fixture.home.fingerprints("alice@example.com").last)
        try fixture.home.configure(fixture.repo, key: primary)
        let commit = try fixture.repo.commit("signed by subkey")
        #expect(try fixture.repo.gitLetter(commit) == "G")
        let verdict = try fixture.verdict(commit)
        #expect(verdict.isGood, "\(verdict)")
        #expect(verdict.signer?.fingerprint == subkey)
        #expect(verdict.signer?.primaryFingerprint == primary)
    }

    @Test func signedTagIsGood() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519")
        try fixture.home.configure(fixture.repo, key: fingerprint)
        try fixture.repo.commit("base", sign: false)
        try fixture.repo.tag("v1")
        #expect(try fixture.repo.git(["verify-tag", "v1"]).status == 0)
        let verdict = try fixture.verifier(["alice@example.com"]).verify(
            rawObject: try fixture.repo.raw("tag", "v1"), kind: .tag)
        #expect(verdict.isGood, "\(verdict)")
    }

    @Test func expiredKeyIsY() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let past = "20200101T000000"
        let fingerprint = try fixture.home.generate(
            uid: "Alice Example <alice@example.com>", algorithm: "ed25519", expire: "1d", fakedTime: past)
        try fixture.home.configure(fixture.repo, key: fingerprint, fakedTime: past)
        let commit = try fixture.repo.commit("signed before expiry")
        try fixture.home.configure(fixture.repo, key: fingerprint)  // verify at the real time
        #expect(try fixture.repo.gitLetter(commit) == "Y")
        let verdict = try fixture.verdict(commit)
        #expect(verdict.gitLetter == "Y", "\(verdict)")
    }

    @Test func expiredSignatureIsX() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let past = "20200101T000000"
        let fingerprint = try fixture.home.generate(
            uid: "Alice Example <alice@example.com>", algorithm: "ed25519", fakedTime: past)
        let commit = try fixture.repo.commit("unsigned base", sign: false)
        let raw = try fixture.repo.raw("commit", commit)
        let armor = try fixture.home.sign(raw, key: fingerprint, options: ["--default-sig-expire", "1d"],
                                          fakedTime: past)
        let signed = try fixture.repo.hashObject("commit", CommitCrafting.addingSignature(to: raw, armor: armor))
        #expect(try fixture.repo.gitLetter(signed) == "X")
        #expect(try fixture.verdict(signed).gitLetter == "X")
    }

    @Test func revokedKeyIsR() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519")
        try fixture.home.configure(fixture.repo, key: fingerprint)
        let commit = try fixture.repo.commit("signed, then key revoked")
        let certificate = try String(contentsOfFile: fixture.home.dir + "/openpgp-revocs.d/\(fingerprint).rev",
                                     encoding: .utf8).replacingOccurrences(of: ":-----BEGIN", with: "-----BEGIN")
        try fixture.home.gpg(["--import"], stdin: Array(certificate.utf8))
        #expect(try fixture.repo.gitLetter(commit) == "R")
        let verdict = try fixture.verdict(commit)
        #expect(verdict.gitLetter == "R", "\(verdict)")
    }

    @Test func unknownKeyIsE() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let alice = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519")
        try fixture.home.generate(uid: "Bob Example <bob@example.com>", algorithm: "ed25519")
        try fixture.home.configure(fixture.repo, key: alice)
        let commit = try fixture.repo.commit("signed by alice")
        let verdict = try fixture.verdict(commit, trusting: ["bob@example.com"])
        #expect(verdict.gitLetter == "E", "\(verdict)")
        guard case .unknownKey(let id) = verdict else { Issue.record("\(verdict)"); return }
        #expect(alice.hasSuffix(id))
    }

    @Test func tamperedCommitIsBad() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "nistp256")
        try fixture.home.configure(fixture.repo, key: fingerprint)
        let commit = try fixture.repo.commit("original")
        let raw = String(decoding: try fixture.repo.raw("commit", commit), as: UTF8.self)
        let forged = try fixture.repo.hashObject("commit", Array(raw.replacingOccurrences(of: "original", with: "forged").utf8))
        #expect(try fixture.repo.gitLetter(forged) == "B")
        #expect(try fixture.verdict(forged).gitLetter == "B")
    }

    /// A text-mode (type 0x01) signature hashes CR LF line endings; gpg accepts it for git, and so do we.
    @Test func textModeSignatureIsGood() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519")
        let raw = try fixture.repo.raw("commit", try fixture.repo.commit("text mode", sign: false))
        let armor = try fixture.home.sign(raw, key: fingerprint, options: ["--textmode"])
        let signed = try fixture.repo.hashObject("commit", CommitCrafting.addingSignature(to: raw, armor: armor))
        #expect(try fixture.repo.gitLetter(signed) == "G")
        #expect(try fixture.verdict(signed).isGood)
    }

    /// Stricter than git: gpg 2.2 still accepts SHA-1 data signatures (G); we refuse them (E, unsupported).
    @Test func sha1SignatureIsRefused() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "rsa2048")
        let raw = try fixture.repo.raw("commit", try fixture.repo.commit("sha1", sign: false))
        let armor = try fixture.home.sign(raw, key: fingerprint, options: ["--digest-algo", "SHA1"])
        let signed = try fixture.repo.hashObject("commit", CommitCrafting.addingSignature(to: raw, armor: armor))
        let verdict = try fixture.verdict(signed)
        #expect(verdict.gitLetter == "E", "\(verdict)")
        #expect(!verdict.isGood)
    }

    @Test func craftedCommitLayoutsNeverBeatGit() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let fingerprint = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519")
        try fixture.home.configure(fixture.repo, key: fingerprint)
        let raw = try fixture.repo.raw("commit", try fixture.repo.commit("crafted base"))
        for (name, crafted) in CommitCrafting.variants(of: raw) {
            let id = try fixture.repo.hashObject("commit", crafted)
            let git = try fixture.repo.gitLetter(id)
            let ours = try fixture.verdict(id)
            if git != "G" { #expect(!ours.isGood, "\(name): git \(git), ours \(ours)") }
        }
    }
}

extension OpenPGPCommitTests {
    /// Stricter than git: gpg 2.2 only warns about a signature dated in the future (G); we cannot check it (E).
    @Test func futureSignatureIsNotGood() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let future = "20990101T000000"
        let fingerprint = try fixture.home.generate(
            uid: "Alice Example <alice@example.com>", algorithm: "ed25519", fakedTime: "20200101T000000")
        let raw = try fixture.repo.raw("commit", try fixture.repo.commit("from the future", sign: false))
        let armor = try fixture.home.sign(raw, key: fingerprint, fakedTime: future)
        let signed = try fixture.repo.hashObject("commit", CommitCrafting.addingSignature(to: raw, armor: armor))
        #expect(try fixture.repo.gitLetter(signed) == "G")
        let verdict = try fixture.verdict(signed)
        #expect(verdict.gitLetter == "E", "\(verdict)")
    }
}
