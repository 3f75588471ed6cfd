import Foundation
import Testing

/// Break-glass bypass through real pushes (`git push -o git-warden.bypass=…` over the file transport, git's own
/// receive-pack and hooks): who may, what it needs, what it cannot cover, and what it leaves in the push log, the
/// provenance and the VSA.
@Suite struct BypassPushTests {
    struct Server {
        var box: Sandbox
        var path: String
        var work: String
        var publicKey: String

        func verify(_ revision: String, minLevel: Int) throws -> Sandbox.Result {
            try box.run([Sandbox.binary, "attest", "verify", revision, "--repo", path, "--ref", "refs/heads/main",
                         "--min-level", "\(minLevel)", "--key", publicKey])
        }

        func push(_ arguments: String..., pusher: String? = nil) throws -> Sandbox.Result {
            var extra: [String: String] = [:]
            if let pusher { extra["GIT_WARDEN_PUSHER"] = pusher }
            return try box.run(["git", "push", "origin"] + arguments, in: work, extraEnvironment: extra)
        }

        /// The provenance predicate of `revision` (the first line of its note).
        func provenance(_ revision: String) throws -> [String: Any] {
            let note = try box.must(["git", "notes", "--ref", "refs/notes/commits", "show", revision], in: path)
            let envelope = try #require(JSONSerialization.jsonObject(with: Data(note.split(separator: "\n")[0].utf8)) as? [String: Any])
            let payload = try #require(Data(base64Encoded: envelope["payload"] as? String ?? ""))
            let statement = try #require(JSONSerialization.jsonObject(with: payload) as? [String: Any])
            return try #require(statement["predicate"] as? [String: Any])
        }

        /// A merge commit on main (against `require-linear-history`); returns its id.
        func mergeCommit(_ name: String) throws -> String {
            try box.git("checkout", "-q", "-b", name, in: work)
            try box.commit(in: work, files: ["\(name).txt": name], message: "side \(name)")
            try box.git("checkout", "-q", "main", in: work)
            try box.commit(in: work, files: ["main-\(name).txt": name], message: "main \(name)")
            try box.git("merge", "-q", "--no-ff", "-m", "merge \(name)", name, in: work)
            return try box.git("rev-parse", "HEAD", in: work)
        }
    }

    static func policy(_ box: Sandbox, notify: String = "") -> String {
        """
        [[rule]]
        id = "protect-main"
        refs = ["refs/heads/main"]
        block-force-push = true
        block-deletion = true
        require-linear-history = true

        [bypass]
        pushers = ["ada", "oncall"]

        [attest]
        key = "\(box.root)/attest.key"
        repository-uri = "git+ssh://git.example.com/project.git"
        verifier-id = "https://git.example.com/git-warden"
        refs = ["refs/heads/main"]
        properties = { ORG_SOURCE_LINEAR = "require-linear-history" }
        \(notify)
        """
    }

    static func makeServer(notify: String = "") throws -> Server {
        let box = try Sandbox()
        try box.must([Sandbox.binary, "attest", "keygen", "--out", "\(box.root)/attest.key"])
        let path = try box.server(policy: nil)
        // git passes push options to the hooks only when the server advertises them.
        try box.git("config", "receive.advertisePushOptions", "true", in: path)
        try box.write("\(path)/git-warden.toml", policy(box, notify: notify))
        let work = try box.clone(path)
        return Server(box: box, path: path, work: work, publicKey: "\(box.root)/attest.key.pub")
    }

    @Test func aListedPusherBypassesWithAReasonAndTheEvidenceSaysSo() throws {
        let server = try Self.makeServer()
        try server.box.commit(in: server.work, files: ["a.txt": "one"], message: "one")
        #expect(try server.push("main").status == 0)
        let two = try server.box.commit(in: server.work, files: ["a.txt": "two"], message: "two")
        #expect(try server.push("main").status == 0)
        #expect(try server.verify(two, minLevel: 3).status == 0)

        let merge = try server.mergeCommit("hotfix")
        // Without the bypass the merge is rejected ...
        let refused = try server.push("main")
        #expect(refused.status != 0 && refused.stderr.contains("merge-commit"), "\(refused.output)")
        // ... with it, it lands, and the pusher is told what was bypassed.
        let bypassed = try server.push("-o", "git-warden.bypass=incident 42: restore the release build", "main")
        #expect(bypassed.status == 0, "\(bypassed.output)")
        #expect(bypassed.stderr.contains("BYPASS by ada: 1 violation accepted as warnings; reason: incident 42"),
                "\(bypassed.output)")
        #expect(server.box.serverRef(server.path, "refs/heads/main") == merge)

