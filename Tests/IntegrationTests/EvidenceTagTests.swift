import Foundation
import Testing

/// Evidence for tags through real pushes: an annotated or signed tag's provenance and VSA name the tag object
/// (`gitTag`) and the tag's name, hang on the tag object, and `attest verify TAG` checks them.
@Suite struct EvidenceTagTests {
    static func policy(_ box: Sandbox) -> String {
        """
        [[rule]]
        id = "protect"
        refs = ["refs/heads/main", "refs/tags/**"]
        block-force-push = true
        block-deletion = true

        [attest]
        key = "\(box.root)/attest.key"
        repository-uri = "git+ssh://git.example.com/project.git"
        verifier-id = "https://git.example.com/git-warden"
        refs = ["refs/heads/main", "refs/tags/**"]
        """
    }

    func statements(_ box: Sandbox, server: String, object: String) throws -> [[String: Any]] {
        let note = try box.must(["git", "notes", "--ref", "refs/notes/commits", "show", object], in: server)
        return try note.split(separator: "\n").map { line in
            let envelope = try #require(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let payload = try #require(Data(base64Encoded: envelope["payload"] as? String ?? ""))
            return try #require(JSONSerialization.jsonObject(with: payload) as? [String: Any])
        }
    }

    @Test func annotatedAndSignedTagsGetEvidenceNamingTheTag() throws {
        let box = try Sandbox()
        try box.must([Sandbox.binary, "attest", "keygen", "--out", "\(box.root)/attest.key"])
        let server = try box.server(policy: Self.policy(box))
        let work = try box.clone(server)
        let commit = try box.commit(in: work, files: ["a.txt": "one\n"], message: "one")
        #expect(try box.push(work, "main").status == 0)

        try box.git("tag", "-a", "v1.0", "-m", "release 1.0", in: work)
        try box.must(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "ada", "-f", "\(box.root)/signing"])
        try box.must(["git", "-c", "gpg.format=ssh", "-c", "user.signingkey=\(box.root)/signing", "tag", "-s", "v1.1",
                      "-m", "release 1.1"], in: work)
        try box.git("tag", "v1-light", in: work)
        let pushed = try box.push(work, "v1.0", "v1.1", "v1-light")
        #expect(pushed.status == 0, "\(pushed.output)")
        #expect(pushed.stderr.contains("evidence for refs/tags/v1.0: SLSA source level 3"), "\(pushed.output)")

        for name in ["v1.0", "v1.1"] {
            let tagObject = try box.git("rev-parse", "refs/tags/\(name)", in: server)
            #expect(tagObject != commit)
            let both = try statements(box, server: server, object: tagObject)
            #expect(both.count == 2)
            for statement in both {
                let subject = try #require((statement["subject"] as? [[String: Any]])?.first)
                #expect(subject["name"] as? String == name)
                #expect(subject["digest"] as? [String: String] == ["gitTag": tagObject])
            }
            let tag = (both[0]["predicate"] as? [String: Any])?["tag"] as? [String: Any]
            #expect(tag?["name"] as? String == name && tag?["target"] as? String == commit && tag?["targetKind"] as? String == "commit")
            let verified = try box.run([Sandbox.binary, "attest", "verify", name, "--repo", server, "--ref", "refs/tags/\(name)",
                                        "--min-level", "3", "--key", "\(box.root)/attest.key.pub"])
            #expect(verified.status == 0 && verified.stdout.contains("level 3"), "\(verified.output)")
            // The commit it tags holds no evidence for the tag ref: the tag object is the subject.
            let byCommit = try box.run([Sandbox.binary, "attest", "verify", commit, "--repo", server, "--ref",
                                        "refs/tags/\(name)", "--key", "\(box.root)/attest.key.pub"])
            #expect(byCommit.status == 1 && byCommit.stdout.contains("no Source VSA"), "\(byCommit.output)")
        }
        // The audit reads tag evidence as the writer names it: no tag is missing evidence or breaks a chain.
        let audit = try box.run([Sandbox.binary, "audit", server, "--no-store", "--format", "json"])
        #expect(!audit.stdout.contains("\"evidence.missing\"") && !audit.stdout.contains("\"evidence.chain-broken\"")
                && audit.stdout.contains("\"checkID\""), "\(audit.output)")
        // A lightweight tag names the commit itself.
        let light = try box.run([Sandbox.binary, "attest", "verify", "v1-light", "--repo", server, "--ref", "refs/tags/v1-light",
                                 "--min-level", "3", "--key", "\(box.root)/attest.key.pub"])
        #expect(light.status == 0, "\(light.output)")
    }
}
