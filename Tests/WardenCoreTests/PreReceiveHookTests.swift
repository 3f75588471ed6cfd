import Foundation
import Testing
@testable import WardenCore

/// The server door run in-process through the one pipeline, on real repositories made by real git: what it
/// accepts, what it rejects, how it fails closed (or open when the policy says so), and the decision it logs.
@Suite struct PreReceiveHookTests {
    /// A server with `policy` whose main has one commit; returns the fixture, the server and main's commit.
    static func server(policy: String) throws -> (HookFixture, server: String, main: String) {
        let fixture = try HookFixture()
        let server = try fixture.bare(policy: policy)
        let main = try fixture.commit(in: server, files: ["README": "hello\n"], message: "start")
        try fixture.setRef("refs/heads/main", to: main, in: server)
        return (fixture, server, main)
    }

    static func run(_ fixture: HookFixture, _ server: String, _ input: String, lines: Lines,
                    terminate: @escaping @Sendable (Int32) -> Void = { _ in }) -> Int32 {
        var environment = fixture.base
        environment["GIT_DIR"] = server
        environment["GIT_WARDEN_PUSHER"] = "ada"
        return PreReceiveHook(environment: environment, output: lines.sink, terminate: terminate).run(input: input)
    }

    @Test func acceptsAFastForwardRejectsAForcePushAndLogsBoth() throws {
        let (fixture, server, main) = try Self.server(policy: Policies.protectMain)
        let next = try fixture.commit(in: server, files: ["README": "hello again\n"], parents: [main])
        let accepted = Lines()
        #expect(Self.run(fixture, server, "\(main) \(next) refs/heads/main\n", lines: accepted) == 0)
        #expect(accepted.all.isEmpty, "\(accepted.text)")

        let unrelated = try fixture.commit(in: server, files: ["README": "rewritten\n"])
        let rejected = Lines()
        #expect(Self.run(fixture, server, "\(main) \(unrelated) refs/heads/main\n", lines: rejected) == 1)
        #expect(rejected.text.contains("push REJECTED (1 violation)"), "\(rejected.text)")
        #expect(rejected.text.contains("protect-main"))

        let decisions = try fixture.decisions(server)
        #expect(decisions.map { $0["outcome"] as? String } == ["accepted", "rejected"])
        #expect(decisions.allSatisfy { $0["pusher"] as? String == "ada" })
        let updates = decisions[1]["updates"] as? [[String: Any]]
        #expect(updates?.first?["new"] as? String == unrelated)
        let violations = decisions[1]["violations"] as? [[String: Any]]
        #expect(violations?.first?["kind"] as? String == "force-push")
    }

    /// The door's verdict step names the symbolic ref an update was written through (receive-pack writes a push to
    /// `latest -> main` into main, so main's rule binds it).
    @Test func aPushThroughASymbolicRefIsJudgedAndNamedUnderItsTarget() throws {
        let (fixture, server, main) = try Self.server(policy: Policies.protectMain)
        try fixture.git(["symbolic-ref", "refs/heads/latest", "refs/heads/main"], environment: ["GIT_DIR": server])
        let unrelated = try fixture.commit(in: server, files: ["README": "rewritten\n"])
        let lines = Lines()
        #expect(Self.run(fixture, server, "\(main) \(unrelated) refs/heads/latest\n", lines: lines) == 1)
        #expect(lines.text.contains("pushed as refs/heads/latest, a symbolic ref"), "\(lines.text)")
        let update = (try fixture.decisions(server).last?["updates"] as? [[String: Any]])?.first
        #expect(update?["target"] as? String == "refs/heads/main")
    }

    @Test func aSecretOnANewBranchIsRejectedWithoutShowingIt() throws {
        let (fixture, server, main) = try Self.server(policy: "")
        let leak = try fixture.commit(in: server, files: ["app.py": "TOKEN = \"\(Synthetic.token)\"\n"], parents: [main])
        let lines = Lines()
        #expect(Self.run(fixture, server, "\(HookFixture.zero) \(leak) refs/heads/topic\n", lines: lines) == 1)
        #expect(lines.text.contains("app.py:1:"), "\(lines.text)")
        #expect(lines.text.contains("github-pat"))
        #expect(!lines.text.contains(Synthetic.token))
        #expect(try fixture.decisions(server).last?["outcome"] as? String == "rejected")
    }

