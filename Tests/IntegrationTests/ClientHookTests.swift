import Foundation
import Testing

/// The developer-side hooks installed by `git-warden install --client`, exercised by real `git commit` and
/// `git push`.
@Suite struct ClientHookTests {
    static let token = SecretPushTests.token
    static let awsKey = SecretPushTests.awsKey

    /// A repository (a clone of a fresh server without hooks) with the client hooks installed.
    static func repository(policy: String? = nil) throws -> (Sandbox, work: String) {
        let box = try Sandbox()
        try box.must(["git", "init", "-q", "--bare", "\(box.root)/server.git"])
        let work = try box.clone("\(box.root)/server.git")
        try box.must([Sandbox.binary, "install", "--client"], in: work)
        if let policy { try box.write("\(work)/.git-warden.toml", policy) }
        return (box, work)
    }

    func commitCount(_ box: Sandbox, _ work: String) -> Int {
        Int((try? box.git("rev-list", "--count", "--all", in: work)) ?? "0") ?? 0
    }

    @Test func stagedSecretBlocksTheCommitAndTheFirstCommitIsChecked() throws {
        let (box, work) = try Self.repository()
        try box.write("\(work)/settings.py", "DEBUG = True\nTOKEN = \"\(Self.token)\"\n")
        try box.must(["git", "add", "settings.py"], in: work)
        let result = try box.run(["git", "commit", "-m", "first"], in: work)
        #expect(result.status != 0)
        #expect(commitCount(box, work) == 0)
        #expect(result.stderr.contains("git-warden pre-commit: REFUSED"))
        #expect(result.stderr.contains("settings.py:2:"))
        #expect(result.stderr.contains("github-pat"))
        #expect(result.stderr.contains("git commit --no-verify"))
        #expect(!result.output.contains(Self.token))
        // Clean content passes.
        try box.write("\(work)/settings.py", "DEBUG = True\nTOKEN = os.environ[\"TOKEN\"]\n")
        try box.must(["git", "add", "settings.py"], in: work)
        try box.must(["git", "commit", "-q", "-m", "first"], in: work)
        #expect(commitCount(box, work) == 1)
    }

    @Test func commitAllAndCommitPathSeeTheUnstagedSecret() throws {
        let (box, work) = try Self.repository()
        try box.commit(in: work, files: ["app.env": "MODE=dev\n"], message: "start")
        try box.write("\(work)/app.env", "MODE=dev\nAWS_ACCESS_KEY_ID=\(Self.awsKey)\n")
        // Nothing is staged: only the index git commit -a builds (GIT_INDEX_FILE) holds the secret.
        let all = try box.run(["git", "commit", "-a", "-m", "all"], in: work)
        #expect(all.status != 0)
        #expect(all.stderr.contains("app.env:2:"))
        let path = try box.run(["git", "commit", "-m", "path", "app.env"], in: work)
        #expect(path.status != 0)
        #expect(path.stderr.contains("aws-access-key-id"))
        #expect(commitCount(box, work) == 1)
    }

    @Test func onlyAddedLinesCountAndAllowMarkersWork() throws {
        let (box, work) = try Self.repository()
        try box.write("\(work)/fixture.py", "KEY = \"\(Self.awsKey)\"  # git-warden:allow\n")
        try box.must(["git", "add", "-A"], in: work)
        try box.must(["git", "commit", "-q", "-m", "fixture"], in: work)
        try box.write("\(work)/fixture.py", "KEY = \"\(Self.awsKey)\"  # git-warden:allow\nOTHER = 1\n")
        try box.must(["git", "commit", "-q", "-am", "more"], in: work)
        #expect(commitCount(box, work) == 2)
    }

    @Test func fingerprintInTheWorkTreeIgnoreFileAcceptsTheFinding() throws {
        let (box, work) = try Self.repository()
        try box.write("\(work)/doc.md", "example: \(Self.token)\n")
        try box.must(["git", "add", "doc.md"], in: work)
        let refused = try box.run(["git", "commit", "-m", "doc"], in: work)
        let fingerprint = try #require(refused.stderr.firstMatch(of: /fingerprint ([0-9a-f]{32})/)?.1)
        #expect(refused.stderr.contains("\(work)/.git-warden-ignore"))
        try box.write("\(work)/.git-warden-ignore", "\(fingerprint)\n")
        try box.must(["git", "commit", "-q", "-m", "doc"], in: work)
    }

