import Foundation
import Testing

/// Real pushes through the real hook: protected-ref rules.
@Suite struct ProtectedRefTests {
    static let protectMain = """
    [[rule]]
    id = "protect-main"
    refs = ["refs/heads/main", "refs/tags/**"]
    block-force-push = true
    block-deletion = true
    """

    @Test func fastForwardIsAcceptedAndForcePushRejected() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.protectMain)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        #expect(try box.push(work, "main").status == 0)
        let second = try box.commit(in: work, files: ["a.txt": "two\n"], message: "second")
        #expect(try box.push(work, "main").status == 0)
        #expect(box.serverRef(server, "refs/heads/main") == second)

        try box.must(["git", "reset", "-q", "--hard", "HEAD~1"], in: work)
        try box.commit(in: work, files: ["b.txt": "other\n"], message: "rewritten")
        let forced = try box.push(work, "--force", "main")
        #expect(forced.status != 0)
        #expect(forced.stderr.contains("refs/heads/main: force-push (rule protect-main)"))
        #expect(forced.stderr.contains("fix: "))
        #expect(box.serverRef(server, "refs/heads/main") == second)
    }

    @Test func deletionOfProtectedBranchIsRejected() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.protectMain)
        let work = try box.clone(server)
        let head = try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        #expect(try box.push(work, "main").status == 0)
        let deletion = try box.push(work, ":main")
        #expect(deletion.status != 0)
        #expect(deletion.stderr.contains("deletion (rule protect-main)"))
        #expect(box.serverRef(server, "refs/heads/main") == head)
    }

    @Test func unprotectedBranchesCanBeCreatedRewrittenAndDeleted() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.protectMain)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        #expect(try box.push(work, "main").status == 0)
        try box.must(["git", "checkout", "-q", "-b", "feature"], in: work)
        try box.commit(in: work, files: ["f.txt": "x\n"], message: "feature work")
        #expect(try box.push(work, "feature").status == 0)
        try box.must(["git", "commit", "-q", "--amend", "-m", "feature work, amended"], in: work)
        #expect(try box.push(work, "--force", "feature").status == 0)
        #expect(try box.push(work, ":feature").status == 0)
        #expect(box.serverRef(server, "refs/heads/feature") == nil)
    }

    @Test func onePushOfTwoRefsIsJudgedAsAWhole() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.protectMain)
        let work = try box.clone(server)
        let first = try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        try box.commit(in: work, files: ["a.txt": "two\n"], message: "second")
        #expect(try box.push(work, "main").status == 0)
        // main is rewound (a force push) while a new branch is created in the same push.
        try box.must(["git", "branch", "topic", "HEAD"], in: work)
        try box.must(["git", "reset", "-q", "--hard", first], in: work)
        let result = try box.push(work, "--force", "--atomic", "main", "topic")
        #expect(result.status != 0)
        #expect(box.serverRef(server, "refs/heads/topic") == nil)
        // Without --atomic git still sends both updates to one pre-receive run, which rejects them all.
        let nonAtomic = try box.push(work, "--force", "main", "topic")
        #expect(nonAtomic.status != 0)
        #expect(box.serverRef(server, "refs/heads/topic") == nil)
    }

    @Test func movingAProtectedTagIsRejected() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.protectMain)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        try box.must(["git", "tag", "-a", "-m", "release 1", "v1"], in: work)
        #expect(try box.push(work, "main", "v1").status == 0)
        try box.commit(in: work, files: ["a.txt": "two\n"], message: "second")
        try box.must(["git", "tag", "-f", "-a", "-m", "release 1 again", "v1"], in: work)
        let moved = try box.push(work, "--force", "refs/tags/v1")
        #expect(moved.status != 0)
        #expect(moved.stderr.contains("moving an existing tag is not allowed"))
    }

    @Test func creationCanBeBlockedExceptForNamedCreators() throws {
        let box = try Sandbox()
        let server = try box.server(policy: """
        [[rule]]
        id = "releases"
        refs = ["refs/heads/release/*"]
        block-creation = true
        creators = ["release-bot"]
        """)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        let byAda = try box.push(work, "HEAD:refs/heads/release/1.0")
        #expect(byAda.status != 0)
        #expect(byAda.stderr.contains("creation (rule releases)"))
        #expect(try box.push(work, "HEAD:refs/heads/release/1.0", pusher: "release-bot").status == 0)
    }

    @Test func pusherNotListedIsRejected() throws {
        let box = try Sandbox()
        let server = try box.server(policy: """
        [[rule]]
        id = "maintainers"
        refs = ["refs/heads/main"]
        pushers = ["alice", "ci-bot"]
        """)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        let mallory = try box.push(work, "main", pusher: "mallory")
        #expect(mallory.status != 0)
        #expect(mallory.stderr.contains("pusher 'mallory' may not update this ref"))
        #expect(try box.push(work, "main", pusher: "alice").status == 0)
        // Forge variables are honoured when the explicit override is absent.
        try box.commit(in: work, files: ["a.txt": "two\n"], message: "second")
        let viaGitLab = try box.run(["git", "push", "origin", "main"], in: work,
                                    extraEnvironment: ["GIT_WARDEN_PUSHER": "", "GL_USERNAME": "ci-bot"])
        #expect(viaGitLab.status == 0)
        let decisions = try box.decisions(server)
        #expect(decisions.last?["pusher"] as? String == "ci-bot")
        #expect(decisions.last?["pusherSource"] as? String == "GL_USERNAME")
    }

    @Test func embeddedDefaultPolicyProtectsMainWhenNoPolicyExists() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a.txt": "one\n"], message: "first")
        #expect(try box.push(work, "main").status == 0)
        try box.must(["git", "commit", "-q", "--amend", "-m", "rewritten"], in: work)
        let forced = try box.push(work, "--force", "main")
        #expect(forced.status != 0)
        #expect(forced.stderr.contains("rule default-branch"))
        #expect(forced.stderr.contains("(embedded default policy)"))
    }
}
