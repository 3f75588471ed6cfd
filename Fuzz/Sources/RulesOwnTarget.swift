import WardenTOML
@testable import WardenSecrets

extension FuzzTarget {
    /// git-warden's own rule format (`[[rule]]`, kebab-case), read as `--config`, `rules check` and a policy's
    /// `[secrets] config` read it, then checked as a scanner checks a rule set before compiling it.
    static let rulesOwn = FuzzTarget(name: "rules-own", summary: "RuleSet.parseNative on a parsed TOML document") { bytes in
        guard let root = try? TOMLDocument.parse(bytes: bytes, source: "fuzz-rules.toml"),
              let rules = try? RuleSet.parseNative(root) else { return }
        RuleSetFixture.settle(rules)
    }
}

enum RuleSetFixture {
    /// What a scanner does with a loaded rule set before compiling it: validation and the database cache key.
    static func settle(_ rules: RuleSet) {
        guard (try? SecretScanner.validate(rules)) != nil else { return }
        _ = SecretScanner.cacheKey(rules)
    }
}
