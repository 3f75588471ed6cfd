/// Exceptions to a rule (or, as `RuleSet.allowlist`, to every rule).
///
/// Real repositories are full of example keys, test fixtures and placeholders; each kind of exception has its own
/// field so a reader can tell what a given entry suppresses.
public struct SecretAllowlist: Sendable, Hashable {
    /// PCRE2 regexes matched against the secret: a match suppresses the finding.
    public var regexes: [String]
    /// PCRE2 regexes matched against the whole regex match (gitleaks' `regexTarget = "match"`).
    public var matchRegexes: [String]
    /// PCRE2 regexes matched against the line(s) holding the match.
    public var lineRegexes: [String]
    /// Case-insensitive words: a secret containing one is a placeholder, not a secret.
    public var stopwords: [String]
    /// PCRE2 regexes on the file path: matching files are not scanned by the rule.
    public var paths: [String]

    public init(regexes: [String] = [], matchRegexes: [String] = [], lineRegexes: [String] = [],
                stopwords: [String] = [], paths: [String] = []) {
        self.regexes = regexes
        self.matchRegexes = matchRegexes
        self.lineRegexes = lineRegexes
        self.stopwords = stopwords.map { $0.lowercased() }
        self.paths = paths
    }

    /// Both lists' entries: used when a config extends another.
    func merged(with other: SecretAllowlist) -> SecretAllowlist {
        SecretAllowlist(regexes: regexes + other.regexes, matchRegexes: matchRegexes + other.matchRegexes,
                        lineRegexes: lineRegexes + other.lineRegexes, stopwords: stopwords + other.stopwords,
                        paths: paths + other.paths)
    }
}
