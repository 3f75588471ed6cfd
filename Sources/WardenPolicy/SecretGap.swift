/// Content a secret rule could not finish judging (its regex hit the match limit on a candidate, or the rule could
/// not run): the scan cannot call that content clean, so policy treats it as "could not decide" and rejects,
/// naming the rule and the path, like a finding it cannot see.
public struct SecretGap: Sendable, Codable, Equatable {
    public var ruleID: String
    /// Path of the file, or a description such as "blob 1234abcd".
    public var path: String
    public var commit: String?
    /// What the scanner said ("rule 'x' could not decide the candidate at byte 12 (regex match limit)").
    public var reason: String

    public init(ruleID: String, path: String, commit: String?, reason: String) {
        self.ruleID = ruleID
        self.path = path
        self.commit = commit
        self.reason = reason
    }
}

extension Policy {
    /// One `undecided` violation per gap, in the `[secrets]` mode: in evaluate mode it warns, as a finding would.
    func secretGapViolations(_ update: UpdateFacts) -> [Violation] {
        guard secrets.covers(update.ref) else { return [] }
        return update.secretGaps.map { gap in
            let commit = gap.commit.map { " in commit \(String($0.prefix(12)))" } ?? ""
            return Violation(rule: "secrets", kind: .undecided, ref: update.ref, mode: secrets.mode, object: gap.commit,
                             path: gap.path,
                             detail: "could not decide whether \(gap.path)\(commit) holds a secret: \(gap.reason)",
                             fix: "the server administrator must fix or simplify secret rule '\(gap.ruleID)'; "
                                 + "until then this content cannot be judged")
        }
    }
}
