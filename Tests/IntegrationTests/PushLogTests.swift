import Foundation
import Testing

/// The push log through real pushes and the real CLI: every decision and landed record is chained, `log verify`
/// names tampering, `log show` answers who moved what, and the checkpoint is signed with the `[attest]` key.
@Suite struct PushLogCommandTests {
    static let policy = """
    [[rule]]
    id = "protect-main"
    refs = ["refs/heads/main"]
    block-force-push = true
    block-deletion = true
    """

    /// Pushes that leave accepted, landed and rejected entries.
    func pushes(_ box: Sandbox, server: String) throws {
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        #expect(try box.push(work, "main", pusher: "ada").status == 0)
        try box.commit(in: work, files: ["a.txt": "two\n"], message: "second")
        #expect(try box.push(work, "main", pusher: "bob").status == 0)
        #expect(try box.push(work, ":main", pusher: "eve").status != 0)
    }

    @Test func realPushesFormAChainThatVerifiesAndShows() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.policy)
        try pushes(box, server: server)
        let lines = try box.logLines(server)
        #expect(lines.count == 5)  // two accepted + two landed + one rejected
        #expect(lines.map { $0["seq"] as? Int } == [1, 2, 3, 4, 5])
        let verified = try box.run([Sandbox.binary, "log", "verify", server])
        #expect(verified.status == 0 && verified.stdout.contains("push log OK: 5 entries"), "\(verified.output)")
        #expect(verified.stdout.contains("checkpoint at entry 5 matches"))

        let rejected = try box.must([Sandbox.binary, "log", "show", server, "--outcome", "rejected"])
        #expect(rejected.contains("#5 ") && rejected.contains("eve REJECTED refs/heads/main"), "\(rejected)")
        #expect(rejected.contains("protect-main"))
        let byBob = try box.must([Sandbox.binary, "log", "show", server, "--pusher", "bob", "--format", "json"])
        #expect(byBob.split(separator: "\n").count == 2)  // bob's decision and what landed
        #expect(try box.must([Sandbox.binary, "log", "show", server, "--ref", "refs/heads/other"]).isEmpty)
        #expect(try box.must([Sandbox.binary, "log", "show", server, "--since", "2999-01-01"]).isEmpty)
        #expect(try box.run([Sandbox.binary, "log", "show", server, "--since", "yesterday"]).status != 0)
    }

    @Test func tamperingIsNamedByLogVerify() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.policy)
        try pushes(box, server: server)
        let file = "\(server)/git-warden/decisions.jsonl"
        let original = try #require(box.read(file))
        var lines = original.split(separator: "\n").map(String.init)
        lines[1] = lines[1].replacingOccurrences(of: "\"pusher\":\"ada\"", with: "\"pusher\":\"mallory\"")
        try box.write(file, lines.joined(separator: "\n") + "\n")
        let edited = try box.run([Sandbox.binary, "log", "verify", server])
        #expect(edited.status == 1 && edited.stdout.contains("BROKEN at entry 2: entry 2 was altered"), "\(edited.output)")

        try box.write(file, original.split(separator: "\n").prefix(3).joined(separator: "\n") + "\n")
        let truncated = try box.run([Sandbox.binary, "log", "verify", server])
        #expect(truncated.status == 1 && truncated.stdout.contains("entries 4-5 were removed"), "\(truncated.output)")
    }

    @Test func theCheckpointIsSignedWithTheAttestKey() throws {
        let box = try Sandbox()
        let keygen = try box.must([Sandbox.binary, "attest", "keygen", "--out", "\(box.root)/attest.key"])
        #expect(keygen.contains("key id:"))
        var status = stat()
        #expect(stat("\(box.root)/attest.key", &status) == 0 && status.st_mode & 0o777 == 0o600)
        #expect(try box.run([Sandbox.binary, "attest", "keygen", "--out", "\(box.root)/attest.key"]).status != 0)
        try box.must([Sandbox.binary, "attest", "keygen", "--type", "p256", "--out", "\(box.root)/other.key"])
        let server = try box.server(policy: Self.policy + """

        [attest]
        key = "\(box.root)/attest.key"
        repository-uri = "git+ssh://git.example.com/project.git"
        verifier-id = "https://git.example.com/git-warden"
        refs = ["refs/heads/main"]
        """)
        try pushes(box, server: server)
        let signed = try box.run([Sandbox.binary, "log", "verify", server, "--key", "\(box.root)/attest.key.pub"])
        #expect(signed.status == 0 && signed.stdout.contains("signed checkpoint at entry 5 verified"), "\(signed.output)")
        let otherKey = try box.run([Sandbox.binary, "log", "verify", server, "--key", "\(box.root)/other.key.pub"])
        #expect(otherKey.status == 1 && otherKey.stdout.contains("no valid signature"), "\(otherKey.output)")
        // Whoever rewrites the log cannot re-sign the checkpoint.
        let file = "\(server)/git-warden/decisions.jsonl"
        let lines = try #require(box.read(file)).split(separator: "\n")
        try box.write(file, lines.dropLast().joined(separator: "\n") + "\n")
        let cut = try box.run([Sandbox.binary, "log", "verify", server, "--key", "\(box.root)/attest.key.pub"])
        #expect(cut.status == 1 && cut.stdout.contains("entry 5 was removed"), "\(cut.output)")
    }
}
