import Foundation
import GitKit
import Testing
@testable import WardenCore

/// The pre-push door in-process: git's pre-push lines become the remote's ref updates directly (no pre-receive
/// text in between), and the client judges them as the server would, leaving to the server what only it knows.
@Suite struct PrePushHookTests {
    static let a = String(repeating: "a", count: 40)
    static let b = String(repeating: "b", count: 40)
    static let c = String(repeating: "c", count: 40)
    static let zero = HookFixture.zero

    @Test func linesBecomeUpdatesOfTheRemotesRefs() throws {
        let input = """
        refs/heads/main \(Self.a) refs/heads/main \(Self.b)
        (delete) \(Self.zero) refs/heads/old \(Self.c)
        refs/heads/topic \(Self.a) refs/heads/new-topic \(Self.zero)

        """
        let updates = try PrePushHook.updates(input)
        #expect(updates == [
            RefUpdateLine(old: try ObjectID(hex: Self.b), new: try ObjectID(hex: Self.a), ref: "refs/heads/main"),
            RefUpdateLine(old: try ObjectID(hex: Self.c), new: .zero, ref: "refs/heads/old"),
            RefUpdateLine(old: .zero, new: try ObjectID(hex: Self.a), ref: "refs/heads/new-topic"),
        ])
        #expect(updates[1].isDeletion && !updates[1].isCreation)
        #expect(updates[2].isCreation && !updates[2].isDeletion)
    }

    @Test(arguments: [
        ("refs/heads/main \(a) refs/heads/main", "is not '<local ref> <local id> <remote ref> <remote id>'"),
        ("refs/heads/main \(a.uppercased()) refs/heads/main \(b)", "is not 40 lower-case hexadecimal digits"),
        ("refs/heads/main \(a) refs/heads/a..b \(b)", "is not a valid ref name"),
        ("refs/heads/main \(a) refs/heads/main \(b)\r", "carriage return"),
    ])
    func malformedLinesAreNamed(line: String, problem: String) throws {
        #expect {
            try PrePushHook.updates("refs/heads/x \(Self.a) refs/heads/x \(Self.b)\n" + line + "\n")
        } throws: { error in
            "\(error)".contains("line 2") && "\(error)".contains(problem)
        }
    }

    /// A developer's repository whose remote-tracking main is at one commit, with `policy` in its work tree.
    static func work(policy: String) throws -> (HookFixture, git: String, remoteMain: String) {
        let fixture = try HookFixture()
        let work = try fixture.work(policy: policy)
        let git = work + "/.git"
        let remoteMain = try fixture.commit(in: git, files: ["README": "hello\n"], message: "start")
        try fixture.setRef("refs/remotes/origin/main", to: remoteMain, in: git)
        return (fixture, git, remoteMain)
    }

    static func run(_ fixture: HookFixture, _ git: String, _ input: String, lines: Lines) -> Int32 {
        var environment = fixture.base
        environment["GIT_DIR"] = git
        return PrePushHook(environment: environment, output: lines.sink).run(remote: "origin", input: input)
    }

    @Test func aFastForwardGoesAndAForcePushOrDeletionOfMainIsRefused() throws {
        let (fixture, git, remoteMain) = try Self.work(policy: Policies.protectMain)
        let next = try fixture.commit(in: git, files: ["README": "more\n"], parents: [remoteMain])
        let fine = Lines()
        #expect(Self.run(fixture, git, "refs/heads/main \(next) refs/heads/main \(remoteMain)\n", lines: fine) == 0)
        #expect(fine.all.isEmpty, "\(fine.text)")

        let rewritten = try fixture.commit(in: git, files: ["README": "other\n"])
        let forced = Lines()
        #expect(Self.run(fixture, git, "refs/heads/main \(rewritten) refs/heads/main \(remoteMain)\n", lines: forced) == 1)
        #expect(forced.text.contains("git-warden pre-push: REFUSED (1 violation)"), "\(forced.text)")
        #expect(forced.text.contains("git push --no-verify"))

        let deleted = Lines()
        #expect(Self.run(fixture, git, "(delete) \(Self.zero) refs/heads/main \(remoteMain)\n", lines: deleted) == 1)
        #expect(deleted.text.contains("REFUSED"), "\(deleted.text)")
        #expect(try fixture.decisions(git).isEmpty, "a client hook logs nothing")
    }

    /// A new branch is judged for what it brings beyond the remote's refs: a secret already on the remote's main
    /// is not the push's, a new one is.
    @Test func aNewBranchIsJudgedForWhatTheRemoteDoesNotHave() throws {
        let fixture = try HookFixture()
        let git = try fixture.work(policy: "") + "/.git"
        let old = try fixture.commit(in: git, files: ["old.py": "TOKEN = \"\(Synthetic.token)\"\n"], message: "old")
        try fixture.setRef("refs/remotes/origin/main", to: old, in: git)
        let known = Lines()
        #expect(Self.run(fixture, git, "refs/heads/topic \(old) refs/heads/topic \(Self.zero)\n", lines: known) == 0,
                "\(known.text)")
        let leak = try fixture.commit(in: git, files: ["new.py": "KEY = \"\(Synthetic.token)\"\n"], parents: [old])
        let refused = Lines()
        #expect(Self.run(fixture, git, "refs/heads/topic \(leak) refs/heads/topic \(Self.zero)\n", lines: refused) == 1)
        #expect(refused.text.contains("new.py:1:"), "\(refused.text)")
        #expect(!refused.text.contains("old.py"))
        #expect(!refused.text.contains(Synthetic.token))
    }

    /// Who may create a ref depends on the pusher, which only the server knows: the client lets it through.
    @Test func creatorsAreLeftToTheServer() throws {
        let (fixture, git, remoteMain) = try Self.work(policy: """
            [[rule]]
            id = "releases"
            refs = ["refs/heads/release/**"]
            creators = ["release-bot"]
            """)
        let lines = Lines()
        #expect(Self.run(fixture, git, "refs/heads/r \(remoteMain) refs/heads/release/1 \(Self.zero)\n", lines: lines) == 0,
                "\(lines.text)")
    }

    @Test func whatItCannotReadStopsThePush() throws {
        let (fixture, git, _) = try Self.work(policy: Policies.protectMain)
        let lines = Lines()
        #expect(Self.run(fixture, git, "garbage\n", lines: lines) == 1)
        #expect(lines.text.contains("git-warden pre-push: could not check this push: pre-push input line 1"), "\(lines.text)")
        #expect(lines.text.contains("push stopped"))
        try fixture.write(git + "/../.git-warden.toml", "[[rule]\n")
        let broken = Lines()
        #expect(Self.run(fixture, git, "refs/heads/main \(Self.a) refs/heads/main \(Self.b)\n", lines: broken) == 1)
        #expect(broken.text.contains("could not check this push: invalid policy"), "\(broken.text)")
    }
}
