import GitKit
import WardenCore
import WardenPolicy
import WardenSecrets

/// The history part of an audit, incremental: each ref's commits since the tip the previous audit saw are judged
/// as if they were pushed now, by the same collector and policy the pre-receive hook uses (signatures on refs that
/// require them, secrets, sizes, paths, messages). A ref whose previous tip is no longer an ancestor was rewritten;
/// a ref that vanished was deleted. With no previous tips (a first audit) every ref's whole history is judged.
struct HistoryAudit {
    let context: AuditContext
    let policy: Policy
    /// Ref name -> tip id seen by the previous audit; nil for a first audit.
    let previousRefs: [String: String]?
    let secretScanner: SecretScanner?

    /// The refs now, as the next audit's starting point.
    func currentRefs() throws(GitError) -> [String: String] {
        var refs: [String: String] = [:]
        for ref in try context.repository.references() {
            if let target = ref.target { refs[ref.name] = target.hex }
        }
        return refs
    }

    func run(current: [String: String]) throws -> [AuditFinding] {
        let previous = previousRefs ?? [:]
        var findings: [AuditFinding] = []
        var updates: [RefUpdateLine] = []
        for (ref, tip) in current.sorted(by: { $0.key < $1.key }) where previous[ref] != tip {
            let new = try ObjectID(hex: tip)
            var old = ObjectID.zero
            if let earlier = previous[ref].flatMap({ try? ObjectID(hex: $0) }), context.repository.contains(earlier) {
                old = earlier
                if try !isFastForward(from: earlier, to: new) {
                    findings.append(rewritten(ref: ref, old: earlier, new: new))
                }
            }
            updates.append(RefUpdateLine(old: old, new: new, ref: ref))
        }
        for (ref, tip) in previous.sorted(by: { $0.key < $1.key }) where current[ref] == nil {
            let blocked = policy.rules(for: ref).contains(where: \.blockDeletion)
            findings.append(context.finding("history.ref-deleted", blocked ? .high : .low, subject: "\(ref) \(tip)",
                                            title: "\(ref) was deleted since the last audit",
                                            evidence: "it pointed at \(tip)\(blocked ? "; the policy blocks its deletion" : "")",
                                            fix: blocked ? "find out how (reflog, decision log); restore it with git update-ref \(ref) \(tip) if the objects remain"
                                                : "nothing, if the deletion was intended"))
        }
        guard !updates.isEmpty else { return findings }
        // Tips judged by earlier audits are not judged again through another ref.
        let judged = previous.values.compactMap { try? ObjectID(hex: $0) }.filter { context.repository.contains($0) }
        let collector = try UpdateFactsCollector(
            repository: context.repository, policy: policy, pusher: nil,
            ignoredFingerprints: try SecretIgnore.fingerprints(at: SecretIgnore.path(for: policy, gitDirectory: context.gitDirectory)),
            knownRefs: [], alwaysHidden: judged, secretScanner: secretScanner, door: .audit)
        var facts: [UpdateFacts] = []
        for update in updates { facts.append(try collector.facts(for: update)) }
        let verdict = policy.evaluate(facts, pusher: nil, door: .audit)
        findings += verdict.violations.map { finding(for: $0, evaluateMode: false) }
        findings += verdict.warnings.map { finding(for: $0, evaluateMode: true) }
        return findings
    }

    func isFastForward(from old: ObjectID, to new: ObjectID) throws(GitError) -> Bool {
        guard let oldCommit = try context.repository.commitID(peeling: old),
              let newCommit = try context.repository.commitID(peeling: new) else { return old == new }
        return try context.repository.isAncestor(oldCommit, of: newCommit)
    }

    func rewritten(ref: String, old: ObjectID, new: ObjectID) -> AuditFinding {
        let protected = policy.rules(for: ref).contains(where: \.blockForcePush)
        return context.finding("history.ref-rewritten", protected ? .high : .low, subject: "\(ref) \(old.hex) \(new.hex)",
                               title: "\(ref) was rewritten since the last audit",
                               evidence: "\(old.short) is not an ancestor of \(new.short)"
                                   + (protected ? "; the policy blocks force pushes to it" : ""),
                               fix: protected ? "find out how (decision log, reflog); the old commits may still be in the object store"
                                   : "nothing, if the rewrite was intended")
    }

    /// What a policy violation in history means for an audit, at the severity its check's descriptor gives
    /// (the audit door runs no pusher or ref-creation check).
    func finding(for violation: Violation, evaluateMode: Bool) -> AuditFinding {
        let severity: Severity = switch CheckDescriptor.severity(of: violation.kind) {
        case .low: .low
        case .medium: .medium
        case .high: .high
        case .critical: .critical
        }
        // One secret is one finding wherever it reappears; other findings are per object and path.
        let subject = violation.secret?.fingerprint ?? [violation.object, violation.path].compactMap { $0 }.joined(separator: " ")
        return context.finding("history.\(violation.kind.rawValue)", severity, subject: subject,
                               title: violation.detail + (evaluateMode ? " (evaluate-mode rule)" : ""),
                               evidence: "\(violation.ref), rule \(violation.rule)", fix: violation.fix)
    }
}
