import Foundation
import Testing

/// Hostile TOML through the real binary: every command that reads TOML ends with an error naming the file and
/// line, never a signal (nesting used to crash with SIGSEGV, overlong durations to trap with SIGILL).
@Suite struct TOMLInputTests {
    /// A policy whose second line nests 10,000 arrays.
    static let deepPolicy = "[[rule]]\nrefs = " + String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000) + "\n"

    @Test func policyCheckOnDeepNestingIsAnErrorAtItsLine() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/deep.toml", Self.deepPolicy)
        let result = try box.run([Sandbox.binary, "policy", "check", "\(box.root)/deep.toml"])
        #expect(result.status == 1, "\(result.output)")
        #expect(result.stderr.contains("deep.toml:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("nested more than 128 levels"))
        let keys = Array(repeating: "a", count: 14_000).joined(separator: ".")
        try box.write("\(box.root)/keys.toml", "[hook]\n[\(keys)]\n")
        let dotted = try box.run([Sandbox.binary, "policy", "check", "\(box.root)/keys.toml"])
        #expect(dotted.status == 1 && dotted.stderr.contains("keys.toml:2:"), "\(dotted.output)")
    }

    @Test func preReceiveWithADeepPolicyRejectsWithAMessageAndLogsADecision() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.deepPolicy)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: "first")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("git-warden.toml:2:"), "\(result.stderr)")
        #expect(result.stderr.contains("push REJECTED (the guard fails closed)"))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        #expect(try box.decisions(server).last?["outcome"] as? String == "error")
    }

    @Test(arguments: ["\"inf\"", "\"1e21s\"", "\"0x1p70s\"", "\"nan\"", "\"-10s\"", "\"366d\"", "\"0.5s\"", "1e21"])
    func daemonRefusesAnIntervalOutOfRangeAtLoad(interval: String) throws {
        let box = try Sandbox()
        try box.write("\(box.root)/d.toml", "roots = [\"\(box.root)\"]\nlisten = \"off\"\ninterval = \(interval)\n")
        let result = try box.run([Sandbox.binary, "daemon", "--config", "\(box.root)/d.toml"])
        #expect(result.status == 2, "\(result.output)")
        #expect(result.stderr.contains("d.toml:3:1: key 'interval': interval must be a duration from 1s to 365 days"),
                "\(result.stderr)")
    }

    @Test func ruleFilesWithInvalidUTF8AreRejectedByRulesCheckAndScan() throws {
        let box = try Sandbox()
        let bytes = Array("[[rule]]\nid = \"x\"\nregex = '''caf".utf8) + [0xE9] + Array("[0-9]{8}'''\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(box.root)/rules.toml"))
        let check = try box.run([Sandbox.binary, "rules", "check", "\(box.root)/rules.toml"])
        #expect(check.status == 2 && check.stderr.contains("rules.toml:3:15: invalid UTF-8 byte 0xE9"), "\(check.output)")
        try box.write("\(box.root)/tree/a.txt", "nothing here\n")
        let scan = try box.run([Sandbox.binary, "scan", "\(box.root)/tree", "--config", "\(box.root)/rules.toml"])
        #expect(scan.status == 2 && scan.stderr.contains("rules.toml:3:15:"), "\(scan.output)")
    }
}
