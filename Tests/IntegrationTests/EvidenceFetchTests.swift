import Foundation
import Testing

/// `attest verify REV --repo URL` in a consumer's clone that has the revision but not the evidence: the notes are
/// fetched over a real transport (git's own `git daemon`, and file://) into a throw-away repository, and the
/// clone's own notes ref is left as it was.
@Suite struct EvidenceFetchTests {
    @Test func verifyFetchesTheNotesFromAURLWithoutTouchingTheClonesNotes() throws {
        let box = try Sandbox()
        try box.must([Sandbox.binary, "attest", "keygen", "--out", "\(box.root)/attest.key"])
        let server = try box.server(policy: """
            [[rule]]
            refs = ["refs/heads/main"]
            block-force-push = true
            block-deletion = true

            [attest]
            key = "\(box.root)/attest.key"
            repository-uri = "git+ssh://git.example.com/project.git"
            verifier-id = "https://git.example.com/git-warden"
            refs = ["refs/heads/main"]
            """, name: "project.git")
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "one")
        #expect(try box.push(work, "main").status == 0)
        let tip = try box.commit(in: work, files: ["a.txt": "two\n"], message: "two")
        #expect(try box.push(work, "main").status == 0)

        // The consumer: a fresh clone (no notes), with a note of its own under the same ref name.
        let consumer = try box.clone(server, name: "consumer")
        try box.must(["git", "notes", "--ref", "refs/notes/commits", "add", "-m", "my own note", tip], in: consumer)
        let ownNotes = try box.git("rev-parse", "refs/notes/commits", in: consumer)
        let key = "\(box.root)/attest.key.pub"
        let local = try box.run([Sandbox.binary, "attest", "verify", tip, "--ref", "refs/heads/main", "--key", key], in: consumer)
        #expect(local.status == 1 && local.stdout.contains("no Source VSA"), "\(local.output)")

        let port = AuditDaemonTests.freePort()
        let daemon = try ServerHarness.spawn(["git", "daemon", "--export-all", "--reuseaddr", "--listen=127.0.0.1",
                                              "--port=\(port)", "--base-path=\(box.root)", box.root])
        defer { ServerHarness.stop(daemon) }
        #expect(ServerHarness.waitForPort(port))
        for url in ["git://127.0.0.1:\(port)/project.git", "file://\(server)"] {
            let fetched = try box.run([Sandbox.binary, "attest", "verify", "main", "--repo", url, "--ref", "refs/heads/main",
                                       "--min-level", "3", "--key", key], in: consumer)
            #expect(fetched.status == 0 && fetched.stdout.hasPrefix("PASSED: ") && fetched.stdout.contains("level 3"),
                    "\(url): \(fetched.output)")
        }
        #expect(try box.git("rev-parse", "refs/notes/commits", in: consumer) == ownNotes)
        #expect(try box.git("notes", "--ref", "refs/notes/commits", "show", tip, in: consumer) == "my own note")

        // A server without the notes ref, or none at all, is an error (exit 2), not a pass or a silent fail.
        let missing = try box.run([Sandbox.binary, "attest", "verify", tip, "--repo", "file://\(box.root)/nothing.git",
                                   "--ref", "refs/heads/main", "--key", key], in: consumer)
        #expect(missing.status == 2, "\(missing.output)")
        let noNotes = try box.run([Sandbox.binary, "attest", "verify", tip, "--repo", "git://127.0.0.1:\(port)/project.git",
                                   "--notes-ref", "refs/notes/other", "--ref", "refs/heads/main", "--key", key], in: consumer)
        #expect(noNotes.status == 2 && noNotes.stderr.contains("refs/notes/other"), "\(noNotes.output)")
    }
}
