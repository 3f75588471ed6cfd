import Foundation
import Testing

/// Real pushes of crafted identities through the real hook (issue 10, class 1), and SSH validity windows judged at
/// the instant git judges them, whatever timezone the commit was written in.
@Suite struct IdentityPushTests {
    /// A server whose main requires commits signed by a key vouching for the committer, with an author-email rule.
    static func setUp(allowedSigners: (String, String) -> String = { alice, mallory in
        "alice@example.com \(alice)\nmallory@example.com \(mallory)\n"
    }, environment: [String: String] = [:]) throws -> (GitParityTests.World, String) {
        let world = try GitParityTests.world()
        let box = world.box
        for (key, value) in environment { box.environment[key] = value }
        let key = { (name: String) in box.read("\(box.root)/\(name).pub")!.trimmingCharacters(in: .whitespacesAndNewlines) }
        try box.write(world.signers, allowedSigners(key("alice"), key("mallory")))
        try box.write("\(world.server)/git-warden.toml", """
        [[rule]]
        id = "signed"
        refs = ["refs/heads/main"]
        require-signed-commits = true
        signer-must-match = "committer"
        author-email-pattern = "@example\\\\.com$"

        [signers]
        ssh-allowed-signers = "\(world.signers)"
        """)
        return (world, try box.git("rev-parse", "HEAD", in: world.repo))
    }

    /// Writes `text` (with `{T}`/`{P}`) as a commit, signed in a gpgsig header by `key` when given.
    static func craft(_ world: GitParityTests.World, _ text: String, signedBy key: String?) throws -> String {
        let parityCase = ParityCase(name: "craft", kind: "commit", text: text, signing: key.map { .header($0) } ?? .none)
        let file = "\(world.box.root)/crafted-\(UUID().uuidString)"
        FileManager.default.createFile(atPath: file, contents: Data(try GitParityTests.bytes(of: parityCase, world: world)))
        return try world.box.must(["git", "hash-object", "-t", "commit", "--literally", "-w", file], in: world.repo)
    }

    @Test func malloryCannotSignAsAliceWithASecondCommitterLine() throws {
        let (world, _) = try Self.setUp()
        let text = "tree {T}\nparent {P}\nauthor Alice <alice@example.com> 1700000000 +0000\n"
            + "committer Mallory <mallory@example.com> 1700000000 +0000\n"
            + "committer Alice <alice@example.com> 1700000000 +0000\n\nlooks like Alice's\n"
        let id = try Self.craft(world, text, signedBy: "mallory")
        // git itself calls the signature good and shows Alice as the committer: the ambiguity the hook must refuse.
        let git = try world.box.must(["git", "-c", "gpg.ssh.allowedSignersFile=\(world.signers)", "log", "-1",
                                      "--format=%G?|%ce|%GS", id], in: world.repo)
        #expect(git == "G|alice@example.com|mallory@example.com")
        let push = try world.box.run(["git", "push", "origin", "\(id):refs/heads/main"], in: world.repo)
        #expect(push.status != 0)
        #expect(push.stderr.contains("malformed-object"))
        #expect(push.stderr.contains("wardenMultipleCommitters"))
        #expect(push.stderr.contains(String(id.prefix(12))))
        #expect(world.box.serverRef(world.server, "refs/heads/main") == world.parent)

        // The same commit with Alice's key and one committer line goes through: the rule itself still works.
        let honest = try Self.craft(world, "tree {T}\nparent {P}\nauthor Alice <alice@example.com> 1700000000 +0000\n"
            + "committer Alice <alice@example.com> 1700000000 +0000\n\nAlice's\n", signedBy: "alice")
        let ok = try world.box.run(["git", "push", "origin", "\(honest):refs/heads/main"], in: world.repo)
        #expect(ok.status == 0, "\(ok.stderr)")
        // And Mallory's key on a commit whose only committer is Alice is a signer mismatch.
        let forged = try Self.craft(world, "tree {T}\nparent \(honest)\nauthor Alice <alice@example.com> 1700000001 +0000\n"
            + "committer Alice <alice@example.com> 1700000001 +0000\n\nforged\n", signedBy: "mallory")
        let mismatch = try world.box.run(["git", "push", "origin", "\(forged):refs/heads/main"], in: world.repo)
        #expect(mismatch.status != 0)
        #expect(mismatch.stderr.contains("signer-mismatch"), "\(mismatch.stderr)")
    }

