import Foundation
import Testing

/// Real pushes of commits signed by real `gpg` keys through the real hook.
@Suite struct OpenPGPPushTests {
    @Test func trustedKeyAcceptedUnknownKeyAndForeignCommitterRejected() throws {
        let box = try Sandbox()
        let home = "\(box.root)/gnupg"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        box.environment["GNUPGHOME"] = home
        let gpg = ["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", ""]
        try box.must(gpg + ["--quick-gen-key", "Ada <ada@example.com>", "ed25519", "sign", "never"])
        try box.must(gpg + ["--quick-gen-key", "Eve <eve@example.com>", "ed25519", "sign", "never"])
        let server = try box.server(policy: nil)
        try box.write("\(server)/trusted.asc", try box.must(gpg + ["--armor", "--export", "ada@example.com"]))
        let work = try box.clone(server)
        try box.commit(in: work, files: ["README": "hi\n"], message: "seed")
        #expect(try box.push(work, "main").status == 0)
        try box.write("\(server)/git-warden.toml", """
        [[rule]]
        id = "signed"
        refs = ["refs/heads/main"]
        require-signed-commits = true
        [signers]
        openpgp-keyring = "trusted.asc"
        """)

        func signedCommit(_ key: String, _ message: String, committer: String = "ada@example.com") throws {
            try box.write("\(work)/\(message.count).txt", message)
            try box.must(["git", "add", "-A"], in: work)
            try box.must(["git", "-c", "user.signingkey=\(key)", "commit", "-q", "-S", "-m", message], in: work,
                         extraEnvironment: ["GIT_COMMITTER_EMAIL": committer])
        }

        try signedCommit("eve@example.com", "signed by eve")
        let unknown = try box.push(work, "main")
        #expect(unknown.status != 0)
        #expect(unknown.stderr.contains("unsigned-commit (rule signed)"))
        #expect(unknown.stderr.contains("E "))

        try box.must(["git", "reset", "-q", "--hard", "origin/main"], in: work)
        try signedCommit("ada@example.com", "ada signs for bob", committer: "bob@example.com")
        let mismatch = try box.push(work, "main")
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("signer-mismatch"))

        try box.must(["git", "reset", "-q", "--hard", "origin/main"], in: work)
        try signedCommit("ada@example.com", "signed by ada")
        let good = try box.push(work, "main")
        #expect(good.status == 0, "\(good.stderr)")
        _ = try? box.must(["gpgconf", "--kill", "all"])
    }
}
