import Foundation
import Testing
import WardenAudit

/// Every audit check on a real repository put into the state it looks for by git commands, and quiet on a
/// well-configured one.
@Suite struct AuditCheckTests {
    static let protectingPolicy = """
        [[rule]]
        id = "protect-main"
        refs = ["refs/heads/main"]
        block-force-push = true
        block-deletion = true
        """

    /// A bare repository as a careful administrator sets it up: hook installed by install.sh, policy protecting
    /// main, git's own protections on, one pushed commit.
    static func wellConfigured() throws -> (Sandbox, server: String) {
        let box = try Sandbox()
        let server = try box.server(policy: protectingPolicy)
        for (key, value) in [("receive.denyNonFastForwards", "true"), ("receive.denyDeletes", "true"),
                             ("receive.fsckObjects", "true"), ("core.logAllRefUpdates", "true")] {
            try box.git("config", key, value, in: server)
        }
        let work = try box.clone(server)
        try box.commit(in: work, files: ["README": "hello\n"], message: "start")
        #expect(try box.push(work, "main").status == 0)
        return (box, server)
    }

    func audit(_ server: String, previousRefs: [String: String]? = nil) throws -> RepositoryAudit {
        try RepositoryAuditor().audit(gitDirectory: server, previousRefs: previousRefs)
    }

    func ids(_ audit: RepositoryAudit) -> [String] { audit.findings.map(\.checkID).sorted() }

    @Test func wellConfiguredRepositoryHasNoFindings() throws {
        let (box, server) = try Self.wellConfigured()
        let result = try audit(server)
        #expect(result.findings.isEmpty, "\(result.findings)")
        #expect(result.refs?["refs/heads/main"] != nil)
        withExtendedLifetime(box) {}
    }

    static let protectEverything = """
        [[rule]]
        id = "protect-all"
        refs = ["refs/**"]
        block-force-push = true
        block-deletion = true
        """

    @Test func missingServerProtectionsAreFixable() throws {
        let (box, server) = try Self.wellConfigured()
        // git's repository-wide protections agree with a policy that protects every ref.
        try box.write("\(server)/git-warden.toml", Self.protectEverything)
        try box.git("config", "--unset", "receive.denyNonFastForwards", in: server)
        try box.git("config", "receive.denyDeletes", "false", in: server)
        try box.git("config", "--unset", "receive.fsckObjects", in: server)
        try box.git("config", "--unset", "core.logAllRefUpdates", in: server)
        let before = try audit(server)
        #expect(ids(before) == ["config.deny-deletes", "config.deny-non-fast-forwards", "config.fsck-objects", "config.reflog"])
        #expect(before.findings.allSatisfy { $0.fixable && $0.repository == server })
        #expect(before.findings.first { $0.checkID == "config.deny-deletes" }?.evidence == "receive.denyDeletes = false")
        let (changes, failures) = AuditFixer.fix(before.findings)
        #expect(changes.count == 4 && failures.isEmpty)
        #expect(try box.git("config", "receive.denyNonFastForwards", in: server) == "true")
        #expect(try audit(server).findings.isEmpty)
    }

    /// receive.denyNonFastForwards and denyDeletes apply to every ref: where the policy lets some branch be
    /// force-pushed or deleted, setting them would refuse pushes the policy allows, so they are not offered.
    @Test func fixesThatWouldContradictThePolicyAreNotOffered() throws {
        let (box, server) = try Self.wellConfigured()
        try box.git("config", "--unset", "receive.denyNonFastForwards", in: server)
        try box.git("config", "--unset", "receive.denyDeletes", in: server)
        let found = try audit(server).findings.filter { $0.checkID.hasPrefix("config.deny-") }
        #expect(found.count == 2)
        #expect(found.allSatisfy { !$0.fixable && $0.severity == .info && $0.fix.hasPrefix("not offered") }, "\(found)")
        #expect(found.first { $0.checkID == "config.deny-non-fast-forwards" }?.title.contains("refs/heads/a/b/c") == true)
        let (changes, _) = AuditFixer.fix(found)
        #expect(changes.isEmpty)
        // A force push to a branch the policy leaves open still goes through after the audit's fixes.
        let work = "\(box.root)/work"
        try box.must(["git", "checkout", "-q", "-b", "topic"], in: work)
        try box.commit(in: work, files: ["t": "1\n"], message: "topic")
        #expect(try box.push(work, "topic").status == 0)
        try box.must(["git", "commit", "-q", "--amend", "-m", "topic again"], in: work)
        #expect(try box.push(work, "--force", "topic").status == 0)
    }

    @Test func configurationThatRunsProgramsOrReadsElsewhereIsReported() throws {
        let (box, server) = try Self.wellConfigured()
        try box.git("config", "core.sshCommand", "ssh -i /tmp/key", in: server)
        try box.git("config", "filter.lfs.smudge", "evil-smudge %f", in: server)
        try box.git("config", "core.fsmonitor", "/tmp/monitor.sh", in: server)
        try box.git("config", "include.path", "/tmp/shared.gitconfig", in: server)
        try box.git("config", "uploadpack.allowAnySHA1InWant", "true", in: server)
        try box.git("config", "core.sharedRepository", "0666", in: server)
        let result = try audit(server)
        let programs = result.findings.filter { $0.checkID == "config.runs-program" }.map(\.subject).sorted()
        #expect(programs == ["core.fsmonitor", "core.sshcommand", "filter.lfs.smudge"])
        #expect(ids(result).contains("config.include"))
        #expect(result.findings.first { $0.checkID == "config.fetch-unadvertised" }?.severity == .medium)
        #expect(result.findings.first { $0.checkID == "config.shared-repository" }?.severity == .high)
        let (changes, _) = AuditFixer.fix(result.findings)
        #expect(changes.count == 2, "fetch-unadvertised and shared-repository are fixable; programs are not")
        #expect(!ids(try audit(server)).contains("config.fetch-unadvertised"))
    }

