import WardenCore
import WardenPolicy

/// Checks of the policy the hook would load: that there is one, that it loads, and that it protects the branch
/// clones check out (HEAD's branch) and scans for secrets.
enum PolicyChecks {
    static let all: [AuditCheck] = [invalid, unreadableFile, misplaced, defaultPolicy, defaultBranchProtected, secretScanning]

    static let invalid = AuditCheck(
        "policy.invalid", .critical, area: .policy, inspects: "the policy the hook would load does not load") { check, context in
        guard case .failure(let error) = context.policy else { return [] }
        return [check.finding(in: context, subject: "policy", title: "the policy does not load: every push is rejected",
                              evidence: error.message, fix: "fix it (git-warden policy check FILE names file, line and key)")]
    }

    static let defaultPolicy = AuditCheck(
        "policy.default", .info, area: .policy, inspects: "no policy file: the embedded default applies") { check, context in
        guard case .success = context.policy, context.policyOrigin == .embeddedDefault, context.isBare else { return [] }
        return [check.finding(in: context, subject: "policy", title: "no policy file: the embedded default applies",
                              evidence: "none of $GIT_DIR/\(PolicyLocator.repositoryFileName), \(PolicyLocator.systemPath) exists",
                              fix: "write one (git-warden policy show prints the default as a starting point)")]
    }

    /// Policy-looking files where the hook never reads one: the administrator meant them to apply, and they do not.
    static let misplaced = AuditCheck(
        "policy.misplaced", .high, area: .policy,
        inspects: "a policy-looking file where the hook does not read one (.git-warden.toml inside a bare repository, git-warden.toml beside it)") { check, context in
        let used: String
        switch context.policyOrigin {
        case .file(let path): used = path
        case .embeddedDefault: used = "the embedded default policy"
        }
        return PolicyFiles.nearMisses(gitDirectory: context.gitDirectory, isBare: context.isBare).map { path in
            check.finding(in: context, subject: path,
                          title: "a policy file the hook does not read: pushes are judged by \(used)",
                          evidence: "\(path) exists; the hook reads $GIT_DIR/\(PolicyLocator.repositoryFileName), then \(PolicyLocator.systemPath)",
                          fix: "move it to \(context.gitDirectory)/\(PolicyLocator.repositoryFileName) (or \(PolicyLocator.systemPath) for every repository), or delete it")
        }
    }

    /// Files the policy names that the hook cannot read: every push would then fail closed.
    static let unreadableFile = AuditCheck(
        "policy.unreadable-file", .critical, area: .policy,
        inspects: "a key file, ignore file or extra rule file the policy names cannot be read or parsed") { check, context in
        guard case .success(let policy) = context.policy else { return [] }
        return PolicyFiles.referenceProblems(policy, gitDirectory: context.gitDirectory).map { problem in
            check.finding(in: context, subject: problem.components(separatedBy: ":").first ?? "policy",
                          title: "a file the policy names cannot be used: every push is rejected",
                          evidence: problem, fix: "fix or restore the file (git-warden policy check validates every file it names)")
        }
    }

    static let defaultBranchProtected = AuditCheck(
        "policy.default-branch-unprotected", .high, area: .policy,
        inspects: "HEAD's branch lacks an enforce-mode block-force-push and block-deletion") { check, context in
        guard context.isBare, case .success(let policy) = context.policy,
              let head = try? context.repository.headTarget() else { return [] }
        let rules = policy.rules(for: head).filter { $0.mode == .enforce }
        var missing: [String] = []
        if !rules.contains(where: \.blockForcePush) { missing.append("block-force-push") }
        if !rules.contains(where: \.blockDeletion) { missing.append("block-deletion") }
        guard !missing.isEmpty else { return [] }
        return [check.finding(in: context, subject: head,
                              title: "the default branch \(head) is not protected",
                              evidence: "no enforce-mode rule of \(policy.source) sets \(missing.joined(separator: " or ")) for \(head)",
                              fix: "add a [[rule]] with refs = [\"\(head)\"], block-force-push = true, block-deletion = true")]
    }

    static let secretScanning = AuditCheck(
        "policy.secrets-not-enforced", .medium, area: .policy, inspects: "[secrets] scan is not \"enforce\"") { check, context in
        guard context.isBare, case .success(let policy) = context.policy, policy.secrets.scan != .enforce else { return [] }
        return [check.finding(in: context, subject: "[secrets]",
                              title: "pushed secrets are not rejected",
                              evidence: "\(policy.source): [secrets] scan = \"\(policy.secrets.scan.rawValue)\"",
                              fix: "set [secrets] scan = \"enforce\"")]
    }
}