    @Test func linkedWorktreeAndSubmoduleAreChecked() throws {
        let (box, work) = try Self.repository()
        try box.commit(in: work, files: ["README": "r\n"], message: "start")
        try box.must(["git", "worktree", "add", "-q", "-b", "side", "\(box.root)/side"], in: work)
        try box.write("\(box.root)/side/leak.py", "T = \"\(Self.token)\"\n")
        try box.must(["git", "add", "leak.py"], in: "\(box.root)/side")
        let inWorktree = try box.run(["git", "commit", "-m", "leak"], in: "\(box.root)/side")
        #expect(inWorktree.status != 0)
        #expect(inWorktree.stderr.contains("leak.py:1:"))

        // A submodule: its own git directory lives under the superproject's .git/modules.
        try box.must(["git", "init", "-q", "\(box.root)/lib"])
        try box.commit(in: "\(box.root)/lib", files: ["lib.c": "int x;\n"], message: "lib")
        try box.must(["git", "-c", "protocol.file.allow=always", "submodule", "add", "-q", "\(box.root)/lib", "lib"], in: work)
        try box.must(["git", "commit", "-q", "-m", "add lib"], in: work)
        let sub = "\(work)/lib"
        try box.must([Sandbox.binary, "install", "--client"], in: sub)
        try box.write("\(sub)/key.env", "AWS_ACCESS_KEY_ID=\(Self.awsKey)\n")
        try box.must(["git", "add", "key.env"], in: sub)
        let inSubmodule = try box.run(["git", "commit", "-m", "key"], in: sub)
        #expect(inSubmodule.status != 0)
        #expect(inSubmodule.stderr.contains("key.env:1:"))
        // Moving the superproject's submodule pointer (a gitlink, not a blob) is fine.
        try box.must(["git", "rm", "-q", "-f", "--cached", "key.env"], in: sub)
        try FileManager.default.removeItem(atPath: "\(sub)/key.env")
        try box.commit(in: sub, files: ["lib.h": "int x;\n"], message: "header")
        try box.must(["git", "add", "lib"], in: work)
        try box.must(["git", "commit", "-q", "-m", "bump lib"], in: work)
    }

    @Test func conflictResolutionOfAMergeIsChecked() throws {
        let (box, work) = try Self.repository()
        try box.commit(in: work, files: ["conf.ini": "a=1\n"], message: "start")
        try box.must(["git", "checkout", "-q", "-b", "other"], in: work)
        try box.commit(in: work, files: ["conf.ini": "a=2\n"], message: "other")
        try box.must(["git", "checkout", "-q", "main"], in: work)
        try box.commit(in: work, files: ["conf.ini": "a=3\n"], message: "main")
        #expect(try box.run(["git", "merge", "-q", "other"], in: work).status != 0)
        try box.write("\(work)/conf.ini", "a=4\nkey=\(Self.awsKey)\n")
        try box.must(["git", "add", "conf.ini"], in: work)
        let result = try box.run(["git", "commit", "--no-edit"], in: work)
        #expect(result.status != 0)
        #expect(result.stderr.contains("conf.ini:2:"))
    }

    @Test func commitMessageRulesAndSignoffAreCheckedBeforeTheCommitExists() throws {
        let (box, work) = try Self.repository(policy: """
            [[rule]]
            refs = ["refs/heads/**"]
            commit-message-pattern = "^(feat|fix|docs)(\\\\(.+\\\\))?: "
            require-signoff = true
            """)
        try box.write("\(work)/a.txt", "a\n")
        try box.must(["git", "add", "a.txt"], in: work)
        let bad = try box.run(["git", "commit", "-m", "stuff"], in: work)
        #expect(bad.status != 0)
        #expect(bad.stderr.contains("git-warden commit-msg: REFUSED (2 violations)"))
        #expect(bad.stderr.contains("does not match"))
        #expect(bad.stderr.contains("has no Signed-off-by: Ada <ada@example.com>"))
        let unsigned = try box.run(["git", "commit", "-m", "feat: stuff"], in: work)
        #expect(unsigned.status != 0)
        #expect(unsigned.stderr.contains("missing-signoff"))
        try box.must(["git", "commit", "-q", "-s", "-m", "feat: stuff"], in: work)
        #expect(commitCount(box, work) == 1)
    }

