import Foundation
import Testing

/// Real pushes of commits and tags signed by real `ssh-keygen` keys through the real hook.
@Suite struct SignedCommitTests {
    /// A server requiring signed commits and tags on main and tags, trusting `trusted` (signing as ada@example.com).
    static func setUp(signerMustMatch: String = "committer") throws -> (Sandbox, server: String, work: String, trusted: String, stranger: String) {
        let box = try Sandbox()
        for name in ["trusted", "stranger", "other"] {
            try box.must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", name, "-f", "\(box.root)/\(name)"])
        }
        let trustedKey = box.read("\(box.root)/trusted.pub")!.trimmingCharacters(in: .whitespacesAndNewlines)
        let otherKey = box.read("\(box.root)/other.pub")!.trimmingCharacters(in: .whitespacesAndNewlines)
        let server = try box.server(policy: nil)
        try box.write("\(server)/allowed_signers", "ada@example.com \(trustedKey)\nbob@example.com \(otherKey)\n")
        let work = try box.clone(server)
        try box.must(["git", "config", "gpg.format", "ssh"], in: work)
        try box.commit(in: work, files: ["README": "hi\n"], message: "unsigned seed")
        #expect(try box.push(work, "main").status == 0)
        try box.write("\(server)/git-warden.toml", """
        [[rule]]
        id = "signed"
        refs = ["refs/heads/main", "refs/tags/**"]
        require-signed-commits = true
        require-signed-tags = true
        signer-must-match = "\(signerMustMatch)"

        [signers]
        ssh-allowed-signers = "allowed_signers"
        pushers = { ada = ["ada@example.com"] }
        """)
        return (box, server, work, "\(box.root)/trusted", "\(box.root)/stranger")
    }

    static func signedCommit(_ box: Sandbox, _ work: String, key: String, message: String) throws {
        try box.write("\(work)/\(message.count).txt", message)
        try box.must(["git", "add", "-A"], in: work)
        try box.must(["git", "-c", "user.signingkey=\(key)", "commit", "-q", "-S", "-m", message], in: work)
    }

    @Test func goodSignatureAcceptedUnsignedAndUnknownRejected() throws {
        let (box, server, work, trusted, stranger) = try Self.setUp()
        try box.commit(in: work, files: ["a": "1\n"], message: "not signed")
        let unsigned = try box.push(work, "main")
        #expect(unsigned.status != 0)
        #expect(unsigned.stderr.contains("unsigned-commit (rule signed)"))
        #expect(unsigned.stderr.contains("N "))

        try box.must(["git", "reset", "-q", "--hard", "origin/main"], in: work)
        try Self.signedCommit(box, work, key: stranger, message: "signed by a stranger")
        let unknown = try box.push(work, "main")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unsigned-commit (rule signed)"))

        try box.must(["git", "reset", "-q", "--hard", "origin/main"], in: work)
        try Self.signedCommit(box, work, key: trusted, message: "signed by ada")
        let good = try box.push(work, "main")
        #expect(good.status == 0, "\(good.stderr)")
        #expect(box.serverRef(server, "refs/heads/main") == (try box.git("rev-parse", "HEAD", in: work)))
        // git itself agrees the accepted commit is good.
        let letter = try box.must(["git", "-c", "gpg.ssh.allowedSignersFile=\(server)/allowed_signers", "log", "-1",
                                   "--format=%G?"], in: work)
        #expect(letter == "G")
    }

    @Test func signerMustMatchTheCommitter() throws {
        let (box, _, work, trusted, _) = try Self.setUp()
        // Ada's trusted key on a commit whose committer is bob: the key does not vouch for bob.
        try box.write("\(work)/b.txt", "b\n")
        try box.must(["git", "add", "-A"], in: work)
        try box.must(["git", "-c", "user.signingkey=\(trusted)", "commit", "-q", "-S", "-m", "bob's commit"], in: work,
                     extraEnvironment: ["GIT_COMMITTER_EMAIL": "bob@example.com"])
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("signer-mismatch (rule signed)"))
        #expect(result.stderr.contains("does not vouch for the committer <bob@example.com>"))
    }

    @Test func signerMustMatchThePusher() throws {
        let (box, _, work, trusted, _) = try Self.setUp(signerMustMatch: "pusher")
        try Self.signedCommit(box, work, key: trusted, message: "signed by ada")
        let asBob = try box.push(work, "main", pusher: "bob")
        #expect(asBob.status != 0)
        #expect(asBob.stderr.contains("the key is not one of the pusher's"))
        #expect(try box.push(work, "main", pusher: "ada").status == 0)
    }

    @Test func tagsMustBeSigned() throws {
        let (box, _, work, trusted, _) = try Self.setUp(signerMustMatch: "any-trusted-key")
        try box.must(["git", "tag", "-a", "-m", "unsigned release", "v1"], in: work)
        let unsignedTag = try box.push(work, "refs/tags/v1")
        #expect(unsignedTag.status != 0)
        #expect(unsignedTag.stderr.contains("unsigned-tag (rule signed)"))
        try box.must(["git", "tag", "lightweight"], in: work)
        let lightweight = try box.push(work, "refs/tags/lightweight")
        #expect(lightweight.status != 0)
        #expect(lightweight.stderr.contains("lightweight tag"))
        try box.must(["git", "-c", "user.signingkey=\(trusted)", "tag", "-s", "-m", "signed release", "v2"], in: work)
        let signed = try box.push(work, "refs/tags/v2")
        #expect(signed.status == 0, "\(signed.stderr)")
    }

    @Test func missingKeyFileRejectsThePush() throws {
        let (box, server, work, trusted, _) = try Self.setUp()
        try FileManager.default.removeItem(atPath: "\(server)/allowed_signers")
        try Self.signedCommit(box, work, key: trusted, message: "signed by ada")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("allowed_signers: cannot read file"))
        #expect(result.stderr.contains("push REJECTED (the guard fails closed)"))
    }
}

extension SignedCommitTests {
    /// `git-warden verify` agrees with `git log --format=%G?` commit by commit.
    @Test func verifyAgreesWithGit() throws {
        let (box, server, work, trusted, stranger) = try Self.setUp()
        try Self.signedCommit(box, work, key: trusted, message: "signed by ada")
        try Self.signedCommit(box, work, key: stranger, message: "signed by a stranger")
        try box.commit(in: work, files: ["c": "3\n"], message: "unsigned")
        let signers = "\(server)/allowed_signers"
        let git = try box.must(["git", "-c", "gpg.ssh.allowedSignersFile=\(signers)", "log", "--format=%G?", "origin/main..HEAD"],
                               in: work)
        let ours = try box.run([Sandbox.binary, "verify", "--allowed-signers", signers, "origin/main..HEAD"], in: work)
        #expect(ours.status == 1)
        let letters = ours.stdout.split(separator: "\n").map { String($0.prefix(1)) }
        // A valid signature by a key missing from allowed_signers is U for git, and for us: good maths, no trust.
        #expect(letters == git.split(separator: "\n").map(String.init))
        #expect(letters == ["N", "U", "G"])
        let json = try box.run([Sandbox.binary, "verify", "--format", "json", "--allowed-signers", signers, "HEAD~2..HEAD~1"],
                               in: work)
        #expect(json.stdout.contains("\"status\" : \"U\""))
        let onlyGood = try box.run([Sandbox.binary, "verify", "--allowed-signers", signers, "HEAD~3..HEAD~2"], in: work)
        #expect(onlyGood.status == 0)
        #expect(onlyGood.stdout.hasPrefix("G "))
    }
}
