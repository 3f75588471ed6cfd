import Testing
@testable import WardenSecrets

/// The generic test of the bundled rules: every positive example must be found by its rule and no negative
/// example may be. A build without the embedded rules fails here (it would scan for nothing), it is not skipped.
@Suite struct DefaultRulesTests {
    /// Fails the test, saying what is missing, when the binary carries no default rules.
    static func requireEmbeddedRules() throws {
        try #require(RuleSet.defaultRulesSource.contains("[[rule]]"),
                     "the embedded default rules are missing or empty: the EmbedDefaultRules build plugin must embed Sources/WardenSecrets/Resources/default-rules.toml")
    }

    @Test func everyRuleFindsItsPositivesAndNotItsNegatives() throws {
        try Self.requireEmbeddedRules()
        let rules = try RuleSet.defaultRulesWithExamples()
        #expect(!rules.rules.isEmpty)
        for problem in rules.check() where problem.isError {
            Issue.record("\(problem)")
        }
        for rule in rules.rules {
            #expect(!rule.positives.isEmpty, "rule '\(rule.id)' has no positive examples")
        }
    }

    /// Scanners parse a copy without examples (embed-text --strip-examples); it must hold the very same rules.
    @Test func runtimeRulesAreTheRulesWithoutTheirExamples() throws {
        try Self.requireEmbeddedRules()
        let full = try RuleSet.defaultRulesWithExamples()
        let runtime = try RuleSet.defaultRules()
        #expect(runtime.rules.count == full.rules.count)
        #expect(runtime.allowlist == full.allowlist)
        for (stripped, rule) in zip(runtime.rules, full.rules) {
            var withoutExamples = rule
            withoutExamples.positives = []
            withoutExamples.negatives = []
            #expect(stripped == withoutExamples, "rule '\(rule.id)' differs beyond its examples")
        }
    }

    @Test func defaultRulesBuildAScanner() throws {
        try Self.requireEmbeddedRules()
        _ = try SecretScanner(rules: try RuleSet.defaultRules(), cache: .disabled)
    }
}
