import Testing
@testable import WardenPolicy

/// The break-glass transform as a value: who may, what it needs, what it cannot cover, what it records.
@Suite struct BypassTests {
    static let text = """
        [[rule]]
        id = "main"
        refs = ["refs/heads/main"]
        block-force-push = true
        require-linear-history = true

        [bypass]
        pushers = ["ada"]

        [notify]
        command = ["notify-bypass", "--channel", "git"]
        timeout = "3s"

        [attest]
        key = "/etc/git-warden/attest.key"
        repository-uri = "git+ssh://git.example.com/project.git"
        verifier-id = "https://git.example.com/git-warden"
        refs = ["refs/heads/main"]
        """

    let policy: Policy

    init() throws {
        policy = try PolicyParser.parse(Self.text, source: "/srv/policies/project.toml")
    }

    func violation(_ kind: Violation.Kind, ref: String = "refs/heads/main", rule: String = "main") -> Violation {
        Violation(rule: rule, kind: kind, ref: ref, mode: .enforce, object: nil, path: nil, detail: "d", fix: "f", secret: nil)
    }

    @Test func theSectionsAreRead() throws {
        #expect(policy.bypass?.pushers == ["ada"] && policy.bypass?.line == 7)
        #expect(policy.notify?.command == ["/srv/policies/notify-bypass", "--channel", "git"])
        #expect(policy.notify?.timeoutSeconds == 3)
        #expect(throws: (any Error).self) { try PolicyParser.parse("[bypass]\nusers = [\"a\"]\n", source: "p.toml") }
        #expect(throws: (any Error).self) { try PolicyParser.parse("[bypass]\n", source: "p.toml") }
        #expect(throws: (any Error).self) { try PolicyParser.parse("[notify]\ncommand = []\n", source: "p.toml") }
    }

    @Test func aListedPusherWithAReasonTurnsRejectionsIntoARecord() {
        let warning = Violation(rule: "t", kind: .missingSignoff, ref: "refs/heads/main", mode: .evaluate, object: nil,
                                path: nil, detail: "d", fix: "f", secret: nil)
        let verdict = Verdict.rejected([violation(.mergeCommit), violation(.forcePush)], warnings: [warning])
        let decision = policy.applyBypass(BypassRequest(reasons: ["  incident 42 "]), pusher: "ada", to: verdict,
                                          ref: "refs/heads/main")
        #expect(decision.verdict.isAllowed && decision.verdict.warnings == [warning])
        guard case .granted(let record) = decision.outcome else { Issue.record("not granted"); return }
        #expect(record.pusher == "ada" && record.reason == "incident 42" && record.bypassed.count == 2)
        #expect(record.controls(on: "refs/heads/main", policy: policy) == [.requireLinearHistory, .blockForcePush])
        #expect(record.touches("refs/heads/main") && !record.touches("refs/heads/other"))
        // No request: the verdict is the policy's.
        let none = policy.applyBypass(nil, pusher: "ada", to: verdict, ref: "refs/heads/main")
        #expect(!none.verdict.isAllowed && none.outcome == .notRequested)
    }

    @Test func refusalsRejectWithTheReason() {
        let verdict = Verdict.rejected([violation(.mergeCommit)], warnings: [])
        let cases: [(BypassRequest, String?, String)] = [
            (BypassRequest(reasons: [" \t"]), "ada", "a bypass needs a reason"),
            (BypassRequest(reasons: ["a", "b"]), "ada", "a bypass takes exactly one"),
            (BypassRequest(reasons: ["why"]), "mallory", "pusher 'mallory' may not bypass this policy"),
            (BypassRequest(reasons: ["why"]), nil, "does not know who is pushing"),
            (BypassRequest(reasons: ["bell\u{07}"]), "ada", "without control characters"),
        ]
        for (request, pusher, expected) in cases {
            let decision = policy.applyBypass(request, pusher: pusher, to: verdict, ref: "refs/heads/main")
            guard case .refused(let why) = decision.outcome else { Issue.record("granted: \(request)"); continue }
            #expect(why.contains(expected), "\(why)")
            #expect(!decision.verdict.isAllowed && decision.verdict.violations.last?.rule == "bypass")
        }
        // A refused request rejects even a push with nothing to bypass.
        let clean = policy.applyBypass(BypassRequest(reasons: ["why"]), pusher: "mallory", to: .allowed(warnings: []),
                                       ref: "refs/heads/main")
        #expect(!clean.verdict.isAllowed)
    }

    @Test func malformedObjectsAndTheEvidenceRefAreNotBypassable() {
        for kept in [violation(.malformedObject, rule: "git-fsck"),
                     violation(.pusherNotAllowed, ref: "refs/notes/commits", rule: "attest")] {
            let verdict = Verdict.rejected([violation(.mergeCommit), kept], warnings: [])
            let decision = policy.applyBypass(BypassRequest(reasons: ["why"]), pusher: "ada", to: verdict, ref: "refs/heads/main")
            guard case .refused(let why) = decision.outcome else { Issue.record("granted"); continue }
            #expect(why.hasPrefix("it cannot cover"))
            #expect(decision.verdict.violations.contains(kept))
        }
    }

    @Test func withoutThePushLogNoBypassIsGranted() throws {
        var quiet = policy
        quiet.hook.log = false
        let decision = quiet.applyBypass(BypassRequest(reasons: ["why"]), pusher: "ada",
                                         to: .rejected([violation(.mergeCommit)], warnings: []), ref: "refs/heads/main")
        guard case .refused(let why) = decision.outcome else { Issue.record("granted"); return }
        #expect(why.contains("push log is off"))
    }
}