    @Test func prePushRefusesWhatTheServerWouldRejectWithTheSameEngine() throws {
        let policy = """
            [[rule]]
            refs = ["refs/heads/main"]
            block-force-push = true
            max-file-size = "1 KiB"
            """
        let box = try Sandbox()
        let server = try box.server(policy: policy)
        let work = try box.clone(server)
        try box.must([Sandbox.binary, "install", "--client"], in: work)
        try box.write("\(work)/.git-warden.toml", policy)
        try box.commit(in: work, files: ["README": "r\n"], message: "start")
        #expect(try box.push(work, "main").status == 0)
        try box.commit(in: work, files: ["b.txt": "b\n"], message: "second")
        #expect(try box.push(work, "main").status == 0)

        // A secret committed past the pre-commit hook is stopped by pre-push; the server agrees.
        try box.write("\(work)/leak.py", "T = \"\(Self.token)\"\n")
        try box.must(["git", "add", "leak.py"], in: work)
        try box.must(["git", "commit", "-q", "--no-verify", "-m", "leak"], in: work)
        let client = try box.push(work, "main")
        #expect(client.status != 0)
        #expect(client.stderr.contains("git-warden pre-push: REFUSED"))
        #expect(client.stderr.contains("leak.py:1:"))
        #expect(!client.stderr.contains("remote:"), "the server was not contacted")
        let server1 = try box.run(["git", "push", "--no-verify", "origin", "main"], in: work)
        #expect(server1.status != 0)
        #expect(server1.stderr.contains("remote: git-warden: push REJECTED"))
        #expect(server1.stderr.contains("leak.py:1:"))

        // A force push and an oversized file: both refused locally, as the server would.
        try box.must(["git", "reset", "-q", "--hard", "HEAD~2"], in: work)
        try box.write("\(work)/big.bin", String(repeating: "x", count: 4096))
        try box.must(["git", "add", "big.bin"], in: work)
        let atCommit = try box.run(["git", "commit", "-m", "rewrite"], in: work)
        #expect(atCommit.status != 0, "pre-commit applies the file rules too")
        #expect(atCommit.stderr.contains("big.bin is 4.0 KiB"))
        try box.must(["git", "commit", "-q", "--no-verify", "-m", "rewrite"], in: work)
        let forced = try box.run(["git", "push", "-f", "origin", "main"], in: work)
        #expect(forced.status != 0)
        #expect(forced.stderr.contains("force-push"))
        #expect(forced.stderr.contains("big.bin is 4.0 KiB, over the 1.0 KiB limit"))
        #expect(!forced.stderr.contains("remote:"))

        // A new branch brings only its own commits: the ones on origin/main are not judged again.
        try box.must(["git", "reset", "-q", "--hard", "origin/main"], in: work)
        try box.must(["git", "checkout", "-q", "-b", "topic"], in: work)
        try box.commit(in: work, files: ["c.txt": "c\n"], message: "topic")
        let topic = try box.push(work, "topic")
        #expect(topic.status == 0, "\(topic.output)")
    }

