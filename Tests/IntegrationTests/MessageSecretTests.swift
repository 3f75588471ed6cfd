import Foundation
import Testing

/// Secrets in commit and tag messages: scanned with the same rules, fingerprints and allow mechanisms as file
/// content, at the server hook, at pre-push, in commit-msg and in `scan --range` / `--history`.
@Suite struct MessageSecretTests {
    static let token = SecretPushTests.token
    static let awsKey = SecretPushTests.awsKey

    @Test func aSecretInACommitMessageRejectsThePushRedacted() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        let before = box.serverRef(server, "refs/heads/main")
        let commit = try box.commit(in: work, files: ["a.txt": "plain\n"],
                                    message: "deploy fix\n\nused token \(Self.token) to test")
        let result = try box.push(work, "main")
        #expect(result.status != 0, "\(result.output)")
        #expect(box.serverRef(server, "refs/heads/main") == before)
        #expect(result.stderr.contains("github-pat"))
        #expect(result.stderr.contains("commit-message:3:12"))
        #expect(result.stderr.contains("in commit \(commit.prefix(12))"))
        #expect(result.stderr.contains("mark the commit 'reword'"))
        #expect(!result.output.contains(Self.token))
        let log = box.read("\(server)/git-warden/decisions.jsonl") ?? ""
        #expect(!log.contains(Self.token))
        let violation = try #require((try box.decisions(server).last?["violations"] as? [[String: Any]])?.first)
        #expect(violation["path"] as? String == "commit-message")
        #expect(violation["object"] as? String == commit)
    }

    @Test func aSecretInAnEarlierCommitsMessageIsFoundToo() throws {
        let (box, _, work) = try SecretPushTests.seeded(policy: nil)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "key \(Self.awsKey)")
        try box.commit(in: work, files: ["a.txt": "two\n"], message: "clean")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("aws-access-key-id"))
        #expect(result.stderr.contains("commit-message:1:"))
    }

    @Test func aSecretInATagMessageRejectsTheTag() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        try box.must(["git", "tag", "-a", "v1.0", "-m", "release\n\nAWS_ACCESS_KEY_ID=\(Self.awsKey)"], in: work)
        let tag = try box.git("rev-parse", "v1.0", in: work)
        let result = try box.push(work, "refs/tags/v1.0")
        #expect(result.status != 0, "\(result.output)")
        #expect(result.stderr.contains("tag-message:3:"))
        #expect(result.stderr.contains("in tag \(tag.prefix(12))"))
        #expect(!result.output.contains(Self.awsKey))
        #expect(box.serverRef(server, "refs/tags/v1.0") == nil)
    }

    @Test func aSignedTagsSignatureIsNotPartOfItsMessage() throws {
        // A tag message's scan ends where git's signature begins: the armor is not the tagger's text.
        let (box, _, work) = try SecretPushTests.seeded(policy: nil)
        let raw = "object \(try box.git("rev-parse", "HEAD", in: work))\ntype commit\ntag v2\n"
            + "tagger Ada <ada@example.com> 1700000000 +0000\n\nrelease 2\n"
            + "-----BEGIN PGP SIGNATURE-----\n\nAWS_ACCESS_KEY_ID=\(Self.awsKey)\n-----END PGP SIGNATURE-----\n"
        let tag = try box.must(["git", "hash-object", "-t", "tag", "-w", "--stdin"], in: work, input: raw)
        let result = try box.run(["git", "push", "origin", "\(tag):refs/tags/v2"], in: work)
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func allowMarkersAndTheIgnoreFileWorkForMessages() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        try box.commit(in: work, files: ["a.txt": "x\n"], message: "test data \(Self.token) git-warden:allow")
        #expect(try box.push(work, "main").status == 0)
        try box.commit(in: work, files: ["a.txt": "y\n"], message: "again \(Self.token)")
        let rejected = try box.push(work, "main")
        #expect(rejected.status != 0)
        let fingerprint = try #require(rejected.stderr.firstMatch(of: /fingerprint ([0-9a-f]{32})/)?.1)
        try box.write("\(server)/git-warden-ignore", "\(fingerprint)\n")
        let accepted = try box.push(work, "main")
        #expect(accepted.status == 0, "\(accepted.output)")
    }

    @Test func commitMsgHookRefusesASecretInTheMessage() throws {
        let (box, work) = try ClientHookTests.repository()
        try box.write("\(work)/a.txt", "a\n")
        try box.must(["git", "add", "a.txt"], in: work)
        let result = try box.run(["git", "commit", "-m", "subject\n\nmy token is \(Self.token)"], in: work)
        #expect(result.status != 0)
        #expect(result.stderr.contains("git-warden commit-msg: REFUSED"))
        #expect(result.stderr.contains("commit-message:3:13"))
        #expect(!result.output.contains(Self.token))
        #expect((try? box.git("rev-parse", "--verify", "-q", "HEAD", in: work)) == nil)
        // A comment line is not part of the stored message: not judged.
        try box.write("\(work)/msg.txt", "subject\n# \(Self.token)\n")
        try box.must(["git", "commit", "-q", "-F", "msg.txt", "--cleanup=strip"], in: work)
    }

    @Test func prePushHookRefusesACommitWhoseMessageHoldsASecret() throws {
        let (box, work) = try ClientHookTests.repository()
        try box.commit(in: work, files: ["a.txt": "a\n"], message: "start")
        try box.must(["git", "push", "-q", "origin", "main"], in: work)
        try box.write("\(work)/a.txt", "b\n")
        try box.must(["git", "add", "a.txt"], in: work)
        try box.must(["git", "commit", "-q", "--no-verify", "-m", "key \(Self.awsKey)"], in: work)
        let result = try box.run(["git", "push", "origin", "main"], in: work)
        #expect(result.status != 0)
        #expect(result.stderr.contains("git-warden pre-push: REFUSED"))
        #expect(result.stderr.contains("commit-message:1:"))
        #expect(!result.output.contains(Self.awsKey))
    }

    @Test func rangeAndHistoryScansReportMessageSecretsOnceAtTheOldestCommit() throws {
        let box = try Sandbox()
        let repo = "\(box.root)/repo"
        try box.must(["git", "init", "-q", repo])
        let base = try box.commit(in: repo, files: ["a.txt": "a\n"], message: "base")
        let first = try box.commit(in: repo, files: ["a.txt": "b\n"], message: "token \(Self.token)")
        try box.commit(in: repo, files: ["a.txt": "c\n"], message: "revert of: token \(Self.token)")
        try box.must(["git", "tag", "-a", "v1", "-m", "AWS_ACCESS_KEY_ID=\(Self.awsKey)"], in: repo)
        let tag = try box.git("rev-parse", "v1", in: repo)

        let range = try ScanFixtures.scan(box, ["scan", "--range", "\(base)..HEAD", "--format", "json"], in: repo)
        #expect(range.status == 1, "\(range.output)")
        #expect(!range.output.contains(Self.token))
        let rangeFindings = ScanFixtures.findings(try ScanFixtures.json(range.stdout))
        #expect(rangeFindings.count == 1)
        #expect(rangeFindings.first?["path"] as? String == "commit-message")
        #expect(rangeFindings.first?["commit"] as? String == first)

        let history = try ScanFixtures.scan(box, ["scan", "--history", "--format", "json"], in: repo)
        #expect(history.status == 1, "\(history.output)")
        #expect(!history.output.contains(Self.token) && !history.output.contains(Self.awsKey))
        let findings = ScanFixtures.findings(try ScanFixtures.json(history.stdout))
        #expect(findings.count == 2)
        #expect(findings.contains { $0["path"] as? String == "commit-message" && $0["commit"] as? String == first })
        #expect(findings.contains { $0["path"] as? String == "tag-message" && $0["commit"] as? String == tag
            && $0["line"] as? Int == 1 })
        let text = try ScanFixtures.scan(box, ["scan", "--history"], in: repo)
        #expect(!text.output.contains(Self.token) && !text.output.contains(Self.awsKey))
    }
}
