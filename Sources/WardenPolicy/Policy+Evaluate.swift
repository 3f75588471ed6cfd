extension Policy {
    /// Judges every update of a push together: one enforced violation anywhere rejects the whole push.
    public func evaluate(_ updates: [UpdateFacts], pusher: String?) -> Verdict {
        var violations: [Violation] = []
        for update in updates {
            for rule in rules(for: update.ref) {
                for check in RuleChecks.all {
                    violations += check(rule, update, pusher)
                }
            }
        }
        return Verdict(violations)
    }
}
