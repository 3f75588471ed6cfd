import Foundation
import Testing

/// Input crafted to stall, blind or mislead the guard (issue 11): users' regexes with nested quantifiers, secret
/// rules that hit PCRE2's match limit, CRLF files, hook input git could not have sent, hook runs that time out.
/// Each goes through the real binary, with real git where git can produce the input.
@Suite struct HostileInputTests {
    static let zero = String(repeating: "0", count: 40)
    /// A message (or email local part) on which `^(a+)+$` backtracks exponentially.
    static let pathological = String(repeating: "a", count: 40) + "!"

    static let nestedPolicy = """
        [[rule]]
        id = "nested"
        refs = ["refs/heads/**"]
        commit-message-pattern = "^(a+)+$"
        """

    // MARK: Users' regexes run under limits (item 3)

    @Test func catastrophicMessagePatternFailsClosedInCommitMsg() throws {
        let (box, work) = try ClientHookTests.repository(policy: Self.nestedPolicy)
        try box.write("\(work)/msg", Self.pathological + "\n")
        let result = try box.run([Sandbox.binary, "commit-msg", "\(work)/msg"], in: work)
        #expect(result.status == 1)
        #expect(result.stderr.contains("could not decide commit-message-pattern ^(a+)+$ of rule 'nested'"), "\(result.stderr)")
        #expect(result.stderr.contains("match limit"))
    }

