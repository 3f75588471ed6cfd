import Foundation
import Testing

/// Whatever the guard cannot decide is rejected with a clear message, unless the policy says to fail open.
@Suite struct FailClosedTests {
    @Test func invalidPolicyRejectsNamingLineAndKey() throws {
        let box = try Sandbox()
        let server = try box.server(policy: "[[rule]]\nrefs = [\"refs/heads/main\"]\nblock-force-pushes = true\n")
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "first")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("git-warden.toml:3:1: key 'block-force-pushes': unknown key"))
        #expect(result.stderr.contains("did you mean 'block-force-push'"))
        #expect(result.stderr.contains("push REJECTED (the guard fails closed)"))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        #expect(try box.decisions(server).last?["outcome"] as? String == "error")
    }

    @Test func unreadablePolicyRejects() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        // A directory where the file should be cannot be read, whoever runs the hook (root included).
        try FileManager.default.createDirectory(atPath: "\(server)/git-warden.toml", withIntermediateDirectories: true)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "first")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("cannot read policy"))
    }

    @Test func missingExplicitPolicyRejects() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "first")
        let result = try box.run(["git", "push", "origin", "main"], in: work,
                                 extraEnvironment: ["GIT_WARDEN_POLICY": "\(box.root)/nope.toml"])
        #expect(result.status != 0)
        // The pusher learns the file's name, not where it lives on the server.
        #expect(result.stderr.contains("GIT_WARDEN_POLICY names nope.toml, which does not exist"))
        #expect(!result.stderr.contains("\(box.root)/nope.toml"))
    }

    @Test func malformedHookInputIsRejectedByLine() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let zero = String(repeating: "0", count: 40)
        for (input, expected) in [
            ("\(zero) \(zero)\n", "input line 1 is not"),
            ("\(zero) \(String(repeating: "a", count: 40)) refs/heads/ok\nxyz \(zero) refs/heads/main\n", "input line 2: parse object id"),
            ("\(zero) \(String(repeating: "a", count: 64)) refs/heads/main\n", "SHA-256 object ids are not supported"),
            ("\(zero) \(String(repeating: "a", count: 40)) refs/heads/bad..name\n", "is not a valid ref name"),
        ] {
            let result = try box.run([Sandbox.binary, "pre-receive"], in: server, input: input,
                                     extraEnvironment: ["GIT_DIR": "."])
            #expect(result.status == 1, "input \(input)")
            #expect(result.stderr.contains(expected), "input \(input): \(result.stderr)")
            #expect(result.stderr.contains("push REJECTED"))
        }
    }

    @Test func unknownObjectIsRejectedUnlessThePolicyFailsOpen() throws {
        let box = try Sandbox()
        let server = try box.server(policy: ProtectedRefTests.protectMain)
        let input = "\(String(repeating: "1", count: 40)) \(String(repeating: "2", count: 40)) refs/heads/main\n"
        let closed = try box.run([Sandbox.binary, "pre-receive"], in: server, input: input, extraEnvironment: ["GIT_DIR": "."])
        #expect(closed.status == 1)
        #expect(closed.stderr.contains("could not check this push"))
        #expect(closed.stderr.contains("old id 1111111111111111111111111111111111111111 does not exist"))
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain + "\n[hook]\non-error = \"accept\"\n")
        let open = try box.run([Sandbox.binary, "pre-receive"], in: server, input: input, extraEnvironment: ["GIT_DIR": "."])
        #expect(open.status == 0)
        #expect(open.stderr.contains("push accepted anyway"))
        let last = try #require(try box.decisions(server).last)
        #expect(last["failedOpen"] as? Bool == true)
    }

    @Test func existingHookIsChainedNotOverwritten() throws {
        let box = try Sandbox()
        let server = "\(box.root)/chained.git"
        try box.must(["git", "init", "-q", "--bare", server])
        let marker = "\(box.root)/old-hook-ran"
        try box.write("\(server)/hooks/pre-receive", "#!/bin/sh\ncat > '\(marker)'\n")
        try box.must(["chmod", "+x", "\(server)/hooks/pre-receive"])
        try box.installHook(in: server)
        try box.installHook(in: server)  // idempotent: a second install keeps the chain intact
        #expect(box.read("\(server)/hooks/pre-receive.chained")?.contains(marker) == true)
        try box.write("\(server)/git-warden.toml", ProtectedRefTests.protectMain)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "first")
        #expect(try box.push(work, "main").status == 0)
        #expect(box.read(marker)?.contains("refs/heads/main") == true)
        // git-warden still runs first and its rejection stops the chain.
        try FileManager.default.removeItem(atPath: marker)
        try box.must(["git", "commit", "-q", "--amend", "-m", "rewritten"], in: work)
        #expect(try box.push(work, "--force", "main").status != 0)
        #expect(box.read(marker) == nil)
    }

    @Test func policyCheckAndExplainThroughTheCLI() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/p.toml", ProtectedRefTests.protectMain + "\n[[rule]]\nid = \"big\"\nrefs = [\"refs/heads/*\"]\nmax-file-size = \"5 MiB\"\npushers = [\"alice\"]\n")
        #expect(try box.must([Sandbox.binary, "policy", "check", "\(box.root)/p.toml"]).contains("OK, 2 rules"))
        let explained = try box.must([Sandbox.binary, "policy", "explain", "refs/heads/main", "--pusher", "bob",
                                      "--policy", "\(box.root)/p.toml"])
        #expect(explained.contains("rule protect-main (line 1, enforce): applies, pattern refs/heads/main"))
        #expect(explained.contains("max-file-size = 5.0 MiB (big)"))
        #expect(explained.contains("bob is NOT allowed"))
        try box.write("\(box.root)/bad.toml", "[[rule]]\nrefs = [\"main\"]\n")
        let bad = try box.run([Sandbox.binary, "policy", "check", "\(box.root)/bad.toml"])
        #expect(bad.status == 1)
        #expect(bad.stderr.contains("bad.toml:2:1: key 'refs': ref pattern 'main' must be a full ref name"))
    }
}

extension FailClosedTests {
    /// A guard that runs out of time rejects (or accepts, when the policy fails open) and says so.
    @Test func timeoutFollowsOnError() throws {
        let box = try Sandbox()
        let server = try box.server(policy: ProtectedRefTests.protectMain + "\n[hook]\ntimeout = 0.001\n")
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "first")
        let rejected = try box.push(work, "main")
        #expect(rejected.status != 0)
        #expect(rejected.stderr.contains("gave up: timeout after"))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        try box.write("\(server)/git-warden.toml",
                      ProtectedRefTests.protectMain + "\n[hook]\ntimeout = 0.001\non-error = \"accept\"\n")
        let accepted = try box.push(work, "main")
        #expect(accepted.status == 0)
        #expect(accepted.stderr.contains("push accepted (on-error = accept)"))
    }
}
