import Foundation
import Testing
@testable import WardenSignatures

/// SSH-signed commits and tags made by real git + ssh-keygen; our verdict must agree with git's `%G?`.
@Suite struct SSHCommitTests {
    /// A repository whose commits are signed with `key`, trusted through an allowed_signers file.
    struct Fixture {
        let sandbox: Sandbox
        let repo: GitRepo
        let key: SSHKey

        init(type: String, bits: Int? = nil, allowedOptions: String = "", trustKey: Bool = true) throws {
            sandbox = try Sandbox()
            key = try SSHKey(sandbox, name: "key", type: type, bits: bits)
            repo = try GitRepo(sandbox)
            let options = allowedOptions.isEmpty ? "" : allowedOptions + " "
            try sandbox.write("allowed_signers", trustKey ? "alice@example.com \(options)\(key.publicLine)\n" : "")
            try repo.config("gpg.format", "ssh")
            try repo.config("user.signingkey", key.privatePath)
            try repo.config("gpg.ssh.allowedSignersFile", sandbox.path("allowed_signers"))
        }

        func verifier() throws -> SignatureVerifier {
            let allowed = try AllowedSigners(parsing: try sandbox.read("allowed_signers"))
            return SignatureVerifier(trust: TrustedKeys(allowedSigners: allowed))
        }

        func verdict(commit: String) throws -> SignatureVerdict {
            try verifier().verify(rawObject: try repo.raw("commit", commit), kind: .commit)
        }
    }

    @Test(arguments: [
        ("ed25519", nil), ("ecdsa", 256), ("ecdsa", 384), ("ecdsa", 521), ("rsa", 2048), ("rsa", 3072),
    ] as [(String, Int?)])
    func signedCommitIsGood(type: String, bits: Int?) throws {
        let fixture = try Fixture(type: type, bits: bits)
        let commit = try fixture.repo.commit("signed with \(type)")
        #expect(try fixture.repo.gitLetter(commit) == "G")
        let verdict = try fixture.verdict(commit: commit)
        #expect(verdict.gitLetter == "G", "\(verdict)")
        #expect(verdict.signer?.principal == "alice@example.com")
        #expect(verdict.signer?.vouches(forEmail: "ALICE@example.com") == true)
        let fingerprint = try fixture.sandbox.must(["ssh-keygen", "-l", "-f", fixture.key.privatePath + ".pub"]).stdout
        #expect(fingerprint.contains(verdict.signer?.fingerprint ?? "none"))
    }

    @Test func signedTagIsGood() throws {
        let fixture = try Fixture(type: "ed25519")
        try fixture.repo.commit("base", sign: false)
        try fixture.repo.tag("v1")
        #expect(try fixture.repo.git(["verify-tag", "v1"]).status == 0)
        let verdict = try fixture.verifier().verify(rawObject: try fixture.repo.raw("tag", "v1"), kind: .tag)
        #expect(verdict.isGood, "\(verdict)")
        let tagger = try #require(try fixture.verifier().signerClaim(rawObject: try fixture.repo.raw("tag", "v1"), kind: .tag))
        #expect(tagger.email == "alice@example.com")
    }

    @Test func unsignedCommitIsUnsigned() throws {
        let fixture = try Fixture(type: "ed25519")
        let commit = try fixture.repo.commit("plain", sign: false)
        #expect(try fixture.repo.gitLetter(commit) == "N")
        #expect(try fixture.verdict(commit: commit) == .unsigned)
    }

    @Test func keyMissingFromAllowedSignersIsUntrusted() throws {
        let fixture = try Fixture(type: "ed25519", trustKey: false)
        let commit = try fixture.repo.commit("unknown key")
        #expect(try fixture.repo.gitLetter(commit) == "U")
        #expect(try fixture.verdict(commit: commit).gitLetter == "U")
    }

    /// git checks validity at the commit time (`-Overify-time`); so do we.
    @Test func keyOutsideValidityWindowIsNotGood() throws {
        let fixture = try Fixture(type: "ed25519", allowedOptions: "valid-before=\"20200101Z\"")
        let commit = try fixture.repo.commit("after expiry")
        #expect(try fixture.repo.gitLetter(commit) != "G")
        let verdict = try fixture.verdict(commit: commit)
        #expect(verdict.gitLetter == "Y", "\(verdict)")
        let future = try Fixture(type: "ed25519", allowedOptions: "valid-after=\"20990101\"")
        let early = try future.repo.commit("before validity")
        #expect(try future.repo.gitLetter(early) != "G")
        #expect(!(try future.verdict(commit: early).isGood))
    }

