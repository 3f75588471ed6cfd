/// How a rule is matched. Decided once per rule set (and cached with the database), because finding out whether
/// Vectorscan accepts a regex costs a compile attempt.
enum RuleMode: UInt8, Sendable {
    /// No regex: the rule flags files by path.
    case pathOnly = 0
    /// Vectorscan finds exactly the ends of the regex's matches; PCRE2 only extracts the secret.
    case exact = 1
    /// Vectorscan finds a superset (look-around and back-references relaxed); PCRE2 decides.
    case prefilter = 2
    /// Vectorscan rejects the regex even as a prefilter: PCRE2 runs over the whole buffer, after a keyword check.
    case fallback = 3

    var usesVectorscan: Bool { self == .exact || self == .prefilter }
}