    @Test func authorEmailIsJudgedOnTheEmailGitShows() throws {
        let (world, _) = try Self.setUp()
        // git log shows the second author (eve@evil.test); libgit2 reads the first (alice@example.com).
        let late = try Self.craft(world, "tree {T}\nparent {P}\nauthor Alice <alice@example.com> 1700000000 +0000\n"
            + "committer Alice <alice@example.com> 1700000000 +0000\nauthor Eve <eve@evil.test> 1700000000 +0000\n\nx\n",
            signedBy: "alice")
        #expect(try world.box.git("log", "-1", "--format=%ae", late, in: world.repo) == "eve@evil.test")
        let push = try world.box.run(["git", "push", "origin", "\(late):refs/heads/main"], in: world.repo)
        #expect(push.status != 0)
        #expect(push.stderr.contains("wardenLateAuthor"), "\(push.stderr)")
        // A well-formed commit is judged on its (only) author line, split as git splits it: tabs and all.
        let tabbed = try Self.craft(world, "tree {T}\nparent {P}\nauthor Eve\t <eve@evil.test> 1700000000 +0000\n"
            + "committer Alice <alice@example.com> 1700000000 +0000\n\nx\n", signedBy: "alice")
        let judged = try world.box.run(["git", "push", "origin", "\(tabbed):refs/heads/main"], in: world.repo)
        #expect(judged.status != 0)
        #expect(judged.stderr.contains("author-email"), "\(judged.stderr)")
        #expect(!judged.stderr.contains("malformed-object"))
    }

    @Test func datesGitFsckRefusesAreRejectedWhateverReceiveFsckObjectsSays() throws {
        let (world, _) = try Self.setUp()
        try world.box.git("config", "receive.fsckObjects", "false", in: world.server)
        for (date, expected) in [("1700000000", "badDate"), ("1700000000 0000", "badTimezone"), ("-5 +0000", "badDateOverflow"),
                                 ("+1700000000 +0000", "wardenDateNotDigits")] {
            let id = try Self.craft(world, "tree {T}\nparent {P}\nauthor Alice <alice@example.com> 1700000000 +0000\n"
                + "committer Alice <alice@example.com> \(date)\n\nx\n", signedBy: "alice")
            let push = try world.box.run(["git", "push", "origin", "\(id):refs/heads/main"], in: world.repo)
            #expect(push.status != 0, "\(date)")
            #expect(push.stderr.contains(expected) && push.stderr.contains(String(id.prefix(12))), "\(date): \(push.stderr)")
        }
        // Unprotected refs too: fsck problems are not a rule's business.
        let id = try Self.craft(world, "tree {T}\nauthor A <a@example.com> 1 +0000\ncommitter A <a@example.com> 1\n\nx\n",
                                signedBy: nil)
        let push = try world.box.run(["git", "push", "origin", "\(id):refs/heads/scratch"], in: world.repo)
        #expect(push.status != 0)
        #expect(push.stderr.contains("badDate"), "\(push.stderr)")
    }

    /// valid-after is local time of the verifier for git (ssh-keygen) and for git-warden alike; the commit's own
    /// timezone changes only how its date is shown, never the instant judged.
    @Test func sshValidityWindowsAcrossTimezones() throws {
        // Local midnight of 2023-12-01 in New York is 05:00 UTC.
        let (world, _) = try Self.setUp(allowedSigners: { alice, _ in
            "alice@example.com valid-after=\"20231201\" \(alice)\n"
        }, environment: ["TZ": "America/New_York"])
        let box = world.box
        try box.git("config", "gpg.format", "ssh", in: world.repo)
        try box.git("config", "user.signingkey", "\(box.root)/alice", in: world.repo)
        try box.git("config", "gpg.ssh.allowedSignersFile", world.signers, in: world.repo)
        let cases: [(date: String, git: String)] = [
            ("@1701399600 +0200", "U"),  // 03:00 UTC: shown as 05:00 on Dec 1 (+0200), still before the window
            ("@1701414000 -0500", "G"),  // 07:00 UTC: shown as Nov 30 (-0500), inside the window
            ("@1701403200 +1400", "U"),  // 04:00 UTC: shown as Dec 1 18:00 (+1400), before the window
            ("@1701410400 -1200", "G"),  // 06:00 UTC: shown as Nov 30 18:00 (-1200), inside
        ]
        for (index, item) in cases.enumerated() {
            try box.must(["git", "reset", "-q", "--hard", world.parent], in: world.repo)
            try box.write("\(world.repo)/f\(index)", "\(index)\n")
            try box.must(["git", "add", "-A"], in: world.repo)
            try box.must(["git", "commit", "-q", "-S", "-m", "at \(item.date)"], in: world.repo, extraEnvironment: [
                "GIT_COMMITTER_DATE": item.date, "GIT_AUTHOR_DATE": item.date, "GIT_COMMITTER_EMAIL": "alice@example.com",
                "GIT_AUTHOR_EMAIL": "alice@example.com"])
            let git = try box.git("log", "-1", "--format=%G?", in: world.repo)
            #expect(git == item.git, "\(item.date): git says \(git)")
            let verify = try box.run([Sandbox.binary, "verify", "--allowed-signers", world.signers, "HEAD~1..HEAD"], in: world.repo)
            #expect((verify.stdout.first == "G") == (git == "G"), "\(item.date): \(verify.output)")
            let push = try box.run(["git", "push", "-f", "origin", "HEAD:refs/heads/main"], in: world.repo)
            #expect((push.status == 0) == (git == "G"), "\(item.date): git says \(git); hook: \(push.stderr)")
            if push.status == 0 { try box.must(["git", "push", "-q", "-f", "origin", "\(world.parent):refs/heads/main"], in: world.repo) }
        }
    }
}
