extension Policy {
    /// Judges every update of a push at the server's door: one enforced violation anywhere rejects the whole push.
    public func evaluate(_ updates: [UpdateFacts], pusher: String?) -> Verdict {
        evaluate(updates, pusher: pusher, door: .preReceive)
    }

    /// Judges updates with the checks `door` runs (`CheckDescriptor.doors`); a client door also drops what a
    /// client cannot know (`CheckDescriptor.clientKnowledge`). For each update: every covering rule's checks, rule
    /// by rule, then the update checks, in `CheckDescriptor.all`'s order.
    public func evaluate(_ updates: [UpdateFacts], pusher: String?, door: Door) -> Verdict {
        let checks = CheckDescriptor.all.filter { $0.runs(at: door) }
        var violations: [Violation] = []
        for update in updates {
            for rule in rules(for: update.ref) {
                for check in checks where check.judges(rule, at: door) {
                    violations += check.perRule?.evaluate(rule, update, pusher) ?? []
                }
            }
            for check in checks where check.judges(nil, at: door) {
                violations += check.perUpdate?.evaluate(self, update, pusher) ?? []
            }
        }
        return Verdict(violations)
    }

    /// What must be gathered about an update of `ref` for the checks `door` runs: collectors read only this.
    public func needs(ref: String, door: Door) -> FactNeeds {
        var needs: FactNeeds = []
        for rule in rules(for: ref) { needs.formUnion(rule.needs(at: door)) }
        for check in CheckDescriptor.all where check.judges(nil, at: door) {
            needs.formUnion(check.perUpdate?.needs(self, ref) ?? [])
        }
        return needs
    }
}

extension Policy {
    /// One `secret` violation per finding (the `policy.secrets` check), in the mode its rule's tags give.
    func secretViolations(_ update: UpdateFacts) -> [Violation] {
        guard secrets.covers(update.ref) else { return [] }
        return update.secrets.map { secret in
            let place = secret.line > 0 ? "\(secret.path):\(secret.line):\(secret.column)" : secret.path
            // A tag message's finding names the tag object that carries it (see SecretFacts.path).
            let holder = secret.path == "tag-message" ? "tag" : "commit"
            let commit = secret.commit.map { " in \(holder) \(String($0.prefix(12)))" } ?? ""
            let decoded = secret.decoded.map { " (decoded from \($0))" } ?? ""
            return Violation(rule: "secrets", kind: .secret, ref: update.ref, mode: secrets.mode(forTags: secret.tags),
                             object: secret.commit, path: secret.path,
                             detail: "\(secret.ruleDescription) (\(secret.ruleID)) \(secret.redacted)\(decoded) at \(place)\(commit)",
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
