import Foundation
import Testing

/// A commit signed by a key whose user ID is bound by SHA-1, pushed through the real hook: refused with the reason by
/// default; accepted once `[signers] openpgp-allow-sha1-bindings = true`, with the exception in the pusher's output
/// and in the decision log.
@Suite struct OpenPGPSHA1PushTests {
    @Test func sha1BindingRefusedByDefaultAcceptedAndLoggedWhenAllowed() throws {
        let box = try Sandbox()
        let home = "\(box.root)/gnupg"
        try FileManager.default.createDirectory(atPath: home, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        box.environment["GNUPGHOME"] = home
        defer { _ = try? box.run(["gpgconf", "--kill", "gpg-agent"]) }
        let gpg = ["gpg", "--batch", "--quiet", "--pinentry-mode", "loopback", "--passphrase", ""]
        try box.must(gpg + ["--cert-digest-algo", "SHA1", "--quick-gen-key", "Ada <ada@example.com>", "ed25519",
                            "sign", "never"])
        let server = try box.server(policy: nil)
        try box.write("\(server)/trusted.asc", try box.must(gpg + ["--armor", "--export", "ada@example.com"]))
        let work = try box.clone(server)
        try box.commit(in: work, files: ["README": "hi\n"], message: "seed")
        #expect(try box.push(work, "main").status == 0)
        let policy = """
        [[rule]]
        id = "signed"
        refs = ["refs/heads/main"]
        require-signed-commits = true
        [signers]
        openpgp-keyring = "trusted.asc"
        """
        try box.write("\(server)/git-warden.toml", policy)
        try box.write("\(work)/a.txt", "signed by an old key\n")
        try box.must(["git", "add", "-A"], in: work)
        try box.must(["git", "-c", "user.signingkey=ada@example.com", "commit", "-q", "-S", "-m", "old key"], in: work)
        #expect(try box.must(["git", "log", "-1", "--format=%G?"], in: work) == "G")
        let commit = try box.git("rev-parse", "HEAD", in: work)

        let refused = try box.push(work, "main")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("unsigned-commit (rule signed)"), "\(refused.stderr)")
        #expect(refused.stderr.contains(
            "E cannot check: SHA-1 binding signature refused (set [signers] openpgp-allow-sha1-bindings = true to accept)"),
            "\(refused.stderr)")

        try box.write("\(server)/git-warden.toml", policy + "\nopenpgp-allow-sha1-bindings = true\n")
        let accepted = try box.push(work, "main")
        #expect(accepted.status == 0, "\(accepted.stderr)")
        #expect(accepted.stderr.contains("note: refs/heads/main: commit \(commit.prefix(10)): SHA-1 binding signature accepted by policy"),
                "\(accepted.stderr)")
        let last = try #require(try box.decisions(server).last)
        #expect(last["outcome"] as? String == "accepted")
        let notes = last["notes"] as? [String] ?? []
        #expect(notes.count == 1)
        #expect(notes.first?.contains("SHA-1 binding signature accepted by policy ([signers] openpgp-allow-sha1-bindings)") == true,
                "\(notes)")
        // The refused push's line carried no exception.
        #expect(try box.decisions(server).dropLast().allSatisfy { $0["notes"] == nil })

        // `git-warden verify` reads the same setting from the policy, and has the flag for explicit keyrings.
        let fromPolicy = try box.run([Sandbox.binary, "verify", "--format", "json", "HEAD~1..HEAD"], in: work,
                                     extraEnvironment: ["GIT_WARDEN_POLICY": "\(server)/git-warden.toml"])
        #expect(fromPolicy.status == 0, "\(fromPolicy.output)")
        #expect(fromPolicy.stdout.contains("SHA-1 binding signature accepted by policy"), "\(fromPolicy.stdout)")
        let explicit = try box.run([Sandbox.binary, "verify", "--keyring", "\(server)/trusted.asc", "HEAD~1..HEAD"],
                                   in: work)
        #expect(explicit.status == 1)
        #expect(explicit.stdout.hasPrefix("E "), "\(explicit.stdout)")
        let flagged = try box.run([Sandbox.binary, "verify", "--allow-sha1-bindings", "--keyring",
                                   "\(server)/trusted.asc", "HEAD~1..HEAD"], in: work)
        #expect(flagged.status == 0, "\(flagged.output)")
        #expect(flagged.stdout.hasPrefix("G "), "\(flagged.stdout)")
        #expect(flagged.stdout.contains("accepted by policy"), "\(flagged.stdout)")
    }
}
