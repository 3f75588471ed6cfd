import Foundation
import Testing

/// Real pushes through the real hook: rules about the content of new commits.
@Suite struct ContentRuleTests {
    static func policy(_ body: String) -> String {
        "[[rule]]\nid = \"content\"\nrefs = [\"refs/heads/main\", \"refs/heads/release/*\", \"refs/blobs/*\"]\n" + body
    }

    /// A server whose main already has one accepted commit, and a clone of it.
    static func seeded(_ policyBody: String) throws -> (Sandbox, server: String, work: String) {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["README": "hello\n"], message: "feat: start")
        #expect(try box.push(work, "main").status == 0)
        try box.write("\(server)/git-warden.toml", policy(policyBody))
        return (box, server, work)
    }

    @Test func mergeCommitRejectedUnderLinearHistory() throws {
        let (box, _, work) = try Self.seeded("require-linear-history = true\n")
        try box.must(["git", "checkout", "-q", "-b", "side"], in: work)
        try box.commit(in: work, files: ["side.txt": "s\n"], message: "side work")
        try box.must(["git", "checkout", "-q", "main"], in: work)
        try box.commit(in: work, files: ["main.txt": "m\n"], message: "main work")
        try box.must(["git", "merge", "-q", "--no-ff", "-m", "Merge side", "side"], in: work)
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("merge-commit (rule content)"))
        #expect(result.stderr.contains("Merge side"))
        // The same work rebased is accepted.
        try box.must(["git", "reset", "-q", "--hard", "HEAD~1"], in: work)
        try box.must(["git", "rebase", "-q", "side"], in: work)
        #expect(try box.push(work, "main").status == 0)
    }

    @Test func oversizedBlobRejected() throws {
        let (box, _, work) = try Self.seeded("max-file-size = \"1 KiB\"\n")
        try box.commit(in: work, files: ["big.bin": String(repeating: "x", count: 4096)], message: "add big")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("big.bin is 4.0 KiB, over the 1.0 KiB limit"))
    }

    @Test func forbiddenPathRejectedEvenWhenRemovedAgainInTheSamePush() throws {
        let (box, _, work) = try Self.seeded("forbidden-paths = [\"*.pem\", \"secrets/**\"]\n")
        try box.commit(in: work, files: ["config/server.pem": "key\n"], message: "add key")
        try box.must(["git", "rm", "-q", "config/server.pem"], in: work)
        try box.commit(in: work, files: [:], message: "remove key")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("config/server.pem matches forbidden path *.pem"))
        #expect(result.stderr.contains("not just from the tip"))
    }

    @Test func badCommitMessageRejected() throws {
        let (box, _, work) = try Self.seeded("commit-message-pattern = \"^(feat|fix|docs|chore)(\\\\(.+\\\\))?: .+\"\n")
        try box.commit(in: work, files: ["a": "1\n"], message: "fix(core): fine")
        try box.commit(in: work, files: ["a": "2\n"], message: "wip")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("message \"wip\" does not match"))
        #expect(!result.stderr.contains("fix(core): fine\" does not match"))
    }

    @Test func badAuthorEmailRejected() throws {
        let (box, _, work) = try Self.seeded("author-email-pattern = \"@example\\\\.com$\"\n")
        try box.commit(in: work, files: ["a": "1\n"], message: "feat: x",
                       extraEnvironment: ["GIT_AUTHOR_EMAIL": "ada@gmail.com"])
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("author email <ada@gmail.com> does not match"))
    }

    @Test func commitsFirstPushedToAnUnprotectedBranchAreJudgedWhenTheyReachAProtectedOne() throws {
        let (box, server, work) = try Self.seeded("forbidden-paths = [\"*.pem\"]\n")
        try box.must(["git", "checkout", "-q", "-b", "feature"], in: work)
        try box.commit(in: work, files: ["id.pem": "key\n"], message: "add key")
        #expect(try box.push(work, "feature").status == 0)
        // Creating a protected branch from it, and fast-forwarding main to it, both bring the commit in.
        let creation = try box.push(work, "feature:refs/heads/release/1")
        #expect(creation.status != 0)
        #expect(creation.stderr.contains("id.pem matches forbidden path"))
        let update = try box.push(work, "feature:main")
        #expect(update.status != 0)
        #expect(box.serverRef(server, "refs/heads/release/1") == nil)
    }

    @Test func refsNamingBlobsAndTreesAreChecked() throws {
        let (box, _, work) = try Self.seeded("max-file-size = 100\nforbidden-paths = [\"*.pem\"]\n")
        try box.write("\(work)/large", String(repeating: "y", count: 500))
        let blob = try box.git("hash-object", "-w", "large", in: work)
        let blobPush = try box.push(work, "\(blob):refs/blobs/large")
        #expect(blobPush.status != 0)
        #expect(blobPush.stderr.contains("blob \(blob.prefix(10))"))
        try box.write("\(work)/k.pem", "key")
        try box.must(["git", "add", "k.pem"], in: work)
        let tree = try box.git("write-tree", in: work)
        let treePush = try box.push(work, "\(tree):refs/blobs/tree")
        #expect(treePush.status != 0)
        #expect(treePush.stderr.contains("k.pem matches forbidden path"))
    }

    @Test func evaluateModeAcceptsAndLogs() throws {
        let (box, server, work) = try Self.seeded("commit-message-pattern = \"^feat: \"\nmode = \"evaluate\"\n")
        let head = try box.commit(in: work, files: ["a": "1\n"], message: "no convention")
        let result = try box.push(work, "main")
        #expect(result.status == 0)
        #expect(result.stderr.contains("evaluate mode found 1 violation"))
        #expect(box.serverRef(server, "refs/heads/main") == head)
        let last = try #require(try box.decisions(server).last)
        #expect(last["outcome"] as? String == "accepted")
        let warnings = try #require(last["warnings"] as? [[String: Any]])
        #expect(warnings.first?["kind"] as? String == "commit-message")
        #expect(warnings.first?["object"] as? String == head)
    }
}