    @Test func namespaceRestrictionIsHonoured() throws {
        let fixture = try Fixture(type: "ed25519", allowedOptions: "namespaces=\"file\"")
        let commit = try fixture.repo.commit("wrong namespace allowed")
        #expect(try fixture.repo.gitLetter(commit) != "G")
        #expect(!(try fixture.verdict(commit: commit).isGood))
    }

    /// git (2.39) says `B` for a revoked key; we say `R`. Both are "not good"; R tells the operator why.
    @Test func revokedKeyIsRevoked() throws {
        let fixture = try Fixture(type: "ed25519")
        try fixture.sandbox.write("revoked", fixture.key.publicLine + "\n")
        try fixture.repo.config("gpg.ssh.revocationFile", fixture.sandbox.path("revoked"))
        let commit = try fixture.repo.commit("revoked")
        #expect(try fixture.repo.gitLetter(commit) != "G")
        let trust = TrustedKeys(
            allowedSigners: try AllowedSigners(parsing: try fixture.sandbox.read("allowed_signers")),
            sshRevocations: try SSHRevocationList(parsing: try fixture.sandbox.read("revoked")))
        let verdict = SignatureVerifier(trust: trust).verify(rawObject: try fixture.repo.raw("commit", commit), kind: .commit)
        #expect(verdict.gitLetter == "R", "\(verdict)")
    }

    @Test func tamperedCommitIsBad() throws {
        let fixture = try Fixture(type: "ed25519")
        let commit = try fixture.repo.commit("original message")
        var raw = String(decoding: try fixture.repo.raw("commit", commit), as: UTF8.self)
        raw = raw.replacingOccurrences(of: "original message", with: "forged message")
        let forged = try fixture.repo.hashObject("commit", Array(raw.utf8))
        #expect(try fixture.repo.gitLetter(forged) == "B")
        #expect(try fixture.verdict(commit: forged).gitLetter == "B")
    }

    @Test func signatureInWrongNamespaceIsBad() throws {
        let fixture = try Fixture(type: "ed25519")
        let commit = try fixture.repo.commit("to be re-signed")
        let signed = try #require(SignedObject.extract(rawObject: try fixture.repo.raw("commit", commit), kind: .commit))
        let fileSig = try fixture.key.sign(fixture.sandbox, signed.payload, namespace: "file")
        let crafted = CommitCrafting.replacingSignature(in: try fixture.repo.raw("commit", commit), with: fileSig)
        let id = try fixture.repo.hashObject("commit", crafted)
        #expect(try fixture.repo.gitLetter(id) != "G")
        let verdict = try fixture.verdict(commit: id)
        #expect(verdict.gitLetter == "B", "\(verdict)")
    }