        // The push log records the pusher, the reason and the bypassed violation.
        let decision = try #require(try server.box.decisions(server.path).last)
        let record = try #require(decision["bypass"] as? [String: Any])
        #expect(decision["outcome"] as? String == "accepted")
        #expect(record["pusher"] as? String == "ada" && record["reason"] as? String == "incident 42: restore the release build")
        let kinds = (record["bypassed"] as? [[String: Any]] ?? []).compactMap { $0["kind"] as? String }
        #expect(kinds == ["merge-commit"])
        #expect(try server.box.run([Sandbox.binary, "log", "verify", server.path]).status == 0)
        let shown = try server.box.must([Sandbox.binary, "log", "show", server.path, "--ref", "refs/heads/main",
                                         "--outcome", "accepted"])
        #expect(shown.contains("ada ACCEPTED (BYPASS) refs/heads/main")
                && shown.contains("bypass by ada, reason: incident 42: restore the release build")
                && shown.contains("bypassed protect-main"), "\(shown)")

        // The provenance names the bypass; the VSA drops the bypassed control and continuity restarts.
        let provenance = try server.provenance(merge)
        let named = try #require(provenance["bypass"] as? [String: Any])
        #expect(named["reason"] as? String == "incident 42: restore the release build")
        #expect(named["controls"] as? [String] == ["require-linear-history"])
        let linear = (provenance["controls"] as? [[String: Any]] ?? []).first { $0["name"] as? String == "require-linear-history" }
        #expect(linear?["bypassed"] as? Bool == true && linear?["since"] == nil)
        let low = try server.verify(merge, minLevel: 3)
        #expect(low.status == 1 && low.stdout.contains("level 2, below 3") && low.stdout.contains("break-glass bypass of require-linear-history"),
                "\(low.output)")
        #expect(try server.verify(merge, minLevel: 2).status == 0)
        let property = try server.box.run([Sandbox.binary, "attest", "verify", merge, "--repo", server.path, "--ref",
                                           "refs/heads/main", "--min-level", "2", "--key", server.publicKey,
                                           "--property", "ORG_SOURCE_LINEAR"])
        #expect(property.status == 1, "\(property.output)")

        // The next ordinary push is level 3 again: the core controls were enforced throughout.
        let after = try server.box.commit(in: server.work, files: ["a.txt": "three"], message: "three")
        #expect(try server.push("main").status == 0)
        #expect(try server.verify(after, minLevel: 3).status == 0)
    }

    @Test func aBypassedForcePushIsLevelOne() throws {
        let server = try Self.makeServer()
        try server.box.commit(in: server.work, files: ["a.txt": "one"], message: "one")
        try server.box.commit(in: server.work, files: ["a.txt": "two"], message: "two")
        #expect(try server.push("main").status == 0)
        try server.box.git("reset", "-q", "--hard", "HEAD~1", in: server.work)
        let rewritten = try server.box.commit(in: server.work, files: ["a.txt": "rewritten"], message: "rewritten")
        let pushed = try server.push("--force", "-o", "git-warden.bypass=remove a leaked credential", "main", pusher: "oncall")
        #expect(pushed.status == 0 && pushed.stderr.contains("BYPASS by oncall"), "\(pushed.output)")
        let result = try server.verify(rewritten, minLevel: 2)
        #expect(result.status == 1 && result.stdout.contains("level 1, below 2")
                && result.stdout.contains("bypassed on this revision: block-force-push"), "\(result.output)")
        // The bypassed control starts again at the next revision (level 2), and is continuous after that.
        let next = try server.box.commit(in: server.work, files: ["a.txt": "next"], message: "next")
        #expect(try server.push("main").status == 0)
        let restarted = try server.verify(next, minLevel: 3)
        #expect(restarted.status == 1 && restarted.stdout.contains("level 2, below 3"), "\(restarted.output)")
        let last = try server.box.commit(in: server.work, files: ["a.txt": "last"], message: "last")
        #expect(try server.push("main").status == 0)
        #expect(try server.verify(last, minLevel: 3).status == 0)
    }

    @Test func aBypassByAnyoneElseOrWithoutAReasonIsRejected() throws {
        let server = try Self.makeServer()
        try server.box.commit(in: server.work, files: ["a.txt": "one"], message: "one")
        #expect(try server.push("main").status == 0)
        _ = try server.mergeCommit("side")
        let before = server.box.serverRef(server.path, "refs/heads/main")

        let stranger = try server.push("-o", "git-warden.bypass=trust me", "main", pusher: "mallory")
        #expect(stranger.status != 0 && stranger.stderr.contains("pusher 'mallory' may not bypass this policy"),
                "\(stranger.output)")
        for option in ["git-warden.bypass=", "git-warden.bypass=   ", "git-warden.bypass"] {
            let bare = try server.push("-o", option, "main")
            #expect(bare.status != 0 && bare.stderr.contains("a bypass needs a reason"), "\(option): \(bare.output)")
        }
        let twice = try server.push("-o", "git-warden.bypass=one", "-o", "git-warden.bypass=two", "main")
        #expect(twice.status != 0 && twice.stderr.contains("a bypass takes exactly one"), "\(twice.output)")
        #expect(server.box.serverRef(server.path, "refs/heads/main") == before)
        // A refused bypass rejects even a push that needed none: the request never passes silently.
        try server.box.git("reset", "-q", "--hard", "origin/main", in: server.work)
        try server.box.commit(in: server.work, files: ["a.txt": "clean"], message: "clean")
        let clean = try server.push("-o", "git-warden.bypass=just because", "main", pusher: "mallory")
        #expect(clean.status != 0 && clean.stderr.contains("bypass refused"), "\(clean.output)")
        let decision = try #require(try server.box.decisions(server.path).last)
        #expect(decision["bypass"] == nil && decision["outcome"] as? String == "rejected")
    }

    /// A bypass stands on its record: when the decision log cannot be written, the bypass is not granted.
    @Test func aBypassThatCannotBeRecordedIsRejected() throws {
        let server = try Self.makeServer()
        try server.box.commit(in: server.work, files: ["a.txt": "one"], message: "one")
        #expect(try server.push("main").status == 0)
        _ = try server.mergeCommit("unlogged")
        let before = server.box.serverRef(server.path, "refs/heads/main")
        let log = "\(server.path)/git-warden/decisions.jsonl"
        try FileManager.default.moveItem(atPath: log, toPath: log + ".kept")
        try FileManager.default.createDirectory(atPath: log, withIntermediateDirectories: false)
        let refused = try server.push("-o", "git-warden.bypass=incident 9", "main")
        #expect(refused.status != 0 && refused.stderr.contains("a bypass is granted only when it is recorded"),
                "\(refused.output)")
        #expect(server.box.serverRef(server.path, "refs/heads/main") == before)
    }

    @Test func theEvidenceRefCannotBeBypassed() throws {
        let server = try Self.makeServer()
        let first = try server.box.commit(in: server.work, files: ["a.txt": "one"], message: "one")
        #expect(try server.push("main").status == 0)
        try server.box.must(["git", "notes", "--ref", "refs/notes/commits", "add", "-m", "{\"forged\":true}", first],
                            in: server.work)
        let forged = try server.push("-o", "git-warden.bypass=fix the evidence", "--force",
                                     "refs/notes/commits:refs/notes/commits")
        #expect(forged.status != 0 && forged.stderr.contains("it cannot cover a push to refs/notes/commits"), "\(forged.output)")
    }

    @Test func notifyIsToldOfEachBypassAndItsFailureDoesNotBlock() throws {
        let box = try Sandbox()
        let script = "\(box.root)/notify.sh"
        try box.write(script, "#!/bin/sh\ncat > \"$1\"\nexit \"$2\"\n")
        chmod(script, 0o755)
        let events = "\(box.root)/events.json"
        let server = try Self.makeServer(notify: "[notify]\ncommand = [\"\(script)\", \"\(events)\", \"0\"]\n")
        try server.box.commit(in: server.work, files: ["a.txt": "one"], message: "one")
        #expect(try server.push("main").status == 0)
        _ = try server.mergeCommit("n1")
        let notified = try server.push("-o", "git-warden.bypass=incident 7", "main")
        #expect(notified.status == 0, "\(notified.output)")
        let event = try #require(JSONSerialization.jsonObject(with: Data((server.box.read(events) ?? "").utf8)) as? [String: Any])
        #expect(event["event"] as? String == "bypass" && event["pusher"] as? String == "ada" && event["reason"] as? String == "incident 7")
        #expect(((event["bypassed"] as? [[String: Any]])?.first?["kind"] as? String) == "merge-commit")
        #expect(((try server.box.decisions(server.path).last?["bypass"]) as? [String: Any])?["notified"] as? String == "ok")

        // A failing notifier is noted, and the push still lands.
        try server.box.write("\(server.path)/git-warden.toml",
                             Self.policy(server.box, notify: "[notify]\ncommand = [\"\(script)\", \"\(events)\", \"3\"]\n"))
        let merge = try server.mergeCommit("n2")
        let failing = try server.push("-o", "git-warden.bypass=incident 8", "main")
        #expect(failing.status == 0 && failing.stderr.contains("the bypass notification failed: exited with status 3"),
                "\(failing.output)")
        #expect(server.box.serverRef(server.path, "refs/heads/main") == merge)
        #expect(((try server.box.decisions(server.path).last?["bypass"]) as? [String: Any])?["notified"] as? String
                == "failed: exited with status 3")
    }
}
