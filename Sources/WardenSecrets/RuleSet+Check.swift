/// Validation of a rule set, for `git-warden rules check FILE` and the generic test of the default rules.
extension RuleSet {
    /// The path examples are scanned under. Rules with both a regex and a path are checked on their regex only
    /// (an example is text, not a file); for a path-only rule each example *is* a path.
    static let examplePath = "rule-example.txt"

    /// Every problem found, in rule order. Rules that compile are checked against their examples even when
    /// others do not, so one typo does not hide the state of the whole file.
    public func check() -> [RuleProblem] {
        var problems: [RuleProblem] = []
        var seen = Set<String>()
        var runnable: [SecretRule] = []
        for rule in rules {
            let before = problems.count
            if rule.id.isEmpty {
                problems.append(RuleProblem(ruleID: rule.id, kind: .definition, message: "empty id"))
            } else if !seen.insert(rule.id).inserted {
                problems.append(RuleProblem(ruleID: rule.id, kind: .definition, message: "duplicate id"))
            }
            problems += Self.regexProblems(rule)
            if rule.positives.isEmpty || rule.negatives.isEmpty {
                let missing = rule.positives.isEmpty ? "positive" : "negative"
                problems.append(RuleProblem(ruleID: rule.id, kind: .examples, message: "no \(missing) examples"))
            }
            if !problems[before...].contains(where: \.isError) { runnable.append(rule) }
        }
        problems += exampleProblems(runnable)
        return problems
    }

    private static func regexProblems(_ rule: SecretRule) -> [RuleProblem] {
        var problems: [RuleProblem] = []
        if rule.regex == nil && rule.path == nil {
            problems.append(RuleProblem(ruleID: rule.id, kind: .definition, message: "needs a regex, a path, or both"))
        }
        let allowlist = rule.allowlist
        let fields = [("regex", rule.regex.map { [$0] } ?? []), ("path", rule.path.map { [$0] } ?? []),
                      ("allowlist regex", allowlist.regexes), ("allowlist match regex", allowlist.matchRegexes),
                      ("allowlist line regex", allowlist.lineRegexes), ("allowlist path", allowlist.paths)]
        for (field, patterns) in fields {
            for pattern in patterns {
                do {
                    let compiled = try PCRE2Regex(pattern, jit: false)
                    if field == "regex", let group = rule.secretGroup, group > compiled.captureCount || group < 0 {
                        problems.append(RuleProblem(
                            ruleID: rule.id, kind: .definition,
                            message: "secret-group \(group), but the regex has \(compiled.captureCount) groups"))
                    }
                } catch {
                    problems.append(RuleProblem(ruleID: rule.id, kind: .regex,
                                                message: "\(field) does not compile at byte \(error.offset): \(error.message)"))
                }
            }
        }
        if let regex = rule.regex, problems.isEmpty, let error = VectorscanDatabase.support(for: regex).error {
            problems.append(RuleProblem(ruleID: rule.id, kind: .vectorscan,
                                        message: "Vectorscan rejects the regex (\(error)); it runs through PCRE2 alone"))
        }
        return problems
    }

    /// Scans every example with all runnable rules together, as real scans do, but without a generic rule
    /// yielding to a specific one: each rule must stand on its own examples.
    private func exampleProblems(_ runnable: [SecretRule]) -> [RuleProblem] {
        let textRules = runnable.map { rule -> SecretRule in
            var copy = rule
            if copy.regex != nil { copy.path = nil }
            return copy
        }
        let scanner: SecretScanner
        do {
            scanner = try SecretScanner(rules: RuleSet(rules: textRules, allowlist: allowlist), cache: .disabled)
        } catch {
            return [RuleProblem(ruleID: "*", kind: .definition, message: "rules do not build: \(error)")]
        }
        var options = ScanOptions()
        options.keepsGenericOverlaps = true
        // Each rule answers for its own examples; the decoding layer has tests of its own.
        options.decodesEncodedText = false
        var problems: [RuleProblem] = []
        for rule in runnable {
            for (expected, examples) in [(true, rule.positives), (false, rule.negatives)] {
                for example in examples {
                    let result = rule.regex == nil
                        ? scanner.scan([], path: example, options: options)
                        : scanner.scan(Array(example.utf8), path: Self.examplePath, options: options)
                    let found = result.findings.contains { $0.ruleID == rule.id }
                    guard found != expected else { continue }
                    problems.append(RuleProblem(
                        ruleID: rule.id, kind: expected ? .positive : .negative,
                        message: expected ? "positive example not found: \(example.debugDescription)"
                            : "negative example reported: \(example.debugDescription)"))
                }
            }
        }
        return problems
    }
}