    @Test func hooksPathRedirectionIsReported() throws {
        let (box, server) = try Self.wellConfigured()
        try box.git("config", "core.hooksPath", "\(box.root)/elsewhere", in: server)
        let found = ids(try audit(server))
        #expect(found.contains("config.hooks-path"))
        #expect(found.contains("hooks.missing"), "git would now run no git-warden hook")
    }

    @Test func hookProblemsAreReported() throws {
        let (box, server) = try Self.wellConfigured()
        let hook = "\(server)/hooks/pre-receive"
        try box.write("\(server)/hooks/post-update", "#!/bin/sh\n")
        try box.must(["chmod", "+x", "\(server)/hooks/post-update"])
        try box.must(["chmod", "o+w", hook])
        var found = ids(try audit(server))
        #expect(found == ["hooks.unknown", "hooks.writable"])
        try box.must(["chmod", "o-w,a-x", hook])
        #expect(ids(try audit(server)).contains("hooks.not-executable"))
        try box.must(["chmod", "+x", hook])
        try box.write(hook, (box.read(hook) ?? "") + "exit 0\n")
        let modified = try audit(server).findings.first { $0.checkID == "hooks.modified" }
        #expect(modified?.severity == .critical)
        try FileManager.default.removeItem(atPath: "\(server)/git-warden/pre-receive.sha256")
        found = ids(try audit(server))
        #expect(found.contains("hooks.unrecorded") && !found.contains("hooks.modified"))
        try FileManager.default.removeItem(atPath: hook)
        #expect(ids(try audit(server)).contains("hooks.missing"))
    }

    @Test func worldWritableDirectoriesAndPolicyFilesAreReportedAndFixed() throws {
        let (box, server) = try Self.wellConfigured()
        try box.must(["chmod", "o+w", "\(server)/objects", "\(server)/git-warden.toml"])
        let result = try audit(server)
        #expect(ids(result) == ["permissions.policy-writable", "permissions.world-writable"])
        #expect(result.findings.first { $0.checkID == "permissions.policy-writable" }?.severity == .critical)
        #expect(AuditFixer.fix(result.findings).changes.count == 2)
        #expect(try audit(server).findings.isEmpty)
    }

    @Test func policyProblemsAreReported() throws {
        let (box, server) = try Self.wellConfigured()
        try box.write("\(server)/git-warden.toml", "[[rule]]\nrefs = [\"refs/heads/main\"]\nblock-force-pushes = true\n")
        let invalid = try audit(server)
        #expect(ids(invalid) == ["policy.invalid"])
        #expect(invalid.findings[0].evidence.contains("block-force-pushes"))
        #expect(invalid.refs == nil, "no history audit without a policy")

        try box.write("\(server)/git-warden.toml", "[[rule]]\nrefs = [\"refs/heads/release\"]\nblock-force-push = true\n[secrets]\nscan = \"evaluate\"\n")
        #expect(ids(try audit(server)) == ["policy.default-branch-unprotected", "policy.secrets-not-enforced"])

        try FileManager.default.removeItem(atPath: "\(server)/git-warden.toml")
        #expect(ids(try audit(server)) == ["policy.default"], "the embedded default protects main")
    }

    @Test func historyIsAuditedIncrementallyFromTheLastRefs() throws {
        // A server without the hook, as one found before git-warden was installed.
        let box = try Sandbox()
        let server = "\(box.root)/plain.git"
        try box.must(["git", "init", "-q", "--bare", server])
        let work = try box.clone(server)
        let token = SecretPushTests.token
        try box.commit(in: work, files: ["app.py": "T = \"\(token)\"\n"], message: "leak")
        try box.commit(in: work, files: ["app.py": "T = None\n"], message: "remove it again")
        #expect(try box.push(work, "main").status == 0)
        let first = try audit(server)
        let secret = try #require(first.findings.first { $0.checkID == "history.secret" })
        #expect(secret.severity == .critical && secret.title.contains("app.py:1:"))
        #expect(!secret.title.contains(token) && !secret.evidence.contains(token))
        let refs = try #require(first.refs)

        // Unchanged: nothing new in history.
        let again = try audit(server, previousRefs: refs)
        #expect(!ids(again).contains { $0.hasPrefix("history.") })

        // A force push and a deleted branch since the last audit.
        try box.must(["git", "push", "-q", "origin", "main:side"], in: work)
        let withSide = try #require(try audit(server, previousRefs: refs).refs)
        try box.must(["git", "reset", "-q", "--hard", "HEAD~1"], in: work)
        try box.commit(in: work, files: ["b.txt": "b\n"], message: "rewrite")
        try box.must(["git", "push", "-q", "-f", "origin", "main"], in: work)
        try box.must(["git", "push", "-q", "origin", ":side"], in: work)
        let later = try audit(server, previousRefs: withSide)
        let rewritten = try #require(later.findings.first { $0.checkID == "history.ref-rewritten" })
        #expect(rewritten.severity == .high, "the embedded default policy protects main")
        #expect(ids(later).contains("history.ref-deleted"))
        #expect(!ids(later).contains("history.secret"), "the new commits hold no secret; the old ones were audited")
    }
}
