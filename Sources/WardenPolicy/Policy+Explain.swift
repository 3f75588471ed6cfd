/// Why a ref is (or is not) protected: which rules cover it, through which pattern, and the strictest value of
/// every constraint together with the rule it comes from.
public struct PolicyExplanation: Sendable {
    public struct RuleMatch: Sendable {
        public var rule: String
        public var line: Int
        public var matchedPattern: String?
        public var mode: EnforcementMode
    }

    public var ref: String
    public var pusher: String?
    public var rules: [RuleMatch]
    /// Lines such as "block-force-push = true (rule protect-main)".
    public var constraints: [String]
    /// Whether new content pushed to the ref is scanned for secrets, and how.
    public var secretScanning: String

    public var text: String {
        var lines = ["ref \(ref)" + (pusher.map { ", pusher \($0)" } ?? "")]
        for match in rules {
            if let pattern = match.matchedPattern {
                lines.append("  rule \(match.rule) (line \(match.line), \(match.mode.rawValue)): applies, pattern \(pattern)")
            } else {
                lines.append("  rule \(match.rule) (line \(match.line)): does not apply")
            }
        }
        if constraints.isEmpty {
            lines.append("  no rule covers this ref: every update is accepted (secret scanning aside)")
        } else {
            lines.append("effective policy (the strictest rule wins):")
            lines += constraints.map { "  \($0)" }
        }
        lines.append("secret scanning: \(secretScanning)")
        return lines.joined(separator: "\n")
    }
}

extension Policy {
    public func explain(ref: String, pusher: String?) -> PolicyExplanation {
        let matches = rules.map { rule in
            PolicyExplanation.RuleMatch(rule: rule.id, line: rule.line, matchedPattern: rule.matchingPattern(for: ref)?.pattern,
                                        mode: rule.mode)
        }
        let applying = rules(for: ref)
        var constraints: [String] = []
        func flag(_ name: String, _ keyPath: KeyPath<RefRule, Bool>) {
            let owners = applying.filter { $0[keyPath: keyPath] }.map(\.id)
            if !owners.isEmpty { constraints.append("\(name) = true (\(owners.joined(separator: ", ")))") }
        }
        flag("block-force-push", \.blockForcePush)
        flag("block-deletion", \.blockDeletion)
        flag("block-creation", \.blockCreation)
        flag("require-linear-history", \.requireLinearHistory)
        if let strictest = applying.filter({ $0.maxFileSize != nil }).min(by: { $0.maxFileSize! < $1.maxFileSize! }),
           let size = strictest.maxFileSize {
            constraints.append("max-file-size = \(ByteSize.describe(size)) (\(strictest.id))")
        }
        for rule in applying where !rule.forbiddenPaths.isEmpty {
            constraints.append("forbidden-paths = \(rule.forbiddenPaths.map(\.pattern)) (\(rule.id))")
        }
        for rule in applying {
            if let pattern = rule.commitMessagePattern {
                constraints.append("commit-message-pattern = \(pattern.pattern) (\(rule.id))")
            }
            if let pattern = rule.authorEmailPattern {
                constraints.append("author-email-pattern = \(pattern.pattern) (\(rule.id))")
            }
        }
        for rule in applying where !rule.pushers.isEmpty {
            let allowed = rule.pushers.contains(pusher ?? "")
            let verdict = pusher == nil ? "" : (allowed ? ": \(pusher!) is allowed" : ": \(pusher!) is NOT allowed")
            constraints.append("pushers = \(rule.pushers) (\(rule.id))\(verdict)")
        }
        return PolicyExplanation(ref: ref, pusher: pusher, rules: matches, constraints: constraints,
                                 secretScanning: describeSecretScanning(for: ref))
    }

    func describeSecretScanning(for ref: String) -> String {
        guard secrets.scan != .off else { return "off ([secrets] scan = \"off\")" }
        guard secrets.covers(ref) else { return "off for this ref (not in [secrets] refs)" }
        let scope = secrets.refs.isEmpty ? "every ref" : "refs \(secrets.refs.map(\.pattern))"
        let origin = secrets.line > 0 ? "[secrets] line \(secrets.line)" : "default, no [secrets] section"
        return "\(secrets.scan.rawValue) on \(scope) (\(origin))"
    }
}
