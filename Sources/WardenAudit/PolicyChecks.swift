import WardenCore
import WardenPolicy

/// Checks of the policy the hook would load: that there is one, that it loads, and that it protects the branch
/// clones check out (HEAD's branch) and scans for secrets.
enum PolicyChecks {
    typealias Check = AuditCheck

    static let all: [Check] = [loads, defaultBranchProtected, secretScanning]

    static let loads: Check = { context in
        switch context.policy {
        case .failure(let error):
            return [context.finding("policy.invalid", .critical, subject: "policy",
                                    title: "the policy does not load: every push is rejected",
                                    evidence: error.message, fix: "fix it (git-warden policy check FILE names file, line and key)")]
        case .success where context.policyOrigin == .embeddedDefault && context.isBare:
            return [context.finding("policy.default", .info, subject: "policy",
                                    title: "no policy file: the embedded default applies",
                                    evidence: "none of $GIT_DIR/\(PolicyLocator.repositoryFileName), \(PolicyLocator.systemPath) exists",
                                    fix: "write one (git-warden policy show prints the default as a starting point)")]
        case .success:
            return []
        }
    }

    static let defaultBranchProtected: Check = { context in
        guard context.isBare, case .success(let policy) = context.policy,
              let head = try? context.repository.headTarget() else { return [] }
        let rules = policy.rules(for: head).filter { $0.mode == .enforce }
        var missing: [String] = []
        if !rules.contains(where: \.blockForcePush) { missing.append("block-force-push") }
        if !rules.contains(where: \.blockDeletion) { missing.append("block-deletion") }
        guard !missing.isEmpty else { return [] }
        return [context.finding("policy.default-branch-unprotected", .high, subject: head,
                                title: "the default branch \(head) is not protected",
                                evidence: "no enforce-mode rule of \(policy.source) sets \(missing.joined(separator: " or ")) for \(head)",
                                fix: "add a [[rule]] with refs = [\"\(head)\"], block-force-push = true, block-deletion = true")]
    }

    static let secretScanning: Check = { context in
        guard context.isBare, case .success(let policy) = context.policy, policy.secrets.scan != .enforce else { return [] }
        return [context.finding("policy.secrets-not-enforced", .medium, subject: "[secrets]",
                                title: "pushed secrets are not rejected",
                                evidence: "\(policy.source): [secrets] scan = \"\(policy.secrets.scan.rawValue)\"",
                                fix: "set [secrets] scan = \"enforce\"")]
    }
}
