import WardenPolicy

/// Renders a verdict for the pusher's terminal. git prefixes each line with "remote: ", so lines stay short,
/// start with the ref, and end with how to fix the problem.
enum VerdictReport {
    static func lines(for verdict: Verdict, policySource: String) -> [String] {
        var lines: [String] = []
        switch verdict {
        case .rejected(let violations, let warnings):
            let count = violations.count == 1 ? "1 violation" : "\(violations.count) violations"
            lines.append("git-warden: push REJECTED (\(count)); no ref was updated.")
            lines += describe(violations)
            if !warnings.isEmpty {
                lines.append("git-warden: also found in evaluate mode (not enforced):")
                lines += describe(warnings)
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