    @Test func malformedInputFailsClosedAndOpenOnlyWhenThePolicySays() throws {
        let (fixture, server, main) = try Self.server(policy: Policies.protectMain)
        let closed = Lines()
        #expect(Self.run(fixture, server, "\(main) refs/heads/main\n", lines: closed) == 1)
        #expect(closed.text.contains("could not check this push: input line 1"), "\(closed.text)")
        #expect(closed.text.contains("push REJECTED (the guard fails closed)"))
        try fixture.write("\(server)/git-warden.toml", Policies.protectMain + "\n[hook]\non-error = \"accept\"\n")
        let open = Lines()
        #expect(Self.run(fixture, server, "\(main) refs/heads/main\n", lines: open) == 0)
        #expect(open.text.contains("push accepted anyway"), "\(open.text)")
        let decisions = try fixture.decisions(server)
        #expect(decisions.map { $0["outcome"] as? String } == ["error", "error"])
        #expect(decisions.map { $0["failedOpen"] as? Bool } == [false, true])
    }

    /// An update from an old id the repository does not have: git could not have announced it; a git-level
    /// failure after the policy is read follows on-error, and the pusher never sees the server's paths.
    @Test func anUnknownOldIdCannotBeJudged() throws {
        let (fixture, server, _) = try Self.server(policy: Policies.protectMain)
        let next = try fixture.commit(in: server, files: ["README": "x\n"])
        let unknown = String(repeating: "ab", count: 20)
        let lines = Lines()
        #expect(Self.run(fixture, server, "\(unknown) \(next) refs/heads/main\n", lines: lines) == 1)
        #expect(lines.text.contains("old id \(unknown) does not exist"), "\(lines.text)")
        #expect(try fixture.decisions(server).last?["outcome"] as? String == "error")
    }

    @Test func anUnreadablePolicyFailsClosedEvenIfItAsksToFailOpen() throws {
        let (fixture, server, main) = try Self.server(policy: "[hook]\non-error = \"accept\"\n[[rule]\n")
        let next = try fixture.commit(in: server, files: ["README": "x\n"], parents: [main])
        let lines = Lines()
        #expect(Self.run(fixture, server, "\(main) \(next) refs/heads/main\n", lines: lines) == 1)
        #expect(lines.text.contains("cannot load the policy"), "\(lines.text)")
        #expect(!lines.text.contains(fixture.root), "the pusher must not see the server's paths: \(lines.text)")
        let decision = try #require(try fixture.decisions(server).last)
        #expect(decision["outcome"] as? String == "error")
        #expect(decision["policy"] as? String == "(not loaded)")
        #expect((decision["error"] as? String)?.contains(server) == true, "the log keeps the real path")
    }

    /// The watchdog logs the timeout and hands the exit status to the caller's `terminate` (the executable exits
    /// there); in-process the run then returns that status, and exactly one decision is logged.
    @Test(arguments: [false, true]) func aTimeoutIsLoggedAndTheExitLeftToTheCaller(failOpen: Bool) throws {
        let onError = failOpen ? "\non-error = \"accept\"" : ""
        let (fixture, server, main) = try Self.server(policy: Policies.protectMain + "\n[hook]\ntimeout = 0.001\(onError)\n")
        let next = try fixture.commit(in: server, files: ["README": "x\n"], parents: [main])
        let lines = Lines()
        let terminated = Lines()
        let status = Self.run(fixture, server, "\(main) \(next) refs/heads/main\n", lines: lines,
                              terminate: { terminated.sink("\($0)") })
        #expect(status == (failOpen ? 0 : 1))
        #expect(terminated.all == [failOpen ? "0" : "1"])
        #expect(lines.text.contains("gave up: timeout after 0.001 s; push \(failOpen ? "accepted" : "REJECTED")"),
                "\(lines.text)")
        let decisions = try fixture.decisions(server)
        #expect(decisions.count == 1)
        #expect(decisions.first?["error"] as? String == "timeout after 0.001 s")
        #expect(decisions.first?["failedOpen"] as? Bool == failOpen)
    }
}
