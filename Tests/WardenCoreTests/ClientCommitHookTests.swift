import Foundation
import Testing
@testable import WardenCore

/// The pre-commit and commit-msg doors in-process, on a real work tree whose index and config real git wrote.
@Suite struct ClientCommitHookTests {
    /// A work tree with one commit on main and `policy` as its .git-warden.toml.
    static func work(policy: String) throws -> (HookFixture, work: String, environment: [String: String]) {
        let fixture = try HookFixture()
        let work = try fixture.work(policy: policy)
        try fixture.write("\(work)/README", "hello\n")
        try fixture.git(["add", "README"], in: work)
        try fixture.git(["commit", "-q", "-m", "start"], in: work)
        var environment = fixture.base
        environment["GIT_DIR"] = work + "/.git"
        return (fixture, work, environment)
    }

    @Test func preCommitRefusesAStagedSecretAndLetsCleanContentGo() throws {
        let (fixture, work, environment) = try Self.work(policy: "")
        try fixture.write("\(work)/settings.py", "DEBUG = True\nTOKEN = \"\(Synthetic.token)\"\n")
        try fixture.git(["add", "settings.py"], in: work)
        let refused = Lines()
        #expect(PreCommitHook(environment: environment, output: refused.sink).run() == 1)
        #expect(refused.text.contains("git-warden pre-commit: REFUSED (1 violation)"), "\(refused.text)")
        #expect(refused.text.contains("settings.py:2:"))
        #expect(refused.text.contains("git commit --no-verify"))
        #expect(!refused.text.contains(Synthetic.token))

        try fixture.write("\(work)/settings.py", "DEBUG = True\nTOKEN = os.environ[\"TOKEN\"]\n")
        try fixture.git(["add", "settings.py"], in: work)
        let clean = Lines()
        #expect(PreCommitHook(environment: environment, output: clean.sink).run() == 0)
        #expect(clean.all.isEmpty, "\(clean.text)")
    }

    /// Only what pre-commit can know is judged: a message rule waits for commit-msg, a forbidden path does not.
    @Test func preCommitJudgesFilesNotMessages() throws {
        let (fixture, work, environment) = try Self.work(policy: """
            [[rule]]
            id = "main"
            refs = ["refs/heads/main"]
            forbidden-paths = ["**/*.pem"]
            commit-message-pattern = "^feat: "
            """)
        try fixture.write("\(work)/notes.txt", "fine\n")
        try fixture.git(["add", "notes.txt"], in: work)
        let fine = Lines()
        #expect(PreCommitHook(environment: environment, output: fine.sink).run() == 0, "\(fine.text)")
        try fixture.write("\(work)/keys/server.pem", "not really a key\n")
        try fixture.git(["add", "keys/server.pem"], in: work)
        let refused = Lines()
        #expect(PreCommitHook(environment: environment, output: refused.sink).run() == 1)
        #expect(refused.text.contains("keys/server.pem"), "\(refused.text)")
    }

    @Test func preCommitFailsClosedOnABrokenPolicy() throws {
        let (fixture, _, environment) = try Self.work(policy: "[[rule]\n")
        defer { withExtendedLifetime(fixture) {} }
        let lines = Lines()
        #expect(PreCommitHook(environment: environment, output: lines.sink).run() == 1)
        #expect(lines.text.contains("git-warden pre-commit: could not check this commit: invalid policy"), "\(lines.text)")
        #expect(lines.text.contains("nothing was committed"))
    }

    static let messageRule = """
        [[rule]]
        id = "conventional"
        refs = ["refs/heads/main"]
        commit-message-pattern = "^(feat|fix): "
        """

    @Test func commitMsgJudgesTheCleanedMessage() throws {
        let (fixture, _, environment) = try Self.work(policy: Self.messageRule)
        let file = fixture.root + "/COMMIT_EDITMSG"
        try fixture.write(file, "# a comment git drops\nfeat: a change\n")
        let fine = Lines()
        #expect(CommitMessageHook(environment: environment, output: fine.sink).run(messageFile: file) == 0, "\(fine.text)")

        try fixture.write(file, "a change\n# feat: in a comment does not count\n")
        let refused = Lines()
        #expect(CommitMessageHook(environment: environment, output: refused.sink).run(messageFile: file) == 1)
        #expect(refused.text.contains("git-warden commit-msg: REFUSED"), "\(refused.text)")
        #expect(refused.text.contains("your message is kept in \(file)"))

        try fixture.write(file, "fix: rotate\n\nold value was \(Synthetic.token)\n")
        let secret = Lines()
        #expect(CommitMessageHook(environment: environment, output: secret.sink).run(messageFile: file) == 1)
        #expect(secret.text.contains("commit-message"), "\(secret.text)")
        #expect(!secret.text.contains(Synthetic.token))
    }

    @Test func commitMsgFailsClosedWhenTheMessageCannotBeRead() throws {
        let (fixture, _, environment) = try Self.work(policy: Self.messageRule)
        let lines = Lines()
        let missing = fixture.root + "/no-such-message"
        #expect(CommitMessageHook(environment: environment, output: lines.sink).run(messageFile: missing) == 1)
        #expect(lines.text == "git-warden commit-msg: could not check the message: cannot read the commit message file \(missing)")
    }
}
