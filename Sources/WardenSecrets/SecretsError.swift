import WardenTOML

/// Why a rule set could not be turned into a scanner. A hook treats this as "could not decide" and fails closed,
/// so each case names the rule and says what is wrong with it.
public enum SecretsError: Error, Sendable, Equatable, CustomStringConvertible {
    /// PCRE2 refused a regex (`field` is "regex", "path", "allowlist" …; `offset` is in bytes).
    case invalidRegex(ruleID: String, field: String, message: String, offset: Int)
    /// The rule set is malformed: duplicate ids, a rule with neither regex nor path, a bad secret group.
    case invalidRule(ruleID: String, message: String)
    /// Vectorscan could not build the database even after putting awkward rules aside.
    case vectorscan(String)
    /// A rule file could not be read.
    case unreadable(path: String, message: String)
    /// A rule file is not valid TOML or does not fit the rule format; the error names file, line and key.
    case config(TOMLError)

    public var description: String {
        switch self {
        case .invalidRegex(let id, let field, let message, let offset):
            "rule '\(id)': \(field) does not compile at byte \(offset): \(message)"
        case .invalidRule(let id, let message):
            "rule '\(id)': \(message)"
        case .vectorscan(let message):
            "vectorscan: \(message)"
        case .unreadable(let path, let message):
            "cannot read rule file \(path): \(message)"
        case .config(let error):
            error.description
        }
    }
}
