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
            violations += secretViolations(update)
            violations += secretGapViolations(update)
            violations += malformedObjectViolations(update)
        }
        return Verdict(violations)
    }
}

extension Policy {
    /// Secrets are judged by the `[secrets]` section, not by ref rules: a leaked key is as bad on a scratch branch as
    /// on main, because every branch of the server can be fetched.
    func secretViolations(_ update: UpdateFacts) -> [Violation] {
        guard secrets.covers(update.ref) else { return [] }
        return update.secrets.map { secret in
            let place = secret.line > 0 ? "\(secret.path):\(secret.line):\(secret.column)" : secret.path
            // A tag message's finding names the tag object that carries it (see SecretFacts.path).
            let holder = secret.path == "tag-message" ? "tag" : "commit"
            let commit = secret.commit.map { " in \(holder) \(String($0.prefix(12)))" } ?? ""
            return Violation(rule: "secrets", kind: .secret, ref: update.ref, mode: secrets.mode, object: secret.commit,
                             path: secret.path,
                             detail: "\(secret.ruleDescription) (\(secret.ruleID)) \(secret.redacted) at \(place)\(commit)",
                             fix: "rotate it, then rewrite history without it (below); false positive: fingerprint \(secret.fingerprint)",
                             secret: secret)
        }
    }
}

extension Policy {
    /// Objects git's fsck refuses are rejected on every ref, by no rule's leave: no setting turns this off, since a
    /// rule cannot judge an object that git itself reads in two ways.
    func malformedObjectViolations(_ update: UpdateFacts) -> [Violation] {
        update.malformedObjects.map { object in
            Violation(rule: "git-fsck", kind: .malformedObject, ref: update.ref, mode: .enforce, object: object.id,
                      path: nil,
                      detail: "\(object.kind) \(object.id.prefix(12)) is malformed: \(object.problem): \(object.message)",
                      fix: "recreate the \(object.kind) with git itself (git commit / git tag); `git fsck` names the same problem",
                      secret: nil)
        }
    }
}