    @Test func installAndUninstallKeepAnExistingHookWorking() throws {
        let box = try Sandbox()
        try box.must(["git", "init", "-q", "\(box.root)/repo"])
        let repo = "\(box.root)/repo"
        let original = "#!/bin/sh\necho ran >> \"$(git rev-parse --git-dir)/own-hook-ran\"\n"
        try box.write("\(repo)/.git/hooks/pre-commit", original)
        try box.must(["chmod", "+x", "\(repo)/.git/hooks/pre-commit"])
        let installed = try box.must([Sandbox.binary, "install", "--client"], in: repo)
        #expect(installed.contains("pre-commit.chained"))
        // Installing again updates git-warden's hooks and leaves the chained one alone.
        try box.must([Sandbox.binary, "install", "--client"], in: repo)
        try box.commit(in: repo, files: ["a": "a\n"], message: "a")
        #expect(box.read("\(repo)/.git/own-hook-ran") == "ran\n")
        try box.write("\(repo)/b", "T = \"\(Self.token)\"\n")
        try box.must(["git", "add", "b"], in: repo)
        #expect(try box.run(["git", "commit", "-m", "b"], in: repo).status != 0)
        #expect(box.read("\(repo)/.git/own-hook-ran") == "ran\n", "the chained hook runs only after git-warden accepts")

        try box.must([Sandbox.binary, "uninstall", "--client"], in: repo)
        #expect(box.read("\(repo)/.git/hooks/pre-commit") == original)
        #expect(!FileManager.default.fileExists(atPath: "\(repo)/.git/hooks/pre-push"))
        #expect(!FileManager.default.fileExists(atPath: "\(repo)/.git/hooks/pre-commit.chained"))
        try box.must(["git", "commit", "-q", "-m", "b"], in: repo)
        #expect(box.read("\(repo)/.git/own-hook-ran") == "ran\nran\n")

        // A foreign hook and a .chained file both there: refuse rather than lose either.
        try box.write("\(repo)/.git/hooks/commit-msg", "#!/bin/sh\nexit 0\n")
        try box.write("\(repo)/.git/hooks/commit-msg.chained", "#!/bin/sh\n")
        let refused = try box.run([Sandbox.binary, "install", "--client"], in: repo)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("refusing to overwrite"))
    }

    @Test func globalInstallGoesThroughHooksPathAndUninstallRestoresIt() throws {
        let box = try Sandbox()
        try box.must(["git", "config", "--global", "core.hooksPath", "\(box.root)/team-hooks"])
        try box.write("\(box.root)/team-hooks/commit-msg", "#!/bin/sh\necho team >> \"\(box.root)/team-ran\"\n")
        try box.must(["chmod", "+x", "\(box.root)/team-hooks/commit-msg"])
        try box.must([Sandbox.binary, "install", "--client", "--global"], in: box.root)
        let hooksPath = try box.git("config", "--global", "core.hooksPath", in: box.root)
        #expect(hooksPath == "\(box.root)/.config/git-warden/hooks")
        try box.must(["git", "init", "-q", "\(box.root)/repo"])
        let repo = "\(box.root)/repo"
        try box.write("\(repo)/k.env", "AWS_ACCESS_KEY_ID=\(Self.awsKey)\n")
        try box.must(["git", "add", "k.env"], in: repo)
        #expect(try box.run(["git", "commit", "-m", "k"], in: repo).status != 0)
        try FileManager.default.removeItem(atPath: "\(repo)/k.env")
        try box.commit(in: repo, files: ["ok.txt": "ok\n"], message: "ok")
        #expect(box.read("\(box.root)/team-ran") == "team\n", "the previous global hooks still run")

        try box.must([Sandbox.binary, "uninstall", "--client", "--global"], in: box.root)
        #expect(try box.git("config", "--global", "core.hooksPath", in: box.root) == "\(box.root)/team-hooks")
    }

    @Test func prePushUnderThePreCommitFrameworkReadsItsVariables() throws {
        let (box, work) = try Self.repository()
        try box.write("\(work)/leak.py", "T = \"\(Self.token)\"\n")
        try box.must(["git", "add", "leak.py"], in: work)
        try box.must(["git", "commit", "-q", "--no-verify", "-m", "leak"], in: work)
        let head = try box.git("rev-parse", "HEAD", in: work)
        let framework = ["PRE_COMMIT_REMOTE_NAME": "origin", "PRE_COMMIT_TO_REF": head, "PRE_COMMIT_FROM_REF": "",
                         "PRE_COMMIT_REMOTE_BRANCH": "refs/heads/main", "PRE_COMMIT_LOCAL_BRANCH": "refs/heads/main"]
        let result = try box.run([Sandbox.binary, "pre-push"], in: work, extraEnvironment: framework)
        #expect(result.status == 1)
        #expect(result.stderr.contains("leak.py:1:"))
        let bare = try box.run([Sandbox.binary, "pre-push"], in: work)
        #expect(bare.status != 0 && bare.stderr.contains("give the remote name"))
    }
}
