import Testing
@testable import WardenSecrets

/// The generic test of the bundled rules: every positive example must be found by its rule and no negative
/// example may be. It runs whenever the embedded rule file has rules.
@Suite struct DefaultRulesTests {
    static let hasDefaultRules = RuleSet.defaultRulesSource.contains("[[rule]]")

    @Test(.enabled(if: hasDefaultRules, "the default rule file is empty"))
    func everyRuleFindsItsPositivesAndNotItsNegatives() throws {
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
    @Test(.enabled(if: hasDefaultRules, "the default rule file is empty"))
    func runtimeRulesAreTheRulesWithoutTheirExamples() throws {
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

    @Test(.enabled(if: hasDefaultRules, "the default rule file is empty"))
    func defaultRulesBuildAScanner() throws {
        _ = try SecretScanner(rules: try RuleSet.defaultRules(), cache: .disabled)
    }
}