    @Test func catastrophicMessagePatternFailsClosedInPreReceive() throws {
        let box = try Sandbox()
        let server = try box.server(policy: Self.nestedPolicy)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["a": "1\n"], message: Self.pathological)
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("undecided (rule nested)"), "\(result.stderr)")
        #expect(result.stderr.contains("could not decide commit-message-pattern"))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
        #expect(try box.decisions(server).last?["outcome"] as? String == "rejected")
    }

    @Test func invalidPatternIsRejectedByPolicyCheckWithLineAndKey() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/p.toml", "[[rule]]\nrefs = [\"refs/heads/main\"]\nauthor-email-pattern = \"(unclosed\"\n")
        let result = try box.run([Sandbox.binary, "policy", "check", "\(box.root)/p.toml"])
        #expect(result.status != 0)
        #expect(result.output.contains("p.toml:3:1: key 'author-email-pattern'"), "\(result.output)")
    }

    // MARK: A match limit costs only its candidate (item 4)

    /// A rule whose regex hits the limit on a candidate near byte 0 of a file still finds the real match later.
    static let catastrophicRules = """
        [[rule]]
        id = "nested-a"
        description = "crafted rule with nested quantifiers"
        regex = '''(?:a|aa)+b'''
        """

    @Test func scanReportsTheLaterMatchAndTheUnfinishedCandidate() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/rules.toml", Self.catastrophicRules)
        try box.write("\(box.root)/both.txt", String(repeating: "a", count: 36) + "!\nother\nkey = aab\n")
        let both = try box.run([Sandbox.binary, "scan", "--config", "\(box.root)/rules.toml", "both.txt"])
        #expect(both.status == 1, "\(both.output)")
        #expect(both.output.contains("both.txt:3:7: nested-a"), "\(both.output)")
        #expect(both.output.contains("rule 'nested-a' could not decide the candidate at byte 0"), "\(both.output)")

        try box.write("\(box.root)/only.txt", String(repeating: "a", count: 5000) + "! ab\n")
        let only = try box.run([Sandbox.binary, "scan", "--config", "\(box.root)/rules.toml", "only.txt"])
        #expect(only.status == 2, "\(only.output)")
        #expect(only.stderr.contains("could not be decided"))
    }

    @Test func hookRejectsContentARuleCouldNotDecide() throws {
        let box = try Sandbox()
        let server = try box.server(policy: "[secrets]\nconfig = \"rules.toml\"\n")
        try box.write("\(server)/rules.toml", Self.catastrophicRules)
        let work = try box.clone(server)
        // A run on which every start position hits the limit: the rule gives up before the real "ab" at the end,
        // so nothing is found, and only "could not decide" stands between this content and the ref.
        try box.commit(in: work, files: ["docs/notes.txt": String(repeating: "a", count: 5000) + "! ab\n"], message: "notes")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(result.stderr.contains("undecided (rule secrets)"), "\(result.stderr)")
        #expect(result.stderr.contains("could not decide whether docs/notes.txt"))
        #expect(result.stderr.contains("nested-a"))
        #expect(box.serverRef(server, "refs/heads/main") == nil)
    }

    // MARK: CRLF (item 7)

    @Test func crlfServerIgnoreFileIsReadLineByLine() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let work = try box.clone(server)
        try box.commit(in: work, files: ["settings.py": "TOKEN = \"\(SecretPushTests.token)\"\n"], message: "token")
        let first = try box.push(work, "main")
        #expect(first.status != 0)
        let fingerprint = try #require(first.stderr.components(separatedBy: "fingerprint ").dropFirst().first?.prefix(32))
        try box.write("\(server)/git-warden-ignore", "# reviewed: test fixture\r\n\(fingerprint)\r\n")
        let second = try box.push(work, "main")
        #expect(second.status == 0, "\(second.stderr)")
    }

    @Test func crlfCommitMessageIsCleanedAsGitCleansIt() throws {
        let (box, work) = try ClientHookTests.repository(policy: """
            [[rule]]
            refs = ["refs/heads/**"]
            commit-message-pattern = "^feat: [a-z ]+$"
            """)
        // git strips the comment line and each line's trailing CR; the message is "feat: add x".
        try box.write("\(work)/msg", "feat: add x\r\n# Please enter the commit message\r\n")
        let result = try box.run([Sandbox.binary, "commit-msg", "\(work)/msg"], in: work)
        #expect(result.status == 0, "\(result.stderr)")
    }

    // MARK: Hook input git could not have sent (item 8)

    /// The installed binary run as git runs it (GIT_DIR, in the repository), on crafted stdin.
    func preReceive(_ box: Sandbox, _ server: String, _ input: [UInt8],
                    environment: [String: String] = [:]) throws -> Sandbox.Result {
        // printf's %b reads \0NNN as one byte in octal: any byte reaches the hook's stdin unchanged.
        let octal = input.map { byte in
            let digits = String(byte, radix: 8)
            return "\\0" + String(repeating: "0", count: 3 - digits.count) + digits
        }
        return try box.run(["/bin/sh", "-c", "printf '%b' \"$INPUT\" | \"$0\" pre-receive", Sandbox.binary], in: server,
                           extraEnvironment: environment.merging(["GIT_DIR": ".", "INPUT": octal.joined()]) { $1 })
    }

    @Test func inputGitCouldNotHaveSentIsRejected() throws {
        let box = try Sandbox()
        let server = try box.server(policy: nil)
        let work = try box.clone(server)
        let tip = try box.commit(in: work, files: ["a": "1\n"], message: "first")
        #expect(try box.push(work, "main").status == 0)
        let missing = String(repeating: "7", count: 40)
        let cases: [([UInt8], String)] = [
            (Array("\(Self.zero) \(Self.zero) refs/heads/x\n".utf8), "both ids are zero and no such ref exists"),
            (Array("\(missing) \(tip) refs/heads/main\n".utf8), "old id \(missing) does not exist"),
            (Array("\(Self.zero) \(tip) refs/heads/feature\r\n".utf8), "carriage return"),
            (Array("\(Self.zero) \(tip.uppercased()) refs/heads/x\n".utf8), "lower-case hexadecimal"),
            (Array("\(Self.zero) \(tip) refs/heads/".utf8) + [0x6D, 0xE9, 0x6E, 0xFF] + [0x0A], #""refs/heads/m\xe9n\xff" is not valid UTF-8"#),
            (Array("\(Self.zero) \(tip) refs/heads/@\n".utf8), "is not a valid ref name"),
        ]
        for (input, expected) in cases {
            let result = try preReceive(box, server, input)
            #expect(result.status == 1, "\(expected)")
            #expect(result.stderr.contains(expected), "\(expected): \(result.stderr)")
            #expect(result.stderr.contains("push REJECTED"))
        }
        let logged = try box.decisions(server).suffix(cases.count)
        #expect(logged.allSatisfy { $0["outcome"] as? String == "error" })
        // The refused name is logged escaped, never with U+FFFD standing for its bytes.
        let text = box.read("\(server)/git-warden/decisions.jsonl") ?? ""
        #expect(!text.contains("\u{FFFD}"))
        #expect(text.contains(#"refs/heads/m\\xe9n\\xff"#))
    }

    // MARK: A timed-out run records its decision (items 2 and 9)

    /// The watchdog runs before the policy is read: reading and parsing a policy (here a large one) is bounded by
    /// GIT_WARDEN_TIMEOUT. The policy says on-error = "accept"; the run was still rejected, so the timeout fired
    /// before the policy was known, and the decision was logged. Before, nothing bounded the policy load.
    @Test func policyLoadIsBoundedAndTheTimeoutIsLogged() throws {
        let box = try Sandbox()
        var policy = "[hook]\non-error = \"accept\"\n"
        for index in 0..<20_000 { policy += "[[rule]]\nid = \"r\(index)\"\nrefs = [\"refs/heads/b\(index)/**\"]\n" }
        let server = try box.server(policy: policy)
        let result = try preReceive(box, server, Array("\(Self.zero) \(String(repeating: "1", count: 40)) refs/heads/main\n".utf8),
                                    environment: ["GIT_WARDEN_TIMEOUT": "0.001"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("gave up: timeout after 0.001 s; push REJECTED"), "\(result.stderr)")
        let decision = try #require(try box.decisions(server).last)
        #expect(decision["outcome"] as? String == "error")
        #expect(decision["error"] as? String == "timeout after 0.001 s")
        #expect(decision["failedOpen"] as? Bool == false)
    }

    /// After the policy is read its own timeout applies, counted from the start; with on-error = "accept" the push
    /// goes through and the decision says it failed open. Before, a timed-out run logged nothing.
    @Test func failOpenTimeoutIsLogged() throws {
        let box = try Sandbox()
        let server = try box.server(policy: "[hook]\non-error = \"accept\"\ntimeout = \"1ms\"\n")
        let work = try box.clone(server)
        let lines = (0..<40_000).map { "line \($0) of a file the secret scan reads in full" }
        try box.commit(in: work, files: ["big.txt": lines.joined(separator: "\n")], message: "first")
        let result = try box.push(work, "main")
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stderr.contains("gave up: timeout after 0.001 s; push accepted"), "\(result.stderr)")
        let decision = try #require(try box.decisions(server).last)
        #expect(decision["outcome"] as? String == "error")
        #expect(decision["failedOpen"] as? Bool == true)
    }
}
