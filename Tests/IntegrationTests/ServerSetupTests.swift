import Foundation
import Testing

/// What a multi-user server needs beyond the hook itself, through the real binary, install.sh and git: the hook
/// run by hand, pushers' view of the server, landed refs, misplaced policies, audits of an empty folder,
/// acknowledged findings, the server-wide install and the forge recipes. Tests that need another account's files
/// (root auditing a service user's repository) are in ServerOwnershipTests.
@Suite struct ServerSetupTests {
    func json(_ text: String) throws -> [String: Any] {
        try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any] ?? [:]
    }

    /// What the server said (git prints the remote's URL itself, which is the pusher's own knowledge).
    func remoteLines(_ result: Sandbox.Result) -> String {
        result.stderr.split(separator: "\n").filter { $0.hasPrefix("remote:") }.joined(separator: "\n")
    }

    // MARK: G: the hook run by hand

    @Test func hookRunByHandExplainsItselfAndLogsNothing() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        // No GIT_DIR (someone in a shell, in the repository).
        let bare = try box.run([Sandbox.binary, "pre-receive"], in: server, input: "")
        #expect(bare.status == 2)
        #expect(bare.stderr.contains("this is a git server hook") && bare.stderr.contains("GIT_DIR is not set"))
        // GIT_DIR but nothing on standard input.
        let empty = try box.run([Sandbox.binary, "pre-receive"], in: server, input: "", extraEnvironment: ["GIT_DIR": "."])
        #expect(empty.status == 2 && empty.stderr.contains("no ref updates"))
        let post = try box.run([Sandbox.binary, "post-receive"], in: server, input: "")
        #expect(post.status == 2)
        #expect(box.read("\(server)/git-warden/decisions.jsonl") == nil, "nothing may be logged")
        // Real pushes, with objects (quarantine) and delete-only (no quarantine), still pass.
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        #expect(try box.push(work, "main", "main:refs/heads/topic").status == 0)
        #expect(try box.push(work, ":refs/heads/topic").status == 0)
        #expect(box.serverRef(server, "refs/heads/topic") == nil)
        #expect(try box.decisions(server).map { $0["outcome"] as? String } == ["accepted", "accepted"])
    }

    // MARK: F: pushers never see server paths

    @Test func rejectionsNameThePolicyNotItsPath() throws {
        let box = try Sandbox()
        let server = try box.server(policy: ProtectedRefTests.protectMain)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        #expect(try box.push(work, "main").status == 0)
        try box.commit(in: work, files: ["key.txt": "aws_access_key_id = AKIA" + "Z7Q3XK2M9PLW4RTB\n"], message: "key")
        let rejected = try box.push(work, "main")
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("git-warden.toml of this repository"))
        #expect(rejected.stderr.contains("the server's ignore file"))
        #expect(!remoteLines(rejected).contains(box.root), "server paths leaked: \(rejected.stderr)")
        #expect(try box.decisions(server).last?["policy"] as? String == "\(server)/git-warden.toml")

        // An error (a key file the policy names is missing) is shown without its path too.
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain
                      + "\nrequire-signed-commits = true\n[signers]\nssh-allowed-signers = \"\(box.root)/keys/allowed_signers\"\n")
        let failed = try box.push(work, "main")
        #expect(failed.status != 0 && failed.stderr.contains("could not check this push"))
        #expect(failed.stderr.contains("allowed_signers"))
        #expect(!remoteLines(failed).contains(box.root), "server paths leaked: \(failed.stderr)")
        #expect((try box.decisions(server).last?["error"] as? String ?? "").contains("\(box.root)/keys/allowed_signers"))
    }

    // MARK: H: what landed

    @Test func refsRefusedAfterPreReceiveAreLoggedAsNotLanded() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        // Like gitolite's per-branch rules: git's update hook runs after pre-receive and refuses one ref.
        try box.write("\(server)/hooks/update", "#!/bin/sh\n[ \"$1\" = refs/heads/denied ] && { echo denied by update >&2; exit 1; }\nexit 0\n")
        try box.must(["chmod", "+x", "\(server)/hooks/update"])
        let work = try box.clone(server)
        let commit = try box.commit(in: work, files: ["a": "1\n"], message: "one")
        let result = try box.push(work, "main", "main:refs/heads/denied")
        #expect(result.stderr.contains("denied by update"))
        #expect(try box.decisions(server).last?["outcome"] as? String == "accepted")
        let landed = try #require(try box.landed(server).last)
        let refs = try #require(landed["refs"] as? [[String: Any]])
        let byRef = Dictionary(uniqueKeysWithValues: refs.map { ($0["ref"] as? String ?? "", $0) })
        #expect(byRef["refs/heads/main"]?["landed"] as? Bool == true)
        #expect(byRef["refs/heads/main"]?["actual"] as? String == commit)
        #expect(byRef["refs/heads/denied"]?["landed"] as? Bool == false)
        #expect(byRef["refs/heads/denied"]?["actual"] == nil)
        #expect(landed["decisionTime"] as? String == (try box.decisions(server).last?["time"] as? String))
    }

    // MARK: E: policies in the wrong place, files a policy names

    @Test func misplacedPoliciesAndMissingKeyFilesAreReported() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        try box.write("\(server)/.git-warden.toml", ProtectedRefTests.protectMain)
        try box.write("\(box.root)/git-warden.toml", ProtectedRefTests.protectMain)
        let audit = try box.run([Sandbox.binary, "audit", server, "--no-store", "--format", "json"])
        let findings = try json(audit.stdout)["findings"] as? [[String: Any]] ?? []
        let misplaced = findings.filter { $0["checkID"] as? String == "policy.misplaced" }.compactMap { $0["subject"] as? String }
        #expect(Set(misplaced) == ["\(server)/.git-warden.toml", "\(box.root)/git-warden.toml"])
        let check = try box.run([Sandbox.binary, "policy", "check"], in: server, extraEnvironment: ["GIT_DIR": server])
        #expect(check.stdout.contains("the hook here uses the embedded default policy"))
        #expect(check.stdout.contains("warning: \(server)/.git-warden.toml looks like a policy"))
        #expect(check.stdout.contains("warning: \(box.root)/git-warden.toml looks like a policy"))

        // A policy naming a key file that is not there: policy check fails, the audit says every push fails.
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain
                      + "\nrequire-signed-commits = true\n[signers]\nssh-allowed-signers = \"allowed_signers\"\n")
        let bad = try box.run([Sandbox.binary, "policy", "check"], in: server, extraEnvironment: ["GIT_DIR": server])
        #expect(bad.status == 1, "\(bad.output)")
        #expect(bad.stderr.contains("\(server)/allowed_signers"))
        let ignoreFile = "\(server)/git-warden-ignore"
        try box.write("\(server)/allowed_signers", "ada@example.com ssh-ed25519 not-base64!\n")
        try box.write(ignoreFile, "not a fingerprint\n")
        let twice = try box.run([Sandbox.binary, "policy", "check", "\(server)/git-warden.toml"], extraEnvironment: ["GIT_DIR": server])
        #expect(twice.status == 1 && twice.stderr.contains("allowed_signers") && twice.stderr.contains("git-warden-ignore"))
        let audited = try json(try box.run([Sandbox.binary, "audit", server, "--no-store", "--format", "json"]).stdout)
        let unreadable = (audited["findings"] as? [[String: Any]] ?? []).filter { $0["checkID"] as? String == "policy.unreadable-file" }
        #expect(unreadable.count == 2 && unreadable.allSatisfy { $0["severity"] as? String == "critical" })
    }

    // MARK: D: nothing to audit is an error

    @Test func auditOfAFolderWithoutRepositoriesFails() throws {
        let box = try Sandbox()
        try FileManager.default.createDirectory(atPath: "\(box.root)/empty", withIntermediateDirectories: true)
        let result = try box.run([Sandbox.binary, "audit", "\(box.root)/empty", "--no-store"])
        #expect(result.status == 2)
        #expect(result.stderr.contains("no repositories found under \(box.root)/empty"))
    }

    // MARK: I: acknowledging findings

    @Test func acknowledgedFindingsDoNotFailUntilTheyChangeOrExpire() throws {
        let box = try Sandbox()
        let server = "\(box.root)/srv/plain.git"
        try box.must(["git", "init", "-q", "--bare", server])
        let store = "\(box.root)/findings.sqlite"
        let arguments = [Sandbox.binary, "audit", "\(box.root)/srv", "--store", store, "--format", "json"]
        let first = try box.run(arguments)
        #expect(first.status == 1)
        let listed = try JSONSerialization.jsonObject(with: Data(try box.must(
            [Sandbox.binary, "findings", "--store", store, "--check", "hooks.missing", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
        let id = try #require(listed.first?["id"] as? Int)
        let expired = try box.run([Sandbox.binary, "findings", "ack", "\(id)", "--reason", "x", "--until", "2001-01-01", "--store", store])
        #expect(expired.status != 0 && expired.stderr.contains("not in the future"))
        let ack = try box.run([Sandbox.binary, "findings", "ack", "#\(id)", "--reason", "guarded by the forge", "--store", store])
        #expect(ack.status == 0, "\(ack.output)")
        #expect(ack.stdout.contains("guarded by the forge") && ack.stdout.contains("until it changes"))

        let second = try box.run(arguments)
        #expect(second.status == 0, "acknowledged: \(second.output)")
        let entry = (try json(second.stdout)["findings"] as? [[String: Any]] ?? []).first { $0["checkID"] as? String == "hooks.missing" }
        #expect((entry?["acknowledged"] as? String)?.contains("guarded by the forge") == true)
        let text = try box.run([Sandbox.binary, "audit", "\(box.root)/srv", "--store", store])
        #expect(text.stdout.contains("acknowledged: by "))

        // The finding changes (now a foreign hook instead of none): the acknowledgement no longer applies.
        try box.write("\(server)/hooks/pre-receive", "#!/bin/sh\nexit 0\n")
        try box.must(["chmod", "+x", "\(server)/hooks/pre-receive"])
        #expect(try box.run(arguments).status == 1)

        // An acknowledgement with an end date lapses at that date.
        let relisted = try JSONSerialization.jsonObject(with: Data(try box.must(
            [Sandbox.binary, "findings", "--store", store, "--check", "hooks.missing", "--format", "json"]).utf8)) as? [[String: Any]] ?? []
        let soon = ISO8601DateFormatter().string(from: Date().addingTimeInterval(2))
        try box.must([Sandbox.binary, "findings", "ack", "\(relisted.first?["id"] as? Int ?? -1)", "--reason", "brief",
                      "--until", soon, "--store", store])
        #expect(try box.run(arguments).status == 0)
        sleep(3)
        #expect(try box.run(arguments).status == 1)
    }

    // MARK: J: server-wide install and the forge recipes

    @Test func serverWideInstallGuardsEveryRepositoryAndKeepsTheirOwnHooks() throws {
        let box = try Sandbox()
        let systemConfig = "\(box.root)/etc/gitconfig"
        let prefix = "\(box.root)/prefix"
        box.environment["GIT_CONFIG_NOSYSTEM"] = "0"
        box.environment["GIT_CONFIG_SYSTEM"] = systemConfig
        try box.write(systemConfig, "")
        guard getuid() == 0 else {
            print("skipped serverWideInstall: install.sh --server must run as root")
            return
        }
        try box.must(["bash", "\(Sandbox.projectRoot)/install.sh", "--no-deps", "--binary", Sandbox.binary,
                      "--prefix", prefix, "--server"])
        #expect(try box.must(["git", "config", "--system", "core.hooksPath"]) == "\(prefix)/lib/git-warden/hooks")

        let server = "\(box.root)/srv/project.git"
        try box.must(["git", "init", "-q", "--bare", server])
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain)
        // The repository's own hooks still run: pre-receive after git-warden accepts, update for each ref.
        try box.write("\(server)/hooks/pre-receive", "#!/bin/sh\necho own pre-receive ran >&2\n")
        try box.write("\(server)/hooks/update", "#!/bin/sh\necho own update ran for $1 >&2\n")
        try box.must(["chmod", "+x", "\(server)/hooks/pre-receive", "\(server)/hooks/update"])
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "one")
        let pushed = try box.push(work, "main")
        #expect(pushed.status == 0)
        #expect(pushed.stderr.contains("own pre-receive ran") && pushed.stderr.contains("own update ran for refs/heads/main"))
        try box.must(["git", "commit", "-q", "--amend", "-m", "rewritten"], in: work)
        let forced = try box.push(work, "--force", "main")
        #expect(forced.status != 0 && forced.stderr.contains("force-push (rule protect-main)"))
        #expect(!forced.stderr.contains("own pre-receive ran"), "the repository's hook runs only after git-warden accepts")
        #expect(try box.landed(server).count == 1)

        let audit = try json(try box.run([Sandbox.binary, "audit", server, "--no-store", "--format", "json"]).stdout)
        let ids = Set((audit["findings"] as? [[String: Any]] ?? []).compactMap { $0["checkID"] as? String })
        #expect(ids.isDisjoint(with: ["hooks.missing", "config.hooks-path", "hooks.unrecorded", "hooks.modified"]), "\(ids)")
        #expect(ids.contains("hooks.unknown"), "the repository's own hooks are listed")
    }

    @Test func forgeRecipesAreRecognised() throws {
        let box = try Sandbox()
        let shim = "#!/bin/sh\nexec \(Sandbox.binary) pre-receive\n"
        // gitolite: hooks/common/pre-receive linked into the repository by gitolite setup --hooks-only.
        try box.write("\(box.root)/gitolite/.gitolite/hooks/common/pre-receive", shim)
        try box.must(["chmod", "+x", "\(box.root)/gitolite/.gitolite/hooks/common/pre-receive"])
        let gitolite = "\(box.root)/gitolite/repositories/project.git"
        try box.must(["git", "init", "-q", "--bare", gitolite])
        try box.must(["ln", "-s", "\(box.root)/gitolite/.gitolite/hooks/common/pre-receive", "\(gitolite)/hooks/pre-receive"])
        // Gitea: its own pre-receive runs hooks/pre-receive.d/*.
        let gitea = "\(box.root)/gitea/project.git"
        try box.must(["git", "init", "-q", "--bare", gitea])
        try box.write("\(gitea)/hooks/pre-receive", "#!/bin/sh\nfor h in hooks/pre-receive.d/*; do \"$h\" || exit 1; done\n")
        try box.write("\(gitea)/hooks/pre-receive.d/git-warden", shim)
        try box.must(["chmod", "+x", "\(gitea)/hooks/pre-receive", "\(gitea)/hooks/pre-receive.d/git-warden"])
        // GitLab: the repository's custom_hooks.
        let gitlab = "\(box.root)/gitlab/project.git"
        try box.must(["git", "init", "-q", "--bare", gitlab])
        try box.write("\(gitlab)/custom_hooks/pre-receive.d/git-warden", shim)
        try box.must(["chmod", "+x", "\(gitlab)/custom_hooks/pre-receive.d/git-warden"])
        for repository in [gitolite, gitea, gitlab] {
            let audit = try json(try box.run([Sandbox.binary, "audit", repository, "--no-store", "--format", "json"]).stdout)
            let ids = (audit["findings"] as? [[String: Any]] ?? []).compactMap { $0["checkID"] as? String }
            #expect(!ids.contains("hooks.missing") && !ids.contains("hooks.unrecorded"), "\(repository): \(ids)")
        }
        // The shim losing its execute bit is still noticed.
        try box.must(["chmod", "-x", "\(gitea)/hooks/pre-receive.d/git-warden"])
        let audit = try json(try box.run([Sandbox.binary, "audit", gitea, "--no-store", "--format", "json"]).stdout)
        #expect((audit["findings"] as? [[String: Any]] ?? []).contains { $0["checkID"] as? String == "hooks.missing" })
    }
}
