import Testing
@testable import WardenPolicy
import WardenTOML

@Suite struct SignaturePolicyTests {
    typealias F = Fixture

    static func signature(_ letter: String, committer: Bool = true, pusher: Bool = false) -> SignatureFacts {
        SignatureFacts(letter: letter, isGood: letter == "G", summary: "\(letter) test verdict",
                       vouchesForCommitter: committer, vouchesForPusher: pusher)
    }

    func verdict(_ match: SignerMatch, _ signature: SignatureFacts?) -> Verdict {
        let rule = F.rule("signed", ["refs/heads/main"]) {
            $0.requireSignedCommits = true
            $0.signerMustMatch = match
        }
        var commit = F.commit("c1")
        commit.signature = signature
        return Policy(source: "test", rules: [rule]).evaluate([F.update(.update(fastForward: true), commits: [commit])],
                                                              pusher: "alice")
    }

    @Test func onlyGoodSignaturesPass() {
        #expect(verdict(.anyTrustedKey, Self.signature("G")).isAllowed)
        for letter in ["N", "B", "U", "X", "Y", "R", "E"] {
            let result = verdict(.anyTrustedKey, Self.signature(letter))
            #expect(result.violations.map(\.kind) == [.unsignedCommit], "letter \(letter)")
            #expect(result.violations.first?.detail.contains("\(letter) test verdict") == true)
        }
        // Facts that were never gathered are not a pass.
        #expect(!verdict(.anyTrustedKey, nil).isAllowed)
    }

    @Test func signerMustMatchCommitterOrPusher() {
        #expect(verdict(.committer, Self.signature("G", committer: false)).violations.map(\.kind) == [.signerMismatch])
        #expect(verdict(.committer, Self.signature("G", committer: true)).isAllowed)
        #expect(verdict(.pusher, Self.signature("G", committer: true, pusher: false)).violations.map(\.kind) == [.signerMismatch])
        #expect(verdict(.pusher, Self.signature("G", committer: false, pusher: true)).isAllowed)
        #expect(verdict(.anyTrustedKey, Self.signature("G", committer: false)).isAllowed)
    }

    @Test func signedTagsAreJudgedPerTag() {
        let rule = F.rule("tags", ["refs/tags/**"]) {
            $0.requireSignedTags = true
            $0.signerMustMatch = .anyTrustedKey
        }
        var update = F.update("refs/tags/v1", .creation)
        update.tags = [TagFacts(id: "t1", name: "v1", signature: Self.signature("N"))]
        let result = Policy(source: "test", rules: [rule]).evaluate([update], pusher: nil)
        #expect(result.violations.map(\.kind) == [.unsignedTag])
        update.tags = [TagFacts(id: "t1", name: "v1", signature: Self.signature("G"))]
        #expect(Policy(source: "test", rules: [rule]).evaluate([update], pusher: nil).isAllowed)
    }

    @Test func signersSectionResolvesPathsNextToThePolicy() throws {
        let policy = try PolicyParser.parse("""
        [[rule]]
        refs = ["refs/heads/main"]
        require-signed-commits = true
        signer-must-match = "pusher"
        [signers]
        ssh-allowed-signers = "allowed_signers"
        openpgp-keyring = ["/etc/keys/a.asc", "b.asc"]
        pushers = { alice = ["alice@example.com", "a@example.org"] }
        """, source: "/srv/git/repo.git/git-warden.toml")
        #expect(policy.signers.sshAllowedSigners == "/srv/git/repo.git/allowed_signers")
        #expect(policy.signers.openPGPKeyrings == ["/etc/keys/a.asc", "/srv/git/repo.git/b.asc"])
        #expect(policy.signers.pushers["alice"] == ["alice@example.com", "a@example.org"])
        #expect(policy.rules[0].signerMustMatch == .pusher)
        #expect(policy.rules[0].needsCommits)
    }

    @Test func signaturesWithoutKeysOrWithABadMatchAreErrors() {
        do {
            _ = try PolicyParser.parse("[[rule]]\nid = \"s\"\nrefs = [\"refs/heads/main\"]\nrequire-signed-commits = true\n",
                                       source: "p.toml")
            Issue.record("accepted a signature rule without keys")
        } catch {
            #expect(error.message.contains("names no trusted keys"))
            #expect(error.position.line == 1)
        }
        do {
            _ = try PolicyParser.parse("[[rule]]\nrefs = [\"refs/heads/main\"]\nsigner-must-match = \"anyone\"\n", source: "p.toml")
            Issue.record("accepted a bad signer-must-match")
        } catch {
            #expect(error.key == "signer-must-match")
            #expect(error.position.line == 3)
        }
        do {
            _ = try PolicyParser.parse("[signers]\nssh-allowed-signer = \"x\"\n", source: "p.toml")
            Issue.record("accepted an unknown [signers] key")
        } catch {
            #expect(error.message.contains("did you mean 'ssh-allowed-signers'"))
        }
    }
}
