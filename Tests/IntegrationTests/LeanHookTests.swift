import Foundation
import Testing

/// `git-warden-hook`, the lean executable the installed hooks run, through real git pushes and commits: the hook
/// files name it, it judges and logs exactly as `git-warden pre-receive` does, and a run by hand or a wrong call is
/// explained without judging anything.
@Suite struct LeanHookTests {
    static var hookBinary: String {
        URL(fileURLWithPath: Sandbox.binary).deletingLastPathComponent().appendingPathComponent("git-warden-hook").path
    }

    static var relayBinary: String { hookBinary + "-relay" }

    @Test func installedServerHooksRunTheLeanExecutableAndJudgeAPush() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        // The hooks run the relay, which (no hook service listening on the sandbox's socket) becomes git-warden-hook.
        for hook in ["pre-receive", "post-receive"] {
            let text = try #require(box.read("\(server)/hooks/\(hook)"))
            #expect(text.contains("GIT_WARDEN_HOOK='\(Self.relayBinary)'"), "\(hook): \(text)")
        }
        let work = try box.clone(server)
        try box.commit(in: work, files: ["config.py": "TOKEN = \"\(SecretPushTests.token)\"\n"], message: "secret")
        let refused = try box.push(work, "main")
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("github-pat"))
        #expect(!refused.output.contains(SecretPushTests.token))
        #expect(box.serverRef(server, "refs/heads/main") == nil)

        try box.write("\(work)/config.py", "TOKEN = os.environ[\"TOKEN\"]\n")
        try box.must(["git", "commit", "-q", "-a", "--amend", "-m", "clean"], in: work)
        let accepted = try box.push(work, "main")
        #expect(accepted.status == 0, "\(accepted.output)")
        #expect(box.serverRef(server, "refs/heads/main") != nil)
        // Both pushes were judged and logged, and post-receive (also the lean executable) recorded what landed.
        #expect(try box.decisions(server).map { $0["outcome"] as? String } == ["rejected", "accepted"])
        #expect(try box.landed(server).count == 1)
    }

    @Test func runByHandIsExplainedAndLogsNothing() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let unset = try box.run([Self.hookBinary, "pre-receive"], in: server, input: "")
        #expect(unset.status == 2)
        #expect(unset.stderr.contains("this is a git server hook"))
        #expect(unset.stderr.contains("GIT_DIR is not set"))
        let empty = try box.run([Self.hookBinary, "pre-receive"], in: server, input: "\n",
                                extraEnvironment: ["GIT_DIR": "."])
        #expect(empty.status == 2)
        #expect(empty.stderr.contains("no ref updates on standard input"))
        #expect(try box.logLines(server).isEmpty)
    }

    @Test func wrongCallsAreExplained() throws {
        let box = try Sandbox()
        let none = try box.run([Self.hookBinary])
        #expect(none.status == 2)
        #expect(none.stderr.contains("usage: git-warden-hook pre-receive|post-receive|pre-push|pre-commit|commit-msg"))
        let unknown = try box.run([Self.hookBinary, "update"])
        #expect(unknown.status == 2)
        #expect(unknown.stderr.contains("unknown hook 'update'"))
        let noFile = try box.run([Self.hookBinary, "commit-msg"])
        #expect(noFile.status == 2)
        #expect(noFile.stderr.contains("commit-msg needs the message file"))
    }

    @Test func clientHooksRunTheLeanExecutable() throws {
        let (box, work) = try ClientHookTests.repository()
        for hook in ["pre-commit", "commit-msg", "pre-push"] {
            let text = try #require(box.read("\(work)/.git/hooks/\(hook)"))
            #expect(text.contains("GIT_WARDEN='\(Self.relayBinary)'"), "\(hook): \(text)")
        }
        try box.write("\(work)/settings.py", "TOKEN = \"\(SecretPushTests.token)\"\n")
        try box.must(["git", "add", "settings.py"], in: work)
        let refused = try box.run(["git", "commit", "-m", "first"], in: work)
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("git-warden pre-commit: REFUSED"))
    }

    /// A hook started through a link named after it (multi-call) needs no argument.
    @Test func linkNamedAfterTheHookDispatches() throws {
        let box = try Sandbox()
        try FileManager.default.createSymbolicLink(atPath: "\(box.root)/pre-receive", withDestinationPath: Self.hookBinary)
        let result = try box.run(["\(box.root)/pre-receive"], input: "")
        #expect(result.status == 2)
        #expect(result.stderr.contains("git-warden pre-receive: this is a git server hook"))
    }
}
