import Foundation
import Testing

/// Real pushes through the real hook with secret scanning: what is found, what is let through, what is said.
@Suite struct SecretPushTests {
    /// Built at run time so no scanner flags this test file itself.
    static let token = "ghp_" + "R8uVQz2LwXk5Tn7pYc3HdJ0aMfGs6Bq1Ee9W"
    static let awsKey = "AKIA" + "QX7RZ2M4TW6YB3NP"

    /// A server whose main already has one accepted commit (with the policy given), and a clone of it.
    static func seeded(policy: String?) throws -> (Sandbox, server: String, work: String) {
        let box = try Sandbox()
        let server = try box.server(policy: policy)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["README": "hello\n"], message: "start")
        let first = try box.push(work, "main")
        #expect(first.status == 0, "\(first.output)")
        return (box, server, work)
    }

    @Test func secretAddedAndRemovedInOnePushIsRejectedWithRedactedDetails() throws {
        let (box, server, work) = try Self.seeded(policy: nil)
        let before = box.serverRef(server, "refs/heads/main")
        let added = try box.commit(in: work, files: ["app/config.py": "import os\n\nTOKEN = \"\(Self.token)\"\n"],
                                   message: "add config")
        try box.commit(in: work, files: ["app/config.py": "import os\n\nTOKEN = os.environ[\"TOKEN\"]\n"],
                       message: "read the token from the environment")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(box.serverRef(server, "refs/heads/main") == before)
        #expect(result.stderr.contains("secret (rule secrets)"))
        #expect(result.stderr.contains("github-pat"))
        #expect(result.stderr.contains("app/config.py:3:"))
        #expect(result.stderr.contains(String(added.prefix(12))))
        #expect(result.stderr.contains("git rebase -i"))
        #expect(result.stderr.contains("git-warden:allow"))
        #expect(!result.output.contains(Self.token), "the whole secret must never be shown")
        #expect(!(box.read("\(server)/git-warden/decisions.jsonl") ?? "").contains(Self.token))
        let violations = try box.decisions(server).last?["violations"] as? [[String: Any]]
        #expect(violations?.first?["kind"] as? String == "secret")
    }

    @Test func secretOnAnUnprotectedNewBranchIsRejected() throws {
        let (box, server, work) = try Self.seeded(policy: nil)
        try box.must(["git", "checkout", "-q", "-b", "scratch/try"], in: work)
        try box.commit(in: work, files: ["deploy.env": "AWS_ACCESS_KEY_ID=\(Self.awsKey)\n"], message: "deploy")
        let result = try box.push(work, "scratch/try")
        #expect(result.status != 0)
        #expect(result.stderr.contains("aws-access-key-id"))
        #expect(box.serverRef(server, "refs/heads/scratch/try") == nil)
        #expect(!result.output.contains(Self.awsKey))
    }

    @Test func inlineAllowMarkerLetsAFalsePositiveThroughUnlessThePolicyForbidsIt() throws {
        let (box, server, work) = try Self.seeded(policy: nil)
        try box.commit(in: work, files: ["test/fixture.py": "FAKE = \"\(Self.token)\"  # git-warden:allow\n"],
                       message: "test fixture")
        #expect(try box.push(work, "main").status == 0)

        try box.write("\(server)/git-warden.toml", "[secrets]\ninline-allow = false\n")
        try box.commit(in: work, files: ["test/other.py": "FAKE = \"\(Self.token)\"  # gitleaks:allow\n"],
                       message: "another fixture")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("test/other.py:1:"))
        #expect(!result.stderr.contains("add a comment containing git-warden:allow"))
    }

    @Test func fingerprintInTheServerIgnoreFileAcceptsTheFinding() throws {
        let (box, server, work) = try Self.seeded(policy: "[secrets]\nscan = \"enforce\"\n")
        try box.commit(in: work, files: ["docs/example.md": "token: \(Self.token)\n"], message: "docs")
        let rejected = try box.push(work, "main")
        #expect(rejected.status != 0)
        let fingerprint = try #require(rejected.stderr.firstMatch(of: /fingerprint ([0-9a-f]{32})/)?.1)
        #expect(rejected.stderr.contains("the server's ignore file") && !rejected.stderr.contains("\(server)/git-warden-ignore"))
        try box.write("\(server)/git-warden-ignore", "# reviewed by security: documentation example\n\(fingerprint)  # docs\n")
        let accepted = try box.push(work, "main")
        #expect(accepted.status == 0, "\(accepted.output)")
    }

    @Test func malformedIgnoreFileFailsClosedNamingTheLine() throws {
        let (box, server, work) = try Self.seeded(policy: nil)
        try box.write("\(server)/git-warden-ignore", "# ok\nnot-a-fingerprint\n")
        try box.commit(in: work, files: ["a.txt": "plain\n"], message: "plain change")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("git-warden-ignore:2: not a finding fingerprint: \"not-a-fingerprint\""))
    }

    @Test func evaluateModeWarnsAndOffModeIsSilent() throws {
        let (box, server, work) = try Self.seeded(policy: "[secrets]\nscan = \"evaluate\"\n")
        try box.commit(in: work, files: ["one.env": "KEY=\(Self.awsKey)\n"], message: "one")
        let warned = try box.push(work, "main")
        #expect(warned.status == 0, "\(warned.output)")
        #expect(warned.stderr.contains("evaluate mode found 1 violation"))
        #expect(warned.stderr.contains("aws-access-key-id"))

        try box.write("\(server)/git-warden.toml", "[secrets]\nscan = \"off\"\n")
        try box.commit(in: work, files: ["two.py": "T = \"\(Self.token)\"\n"], message: "two")
        let silent = try box.push(work, "main")
        #expect(silent.status == 0)
        #expect(!silent.stderr.contains("github-pat"))
    }

    @Test func onlyTheRefsNamedAreScannedAndTheirContentIsJudgedWhenItReachesOne() throws {
        let (box, server, work) = try Self.seeded(policy: "[secrets]\nrefs = [\"refs/heads/main\"]\n")
        try box.must(["git", "checkout", "-q", "-b", "wip"], in: work)
        try box.commit(in: work, files: ["wip.py": "T = \"\(Self.token)\"\n"], message: "wip")
        #expect(try box.push(work, "wip").status == 0)
        // The same commit fast-forwarded onto main was never scanned for main: it is judged now.
        try box.must(["git", "checkout", "-q", "main"], in: work)
        try box.must(["git", "merge", "-q", "--ff-only", "wip"], in: work)
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("wip.py:1:"))
        #expect(box.serverRef(server, "refs/heads/main") != box.serverRef(server, "refs/heads/wip"))
    }

    @Test func refsStarCoversEveryRefAsTheContractExampleSays() throws {
        let (box, _, work) = try Self.seeded(policy: "[secrets]\nscan = \"enforce\"\nrefs = [\"refs/*\"]\n")
        try box.must(["git", "checkout", "-q", "-b", "feature/deep/name"], in: work)
        try box.commit(in: work, files: ["x.py": "T = \"\(Self.token)\"\n"], message: "x")
        #expect(try box.push(work, "feature/deep/name").status != 0)
    }

    @Test func onlyAddedLinesAreJudgedSoAnOldSecretDoesNotBlockLaterWork() throws {
        let (box, server, work) = try Self.seeded(policy: "[secrets]\nscan = \"off\"\n")
        try box.commit(in: work, files: ["legacy.cfg": "key=\(Self.awsKey)\nname=old\n"], message: "legacy")
        #expect(try box.push(work, "main").status == 0)
        try box.write("\(server)/git-warden.toml", "[secrets]\nscan = \"enforce\"\n")
        try box.commit(in: work, files: ["legacy.cfg": "key=\(Self.awsKey)\nname=new\n"], message: "rename")
        let result = try box.push(work, "main")
        #expect(result.status == 0, "\(result.output)")
    }

    @Test func aMergeDoesNotReportTheMergedBranchsLinesASecondTime() throws {
        let (box, server, work) = try Self.seeded(policy: "[secrets]\nscan = \"evaluate\"\n")
        try box.commit(in: work, files: ["app.cfg": "a=1\nb=2\nc=3\n"], message: "config")
        #expect(try box.push(work, "main").status == 0)
        try box.must(["git", "checkout", "-q", "-b", "side"], in: work)
        try box.commit(in: work, files: ["app.cfg": "a=1\nb=2\nc=3\nkey=\(Self.awsKey)\n"], message: "side adds a key")
        try box.must(["git", "checkout", "-q", "main"], in: work)
        try box.commit(in: work, files: ["app.cfg": "a=10\nb=2\nc=3\n"], message: "main changes a")
        try box.must(["git", "merge", "-q", "--no-ff", "-m", "merge side", "side"], in: work)
        // The merged file differs from both parents; its key line is new only relative to main.
        #expect(try box.git("show", "HEAD:app.cfg", in: work).contains("a=10"))
        let result = try box.push(work, "main")
        #expect(result.status == 0, "\(result.output)")
        let warnings = try box.decisions(server).last?["warnings"] as? [[String: Any]] ?? []
        #expect(warnings.count == 1)
        #expect(warnings.first?["object"] as? String == (try box.git("rev-parse", "side", in: work)))
    }

    @Test func blobNamedDirectlyByARefIsScanned() throws {
        let (box, _, work) = try Self.seeded(policy: nil)
        try box.write("\(work)/loose.txt", "password token \(Self.token)\n")
        let blob = try box.git("hash-object", "-w", "loose.txt", in: work)
        let result = try box.run(["git", "push", "origin", "\(blob):refs/blobs/loose"], in: work)
        #expect(result.status != 0)
        #expect(result.stderr.contains("blob \(blob.prefix(10))"))
    }

    @Test func extraRulesFromAGitleaksConfigBesideThePolicyAreUsed() throws {
        let (box, server, work) = try Self.seeded(policy: nil)
        try box.write("\(server)/secrets.toml", """
            [extend]
            useDefault = true

            [[rules]]
            id = "acme-internal-token"
            description = "ACME internal service token"
            regex = '''acme_tok_[a-z0-9]{24}'''
            keywords = ["acme_tok_"]
            """)
        try box.write("\(server)/git-warden.toml", "[secrets]\nconfig = \"secrets.toml\"\n")
        try box.commit(in: work, files: ["svc.yaml": "auth: acme_tok_\("k3j9x0q7w2e8r5t1y6u4i0p2")\n"], message: "svc")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("acme-internal-token"))

        try box.write("\(server)/git-warden.toml", "[secrets]\nconfig = \"missing.toml\"\n")
        let missing = try box.push(work, "main")
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("missing.toml") && !missing.stderr.contains("\(server)/missing.toml"))
        #expect(missing.stderr.contains("REJECTED (the guard fails closed)"))
    }

    @Test func contentOverTheScanCapIsScannedUpToItAndThePusherIsTold() throws {
        let (box, _, work) = try Self.seeded(policy: "[secrets]\nmax-scan-size = \"1 KiB\"\n")
        let filler = String(repeating: "lorem ipsum dolor sit amet\n", count: 200)
        try box.commit(in: work, files: ["big.txt": "T = \"\(Self.token)\"\n" + filler], message: "big")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("only the first 1024 of"))
        #expect(result.stderr.contains("github-pat"))
    }
}