    /// Crafted layouts: whatever git calls unsigned or bad, we must not call good.
    @Test func craftedCommitLayoutsNeverBeatGit() throws {
        let fixture = try Fixture(type: "ed25519")
        let commit = try fixture.repo.commit("crafted base")
        let raw = try fixture.repo.raw("commit", commit)
        for (name, crafted) in CommitCrafting.variants(of: raw) {
            let id = try fixture.repo.hashObject("commit", crafted)
            let git = try fixture.repo.gitLetter(id)
            let ours = try fixture.verdict(commit: id)
            if git != "G" { #expect(!ours.isGood, "\(name): git \(git), ours \(ours)") }
            if ours.isGood { #expect(git == "G", "\(name)") }
        }
    }
}

extension SSHCommitTests {
    /// Crafted tags: the signature git checks is the block from the LAST armor line; header signatures are
    /// dropped from the payload. Whatever `git verify-tag` refuses, we must not call good.
    @Test func craftedTagsNeverBeatGit() throws {
        let fixture = try Fixture(type: "ed25519")
        try fixture.repo.commit("base", sign: false)
        try fixture.repo.tag("v1")
        let raw = String(decoding: try fixture.repo.raw("tag", "v1"), as: UTF8.self)
        let headerEnd = try #require(raw.range(of: "\n\n"))
        let headers = String(raw[..<headerEnd.lowerBound]), body = String(raw[headerEnd.upperBound...])
        let variants: [(String, String, Bool)] = [
            ("untouched", raw, true),
            ("sha256 header signature added", headers + "\ngpgsig-sha256 x\n y\n\n" + body, true),
            ("second armor appended", raw + "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----\n", false),
            ("message edited", raw.replacingOccurrences(of: "release v1", with: "release v2"), false),
            ("signature only", headers + "\n\n" + body.replacingOccurrences(of: "release v1\n", with: ""), false),
        ]
        for (name, text, expectGood) in variants {
            let id = try fixture.repo.hashObject("tag", Array(text.utf8))
            let gitGood = try fixture.repo.git(["verify-tag", id]).status == 0
            let ours = try fixture.verifier().verify(rawObject: Array(text.utf8), kind: .tag)
            #expect(gitGood == expectGood, "\(name): git")
            #expect(ours.isGood == expectGood, "\(name): \(ours)")
        }
    }
}

extension SSHCommitTests {
    /// Stricter than git (G): RSA keys below 2048 bits are refused as weak, "cannot check" (E).
    @Test func shortRSAKeyIsUnsupported() throws {
        let fixture = try Fixture(type: "rsa", bits: 1024)
        let commit = try fixture.repo.commit("short rsa")
        #expect(try fixture.repo.gitLetter(commit) == "G")
        let verdict = try fixture.verdict(commit: commit)
        guard case .unsupported = verdict else { Issue.record("\(verdict)"); return }
    }
}

extension SSHCommitTests {
    /// In a SHA-256 repository git signs into `gpgsig-sha256`; a SHA-1 reading sees no signature there.
    @Test func sha256RepositoryUsesItsOwnHeader() throws {
        let fixture = try Fixture(type: "ed25519")
        let dir = fixture.sandbox.path("repo256")
        try fixture.sandbox.must(["git", "init", "-q", "--object-format=sha256", dir])
        for (key, value) in [("user.name", "Alice"), ("user.email", "alice@example.com"), ("gpg.format", "ssh"),
                             ("user.signingkey", fixture.key.privatePath),
                             ("gpg.ssh.allowedSignersFile", fixture.sandbox.path("allowed_signers"))] {
            try fixture.sandbox.must(["git", "config", key, value], in: dir)
        }
        try fixture.sandbox.must(["git", "commit", "-q", "--allow-empty", "-S", "-m", "sha256"], in: dir)
        #expect(try fixture.sandbox.must(["git", "log", "-1", "--format=%G?"], in: dir).stdout.hasPrefix("G"))
        let raw = try fixture.sandbox.must(["git", "cat-file", "commit", "HEAD"], in: dir).stdoutBytes
        #expect(String(decoding: raw, as: UTF8.self).contains("\ngpgsig-sha256 "))
        let trust = TrustedKeys(allowedSigners: try AllowedSigners(parsing: try fixture.sandbox.read("allowed_signers")))
        #expect(SignatureVerifier(trust: trust, hashAlgorithm: .sha256).verify(rawObject: raw, kind: .commit).isGood)
        #expect(SignatureVerifier(trust: trust).verify(rawObject: raw, kind: .commit) == .unsigned)
    }

    /// The signer-must-match-committer check: the principal vouches for alice, not for another committer.
    @Test func signerMustMatchCommitter() throws {
        let fixture = try Fixture(type: "ed25519")
        let commit = try fixture.repo.commit("by bob", env: ["GIT_COMMITTER_EMAIL": "bob@example.com"])
        let raw = try fixture.repo.raw("commit", commit)
        let verifier = try fixture.verifier()
        let verdict = verifier.verify(rawObject: raw, kind: .commit)
        let committer = try #require(verifier.signerClaim(rawObject: raw, kind: .commit))
        #expect(verdict.isGood)
        #expect(committer.email == "bob@example.com")
        #expect(verdict.signer?.vouches(forEmail: committer.email) == false)
    }
}

extension SSHCommitTests {
    /// A signed merge of a signed tag carries the tag (with its own armor) in a `mergetag` header; only the
    /// gpgsig header is the commit's signature.
    @Test func signedMergeOfSignedTag() throws {
        let fixture = try Fixture(type: "ed25519")
        try fixture.repo.commit("base", sign: false)
        _ = try fixture.repo.git(["checkout", "-q", "-b", "side"])
        try fixture.repo.commit("side work", sign: false)
        try fixture.repo.tag("v1")
        _ = try fixture.repo.git(["checkout", "-q", "main"])
        let merge = try fixture.repo.git(["merge", "-q", "--no-ff", "-S", "-m", "merge v1", "v1"])
        #expect(merge.status == 0, "\(merge.stderr)")
        let raw = try fixture.repo.raw("commit", "HEAD")
        #expect(String(decoding: raw, as: UTF8.self).contains("\nmergetag object "))
        #expect(try fixture.repo.gitLetter("HEAD") == "G")
        #expect(try fixture.verifier().verify(rawObject: raw, kind: .commit).isGood)
    }
}
