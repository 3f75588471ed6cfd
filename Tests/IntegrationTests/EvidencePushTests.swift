import Foundation
import Testing

/// Source evidence through real pushes: the post-receive hook writes signed provenance and VSAs as git notes, and
/// `attest verify` passes or fails them as SLSA says.
@Suite struct EvidencePushTests {
    struct Server {
        var box: Sandbox
        var path: String
        var work: String
        var publicKey: String

        func policy(mode: String = "enforce", linear: Bool = true) -> String {
            """
            [[rule]]
            id = "protect-main"
            refs = ["refs/heads/main"]
            block-force-push = true
            block-deletion = true
            mode = "\(mode)"
            \(linear ? "require-linear-history = true" : "")

            [attest]
            key = "\(box.root)/attest.key"
            repository-uri = "git+ssh://git.example.com/project.git"
            verifier-id = "https://git.example.com/git-warden"
            refs = ["refs/heads/main"]
            properties = { ORG_SOURCE_LINEAR = "require-linear-history" }
            """
        }

        func setPolicy(mode: String = "enforce", linear: Bool = true) throws {
            try box.write("\(path)/git-warden.toml", policy(mode: mode, linear: linear))
        }

        /// Commits and pushes main; returns the new commit and the push's output.
        @discardableResult
        func push(_ content: String) throws -> (commit: String, output: String) {
            let commit = try box.commit(in: work, files: ["a.txt": content + "\n"], message: content)
            let result = try box.push(work, "main")
            #expect(result.status == 0, "\(result.output)")
            return (commit, result.output)
        }

        func verify(_ revision: String, minLevel: Int, extra: [String] = []) throws -> Sandbox.Result {
            try box.run([Sandbox.binary, "attest", "verify", revision, "--repo", path, "--ref", "refs/heads/main",
                         "--min-level", "\(minLevel)", "--key", publicKey] + extra)
        }

        func note(_ revision: String) throws -> String {
            try box.must(["git", "notes", "--ref", "refs/notes/commits", "show", revision], in: path)
        }
    }

    static func makeServer(keyType: String = "ed25519") throws -> Server {
        let box = try Sandbox()
        try box.must([Sandbox.binary, "attest", "keygen", "--type", keyType, "--out", "\(box.root)/attest.key"])
        let path = try box.server(policy: nil)
        let work = try box.clone(path)
        let server = Server(box: box, path: path, work: work, publicKey: "\(box.root)/attest.key.pub")
        try server.setPolicy()
        return server
    }

