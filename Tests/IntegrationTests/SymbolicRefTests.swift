import Foundation
import Testing

/// Pushes to symbolic refs on the server: receive-pack writes an update through to the ref the symbolic ref names,
/// so the hook judges it under every name it is written through. Real `git push` through the real hook.
@Suite struct SymbolicRefTests {
    /// A server (embedded default policy: main cannot be force-pushed or deleted) whose main has two commits,
    /// with `refs/heads/latest -> refs/heads/main`, and a clone.
    static func seeded(policy: String? = nil) throws -> (Sandbox, server: String, work: String) {
        let box = try Sandbox()
        let server = try box.server(policy: policy)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["README": "one\n"], message: "one")
        try box.commit(in: work, files: ["README": "two\n"], message: "two")
        let first = try box.push(work, "main")
        #expect(first.status == 0, "\(first.output)")
        try box.git("symbolic-ref", "refs/heads/latest", "refs/heads/main", in: server)
        return (box, server, work)
    }

    @Test func forcePushThroughAnAliasIsJudgedAsAForcePushOfItsTarget() throws {
        let (box, server, work) = try Self.seeded()
        let before = box.serverRef(server, "refs/heads/main")
        try box.git("reset", "-q", "--hard", "HEAD~1", in: work)
        try box.commit(in: work, files: ["README": "rewritten\n"], message: "rewrite")
        let result = try box.push(work, "--force", "HEAD:refs/heads/latest")
        #expect(result.status != 0, "\(result.output)")
        #expect(box.serverRef(server, "refs/heads/main") == before)
        #expect(result.stderr.contains("refs/heads/main: force-push"))
        #expect(result.stderr.contains("pushed as refs/heads/latest"))
        let decision = try #require(try box.decisions(server).last)
        #expect(decision["outcome"] as? String == "rejected")
        let update = try #require((decision["updates"] as? [[String: Any]])?.first)
        #expect(update["ref"] as? String == "refs/heads/latest")
        #expect(update["target"] as? String == "refs/heads/main")
        let violations = try #require(decision["violations"] as? [[String: Any]])
        #expect(violations.contains { $0["ref"] as? String == "refs/heads/main" && $0["kind"] as? String == "force-push" })
    }

    @Test func fastForwardThroughAnAliasIsAcceptedAndLogsTheTarget() throws {
        let (box, server, work) = try Self.seeded()
        let next = try box.commit(in: work, files: ["README": "three\n"], message: "three")
        let result = try box.push(work, "HEAD:refs/heads/latest")
        #expect(result.status == 0, "\(result.output)")
        #expect(box.serverRef(server, "refs/heads/main") == next)
        let update = try #require((try box.decisions(server).last?["updates"] as? [[String: Any]])?.first)
        #expect(update["target"] as? String == "refs/heads/main")
        #expect(update["via"] == nil)
    }

    @Test func deletingAnAliasIsJudgedAsDeletingItsTarget() throws {
        // git 2.39 deletes the target and leaves the alias dangling: the hook must see a deletion of main.
        let (box, server, work) = try Self.seeded()
        let before = box.serverRef(server, "refs/heads/main")
        let result = try box.push(work, ":refs/heads/latest")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("refs/heads/main: deletion"))
        #expect(box.serverRef(server, "refs/heads/main") == before)
    }

    @Test func deletingAnAliasOfAnUnprotectedBranchStillWorks() throws {
        let (box, server, work) = try Self.seeded()
        try box.must(["git", "push", "-q", "origin", "HEAD:refs/heads/topic"], in: work)
        try box.git("symbolic-ref", "refs/heads/current", "refs/heads/topic", in: server)
        let result = try box.push(work, ":refs/heads/current")
        #expect(result.status == 0, "\(result.output)")
        #expect(box.serverRef(server, "refs/heads/topic") == nil)
    }

    @Test func aChainOfSymbolicRefsIsFollowedToItsEnd() throws {
        let (box, server, work) = try Self.seeded()
        try box.git("symbolic-ref", "refs/heads/stable", "refs/heads/latest", in: server)
        let before = box.serverRef(server, "refs/heads/main")
        try box.git("reset", "-q", "--hard", "HEAD~1", in: work)
        try box.commit(in: work, files: ["README": "rewritten\n"], message: "rewrite")
        let result = try box.push(work, "--force", "HEAD:refs/heads/stable")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("refs/heads/main: force-push"))
        #expect(box.serverRef(server, "refs/heads/main") == before)
        let update = try #require((try box.decisions(server).last?["updates"] as? [[String: Any]])?.first)
        #expect(update["target"] as? String == "refs/heads/main")
        #expect(update["via"] as? [String] == ["refs/heads/latest"])
    }

    @Test func aPushThroughADanglingAliasIsJudgedAsCreatingItsTarget() throws {
        let policy = """
        [[rule]]
        id = "no-new-releases"
        refs = ["refs/heads/release/*"]
        block-creation = true
        """
        let (box, server, work) = try Self.seeded(policy: policy)
        try box.git("symbolic-ref", "refs/heads/next", "refs/heads/release/2", in: server)
        let result = try box.push(work, "HEAD:refs/heads/next")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("refs/heads/release/2: creation"))
        #expect(box.serverRef(server, "refs/heads/release/2") == nil)
    }

    @Test func theAliasesRulesBindUpdatesThroughItAndStraightToItsTarget() throws {
        // The strictest of both names: a rule on the alias binds even where the target's rules allow the update,
        // and a push straight to the target moves the alias too.
        let policy = """
        [[rule]]
        id = "latest-by-release-bot"
        refs = ["refs/heads/latest"]
        pushers = ["release-bot"]
        """
        let (box, server, work) = try Self.seeded(policy: policy)
        let before = box.serverRef(server, "refs/heads/main")
        try box.commit(in: work, files: ["README": "three\n"], message: "three")
        let through = try box.push(work, "HEAD:refs/heads/latest", pusher: "ada")
        #expect(through.status != 0, "\(through.output)")
        #expect(through.stderr.contains("refs/heads/latest: pusher-not-allowed"))
        #expect(box.serverRef(server, "refs/heads/main") == before)

        let straight = try box.push(work, "HEAD:refs/heads/main", pusher: "ada")
        #expect(straight.status != 0, "\(straight.output)")
        #expect(straight.stderr.contains("refs/heads/latest: pusher-not-allowed"))
        #expect(straight.stderr.contains("refs/heads/latest is a symbolic ref to refs/heads/main, which this push updates"))
        #expect(box.serverRef(server, "refs/heads/main") == before)
        let update = try #require((try box.decisions(server).last?["updates"] as? [[String: Any]])?.first)
        #expect(update["aliases"] as? [String] == ["refs/heads/latest"])

        #expect(try box.push(work, "HEAD:refs/heads/main", pusher: "release-bot").status == 0)
        // An unrelated branch is not affected.
        #expect(try box.push(work, "HEAD:refs/heads/topic", pusher: "ada").status == 0)
    }

    @Test func aLoopOfSymbolicRefsRejectsThePush() throws {
        let (box, server, work) = try Self.seeded()
        try box.write("\(server)/refs/heads/loop-a", "ref: refs/heads/loop-b\n")
        try box.write("\(server)/refs/heads/loop-b", "ref: refs/heads/loop-a\n")
        let result = try box.push(work, "HEAD:refs/heads/loop-a")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("loop"))
        #expect(try box.decisions(server).last?["outcome"] as? String == "error")
    }

    @Test func aSymbolicLinkRefIsASymbolicRefToo() throws {
        // git reads a loose ref that is a symbolic link to "refs/..." as a symbolic ref (core.preferSymlinkRefs);
        // git 2.39 deletes its target when a push deletes it, with a zero old value on the hook's line.
        let (box, server, work) = try Self.seeded()
        try FileManager.default.createSymbolicLink(atPath: "\(server)/refs/heads/linked",
                                                   withDestinationPath: "refs/heads/main")
        let before = box.serverRef(server, "refs/heads/main")
        let result = try box.push(work, ":refs/heads/linked")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("refs/heads/main: deletion"))
        #expect(box.serverRef(server, "refs/heads/main") == before)
        // A push straight to main moves the link too: a rule on its name applies.
        try box.write("\(server)/git-warden.toml", "[[rule]]\nrefs = [\"refs/heads/linked\"]\npushers = [\"release-bot\"]\n")
        try box.commit(in: work, files: ["README": "three\n"], message: "three")
        let straight = try box.push(work, "HEAD:refs/heads/main", pusher: "ada")
        #expect(straight.status != 0, "\(straight.output)")
        #expect(straight.stderr.contains("refs/heads/linked: pusher-not-allowed"))
    }
}
