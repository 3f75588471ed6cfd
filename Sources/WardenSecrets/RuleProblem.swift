/// One thing wrong (or worth knowing) about one rule, as `git-warden rules check` prints it.
public struct RuleProblem: Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// The rule itself is malformed (empty or duplicate id, bad secret group, no regex nor path).
        case definition
        /// A regex (rule, path or allowlist) does not compile in PCRE2.
        case regex
        /// Vectorscan rejects the regex even as a prefilter: the rule still works through PCRE2 alone, slowly.
        case vectorscan
        /// A positive example produced no finding of the rule.
        case positive
        /// A negative example produced a finding of the rule.
        case negative
        /// The rule has no positive or no negative examples.
        case examples
    }

    public var ruleID: String
    public var kind: Kind
    public var message: String

    /// Errors make a rule file unacceptable; warnings (Vectorscan fallback, missing examples) do not.
    public var isError: Bool { kind != .vectorscan && kind != .examples }

    public init(ruleID: String, kind: Kind, message: String) {
        self.ruleID = ruleID
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(isError ? "error" : "warning"): rule '\(ruleID)': \(message)" }
}