    @Test func protectedPushesReachLevelThree() throws {
        let server = try Self.makeServer()
        let first = try server.push("one")
        #expect(first.output.contains("evidence for refs/heads/main: SLSA source level 3"), "\(first.output)")
        let second = try server.push("two")
        let passed = try server.verify(second.commit, minLevel: 3, extra: ["--property", "ORG_SOURCE_LINEAR",
                                                                          "--repository-uri", "git+ssh://git.example.com/project.git"])
        #expect(passed.status == 0 && passed.stdout.hasPrefix("PASSED: ") && passed.stdout.contains("level 3 with ORG_SOURCE_LINEAR"),
                "\(passed.output)")
        let notes = try server.note(second.commit).split(separator: "\n")
        #expect(notes.count == 2)
        // The consumer's expectations are checked.
        #expect(try server.verify(second.commit, minLevel: 3, extra: ["--repository-uri", "git+ssh://other/x.git"]).status == 1)
        let otherRef = try server.box.run([Sandbox.binary, "attest", "verify", second.commit, "--repo", server.path, "--ref",
                                           "refs/heads/release", "--min-level", "1", "--key", server.publicKey])
        #expect(otherRef.status == 1 && otherRef.stdout.contains("no Source VSA"), "\(otherRef.output)")
        #expect(try server.verify(second.commit, minLevel: 1, extra: ["--property", "ORG_SOURCE_REVIEWED"]).status == 1)
        let json = try server.verify(second.commit, minLevel: 3, extra: ["--format", "json"])
        let object = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any]
        #expect(object?["passed"] as? Bool == true && object?["level"] as? Int == 3)
        #expect(try server.box.run([Sandbox.binary, "attest", "verify", "HEAD", "--repo", server.path, "--ref",
                                    "refs/heads/main", "--key", "\(server.box.root)/missing.pub"]).status == 2)
    }

    @Test func anEvaluateModePeriodLowersTheLevelUntilContinuityIsRebuilt() throws {
        let server = try Self.makeServer()
        try server.push("one")
        try server.setPolicy(mode: "evaluate")
        let trial = try server.push("two")
        let low = try server.verify(trial.commit, minLevel: 2)
        #expect(low.status == 1 && low.stdout.contains("level 1, below 2"), "\(low.output)")
        #expect(try server.verify(trial.commit, minLevel: 1).status == 0)
        try server.setPolicy()
        let restarted = try server.push("three")
        let notYet = try server.verify(restarted.commit, minLevel: 3)
        #expect(notYet.status == 1 && notYet.stdout.contains("level 2, below 3"), "\(notYet.output)")
        #expect(notYet.stdout.contains("continuity restarts here"))
        let continuous = try server.push("four")
        #expect(try server.verify(continuous.commit, minLevel: 3).status == 0)
    }

    @Test func aWeakenedPolicyRestartsContinuity() throws {
        let server = try Self.makeServer()
        try server.push("one")
        try server.setPolicy(linear: false)
        let weakened = try server.push("two")
        let result = try server.verify(weakened.commit, minLevel: 3)
        #expect(result.status == 1 && result.stdout.contains("no longer enforced since the previous revision: require-linear-history"),
                "\(result.output)")
        #expect(try server.verify(weakened.commit, minLevel: 2).status == 0)
    }

    @Test func aDeletedNoteFailsThatRevisionAndBreaksTheChain() throws {
        let server = try Self.makeServer()
        let first = try server.push("one")
        try server.box.must(["git", "notes", "--ref", "refs/notes/commits", "remove", first.commit], in: server.path)
        let gone = try server.verify(first.commit, minLevel: 1)
        #expect(gone.status == 1 && gone.stdout.contains("no Source VSA"), "\(gone.output)")
        let next = try server.push("two")
        let gap = try server.verify(next.commit, minLevel: 2)
        #expect(gap.status == 1 && gap.stdout.contains("a gap in the chain"), "\(gap.output)")
    }

    @Test func forgedEnvelopesFail() throws {
        let server = try Self.makeServer()
        let first = try server.push("one")
        let second = try server.push("two")
        let original = try server.note(second.commit)
        let lines = original.split(separator: "\n").map(String.init)
        func setNote(_ revision: String, _ text: String) throws {
            try server.box.write("\(server.box.root)/note.txt", text + "\n")
            try server.box.must(["git", "notes", "--ref", "refs/notes/commits", "add", "-f", "-F", "\(server.box.root)/note.txt",
                                 revision], in: server.path)
        }
        // An edited payload (the level raised in the provenance) no longer matches its signature.
        var envelope = try #require(JSONSerialization.jsonObject(with: Data(lines[1].utf8)) as? [String: Any])
        let payload = String(decoding: try #require(Data(base64Encoded: envelope["payload"] as? String ?? "")), as: UTF8.self)
        envelope["payload"] = Data(payload.replacingOccurrences(of: "\"PASSED\"", with: "\"PASSED\" ").utf8).base64EncodedString()
        let edited = String(decoding: try JSONSerialization.data(withJSONObject: envelope), as: UTF8.self)
        try setNote(second.commit, lines[0] + "\n" + edited)
        let editedResult = try server.verify(second.commit, minLevel: 1)
        #expect(editedResult.status == 1 && editedResult.stdout.contains("1 note lines not signed"), "\(editedResult.output)")
        // Another key's envelopes are ignored.
        try server.box.must([Sandbox.binary, "attest", "keygen", "--out", "\(server.box.root)/other.key"])
        let otherKey = try server.box.run([Sandbox.binary, "attest", "verify", first.commit, "--repo", server.path, "--ref",
                                           "refs/heads/main", "--key", "\(server.box.root)/other.key.pub"])
        #expect(otherKey.status == 1 && otherKey.stdout.contains("no Source VSA signed by key"), "\(otherKey.output)")
        // Evidence copied onto another revision names the wrong subject.
        try setNote(first.commit, original)
        let moved = try server.verify(first.commit, minLevel: 1)
        #expect(moved.status == 1 && moved.stdout.contains("no Source VSA"), "\(moved.output)")
    }

    @Test func pushesToTheNotesRefAreRejected() throws {
        let server = try Self.makeServer()
        let first = try server.push("one")
        try server.box.must(["git", "notes", "--ref", "refs/notes/commits", "add", "-m", "{\"forged\":true}", first.commit],
                            in: server.work)
        let result = try server.box.push(server.work, "refs/notes/commits:refs/notes/commits", "--force")
        #expect(result.status != 0 && result.stderr.contains("only the server writes it"), "\(result.output)")
    }
}
