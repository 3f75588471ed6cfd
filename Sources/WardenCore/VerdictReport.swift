import WardenPolicy

/// Renders a verdict for the pusher's terminal. git prefixes each line with "remote: ", so lines stay short,
/// start with the ref, and end with how to fix the problem.
enum VerdictReport {
    /// Which hook speaks: the server decides, a developer-side hook predicts (or refuses a commit).
    enum Speaker {
        case server
        case client(hook: String)
    }

    static func lines(for verdict: Verdict, policy: Policy, ignoreFile: String, speaker: Speaker = .server) -> [String] {
        let policySource = policy.source
        var lines: [String] = []
        switch verdict {
        case .rejected(let violations, let warnings):
            let count = violations.count == 1 ? "1 violation" : "\(violations.count) violations"
            switch speaker {
            case .server: lines.append("git-warden: push REJECTED (\(count)); no ref was updated.")
            case .client(let hook): lines.append("git-warden \(hook): REFUSED (\(count)); the server's policy would reject this.")
            }
            lines += describe(violations)
            if !warnings.isEmpty {
                lines.append("git-warden: also found in evaluate mode (not enforced):")
                lines += describe(warnings)
            }
            if violations.contains(where: { $0.kind == .secret }) {
                lines += secretHelp(inlineAllow: policy.secrets.inlineAllow, ignoreFile: ignoreFile, speaker: speaker,
                                    inMessage: violations.contains(where: isMessageSecret))
            }
            lines.append("git-warden: policy \(policySource)")
        case .allowed(let warnings) where !warnings.isEmpty:
            let count = warnings.count == 1 ? "1 violation" : "\(warnings.count) violations"
            lines.append("git-warden: push accepted; evaluate mode found \(count) that enforce mode would reject:")
            lines += describe(warnings)
            lines.append("git-warden: policy \(policySource)")
        case .allowed:
            break
        }
        return lines
    }

    /// Deleting a secret in a later commit leaves it in history, where every clone can read it: the pusher must
    /// rewrite the commits that add it, and rotate it, since it may already have been copied.
    static func secretHelp(inlineAllow: Bool, ignoreFile: String, speaker: Speaker, inMessage: Bool = false) -> [String] {
        var lines: [String]
        if case .client(hook: "commit-msg") = speaker {
            lines = [
                "git-warden: nothing was committed. Take the secret out of the message and commit again. If it was",
                "  ever shared, rotate it.",
            ]
        } else if case .client(hook: "pre-commit") = speaker {
            lines = [
                "git-warden: nothing was committed. Take the secret out of the file (read it from the environment or a",
                "  secret store), git add the file again and commit. If it was ever shared, rotate it.",
            ]
        } else {
            lines = pushedSecretHelp
            if inMessage { lines += messageSecretHelp }
        }
        lines.append("git-warden: a false positive?")
        if inlineAllow { lines.append("    add a comment containing git-warden:allow on that line, or") }
        switch speaker {
        case .server: lines.append("    ask the server administrator to add its fingerprint (shown above) to \(ignoreFile)")
        case .client: lines.append("    add its fingerprint (shown above) to \(ignoreFile) (the server keeps its own list)")
        }
        return lines
    }

    static let pushedSecretHelp = [
        "git-warden: a secret in any pushed commit is in the history every clone gets, even if a later commit",
        "  deletes it. Rotate or revoke it first, then rewrite the commits that add it:",
        "    in the last commit:     edit the file, git add it, git commit --amend",
        "    in an earlier commit:   git rebase -i <commit>~1, mark the commit 'edit', fix it, git commit --amend,",
        "                            git rebase --continue",
        "    in many commits:        git filter-repo --replace-text <file listing the secret>",
        "  and push again.",
    ]

    /// A secret in a message is rewritten by rewording, not by editing a file.
    static let messageSecretHelp = [
        "  A secret in a commit message (commit-message): git commit --amend for the last commit, else",
        "    git rebase -i <commit>~1 and mark the commit 'reword'. In a tag message (tag-message): delete the tag",
        "    (git tag -d <name>) and create it again with a clean message.",
    ]

    static func isMessageSecret(_ violation: Violation) -> Bool {
        violation.kind == .secret && (violation.path == ObjectMessage.commitPath || violation.path == ObjectMessage.tagPath)
    }

    static func describe(_ violations: [Violation]) -> [String] {
        violations.flatMap { violation in
            [
                "",
                "  \(violation.ref): \(violation.kind.rawValue) (rule \(violation.rule))",
                "    \(violation.detail)",
                "    fix: \(violation.fix)",
            ]
        } + [""]
    }
}
