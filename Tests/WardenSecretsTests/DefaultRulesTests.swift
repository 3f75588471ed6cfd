import Testing
@testable import WardenSecrets

/// The generic test of the bundled rules: every positive example must be found by its rule and no negative
/// example may be. It runs whenever the embedded rule file has rules.
@Suite struct DefaultRulesTests {
    static let hasDefaultRules = RuleSet.defaultRulesSource.contains("[[rule]]")

    @Test(.enabled(if: hasDefaultRules, "the default rule file is empty"))
    func everyRuleFindsItsPositivesAndNotItsNegatives() throws {
        let rules = try RuleSet.defaultRules()
        #expect(!rules.rules.isEmpty)
        for problem in rules.check() where problem.isError {
            Issue.record("\(problem)")
        }
        for rule in rules.rules {
            #expect(!rule.positives.isEmpty, "rule '\(rule.id)' has no positive examples")
        }
    }

    @Test(.enabled(if: hasDefaultRules, "the default rule file is empty"))
    func defaultRulesBuildAScanner() throws {
        _ = try SecretScanner(rules: try RuleSet.defaultRules(), cache: .disabled)
    }
}
