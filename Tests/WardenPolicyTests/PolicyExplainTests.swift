import Testing
@testable import WardenPolicy

@Suite struct PolicyExplainTests {
    static let policyText = """
    [[rule]]
    id = "protect-main"
    refs = ["refs/heads/main", "refs/heads/release/*"]
    block-force-push = true
    block-deletion = true
    max-file-size = "10 MiB"
    pushers = ["alice", "bob"]

    [[rule]]
    id = "small-files"
    refs = ["refs/heads/**"]
    max-file-size = "1 MiB"
    forbidden-paths = ["*.pem"]
    commit-message-pattern = "^feat"
    author-email-pattern = "@example.com"
    mode = "evaluate"

    [[rule]]
    id = "tags"
    refs = ["refs/tags/*"]
    block-deletion = true
    """

    func policy() throws -> Policy { try PolicyParser.parse(Self.policyText, source: "policy.toml") }

    @Test func applyingRulesAreListedWithTheirPattern() throws {
        let explanation = try policy().explain(ref: "refs/heads/release/1", pusher: "alice")
        #expect(explanation.ref == "refs/heads/release/1")
        #expect(explanation.pusher == "alice")
        #expect(explanation.rules.map(\.rule) == ["protect-main", "small-files", "tags"])
        #expect(explanation.rules.map(\.line) == [1, 9, 18])
        #expect(explanation.rules.map(\.matchedPattern) == ["refs/heads/release/*", "refs/heads/**", nil])
        #expect(explanation.rules.map(\.mode) == [.enforce, .evaluate, .enforce])

        let text = explanation.text
        #expect(text.contains("ref refs/heads/release/1, pusher alice"))
        #expect(text.contains("rule protect-main (line 1, enforce): applies, pattern refs/heads/release/*"))
        #expect(text.contains("rule small-files (line 9, evaluate): applies, pattern refs/heads/**"))
        #expect(text.contains("rule tags (line 18): does not apply"))
        #expect(!text.contains("rule tags (line 18, enforce): applies"))
        #expect(text.contains("effective policy"))
    }

    @Test func firstMatchingPatternIsReported() throws {
        let explanation = try policy().explain(ref: "refs/heads/main", pusher: nil)
        #expect(explanation.rules.first?.matchedPattern == "refs/heads/main")
    }

    @Test func constraintsNameTheirRules() throws {
        let constraints = try policy().explain(ref: "refs/heads/main", pusher: "alice").constraints
        #expect(constraints.contains("block-force-push = true (protect-main)"))
        #expect(constraints.contains("block-deletion = true (protect-main)"))
        #expect(!constraints.contains { $0.hasPrefix("block-creation") })
        #expect(!constraints.contains { $0.hasPrefix("require-linear-history") })
        #expect(constraints.contains { $0.hasPrefix("forbidden-paths") && $0.contains("*.pem") && $0.hasSuffix("(small-files)") })
        #expect(constraints.contains("commit-message-pattern = ^feat (small-files)"))
        #expect(constraints.contains("author-email-pattern = @example.com (small-files)"))
    }

    @Test func strictestMaxFileSizeIsNamedWithItsRule() throws {
        let constraints = try policy().explain(ref: "refs/heads/main", pusher: nil).constraints
        let sizes = constraints.filter { $0.hasPrefix("max-file-size") }
        #expect(sizes == ["max-file-size = 1.0 MiB (small-files)"])

        // The order of the rules does not decide which one is strictest.
        let reversed = Policy(source: "t", rules: [
            Fixture.rule("tiny", ["refs/heads/main"]) { $0.maxFileSize = 512 },
            Fixture.rule("huge", ["refs/heads/main"]) { $0.maxFileSize = 100 * 1_048_576 },
            Fixture.rule("elsewhere", ["refs/heads/dev"]) { $0.maxFileSize = 1 },
        ])
        #expect(reversed.explain(ref: "refs/heads/main", pusher: nil).constraints
            .filter { $0.hasPrefix("max-file-size") } == ["max-file-size = 512 B (tiny)"])
    }

    @Test func pusherAllowedOrNot() throws {
        let policy = try policy()
        let alice = policy.explain(ref: "refs/heads/main", pusher: "alice")
        #expect(alice.constraints.contains { $0.hasPrefix("pushers = ") && $0.hasSuffix("(protect-main): alice is allowed") })
        #expect(alice.text.contains("alice is allowed"))
        #expect(!alice.text.contains("NOT allowed"))

        let mallory = policy.explain(ref: "refs/heads/main", pusher: "mallory")
        #expect(mallory.constraints.contains { $0.hasPrefix("pushers = ") && $0.hasSuffix(": mallory is NOT allowed") })
        #expect(mallory.text.contains("ref refs/heads/main, pusher mallory"))

        let nobody = policy.explain(ref: "refs/heads/main", pusher: nil)
        let line = nobody.constraints.first { $0.hasPrefix("pushers = ") }
        #expect(line != nil)
        #expect(line?.contains("allowed") == false)
        #expect(nobody.text.hasPrefix("ref refs/heads/main\n"))
    }

    @Test func flagsSharedByRulesListEveryOwner() {
        let policy = Policy(source: "t", rules: [
            Fixture.rule("a", ["refs/heads/main"]) { $0.blockDeletion = true },
            Fixture.rule("b", ["refs/heads/*"]) { $0.blockDeletion = true; $0.requireLinearHistory = true },
            Fixture.rule("c", ["refs/heads/main"]) { $0.blockCreation = true },
            Fixture.rule("d", ["refs/tags/*"]) { $0.blockForcePush = true },
        ])
        let constraints = policy.explain(ref: "refs/heads/main", pusher: nil).constraints
        #expect(constraints.contains("block-deletion = true (a, b)"))
        #expect(constraints.contains("require-linear-history = true (b)"))
        #expect(constraints.contains("block-creation = true (c)"))
        #expect(!constraints.contains { $0.hasPrefix("block-force-push") })
    }

    @Test func refWithoutRulesIsSaidToBeUncovered() throws {
        let explanation = try policy().explain(ref: "refs/notes/commits", pusher: "alice")
        #expect(explanation.constraints.isEmpty)
        #expect(explanation.rules.allSatisfy { $0.matchedPattern == nil })
        #expect(explanation.text.contains("no rule covers this ref"))
        #expect(!explanation.text.contains("effective policy"))
        #expect(!explanation.text.contains("applies"))
    }

    @Test func tagRefGetsOnlyTheTagRule() throws {
        let explanation = try policy().explain(ref: "refs/tags/v1", pusher: nil)
        #expect(explanation.rules.compactMap(\.matchedPattern) == ["refs/tags/*"])
        #expect(explanation.constraints == ["block-deletion = true (tags)"])

        let nested = try policy().explain(ref: "refs/tags/v1/rc1", pusher: nil)
        #expect(nested.constraints.isEmpty)
    }
}
