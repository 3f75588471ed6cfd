/// An allowlist with its regexes compiled, ready to ask about one candidate.
struct CompiledAllowlist: Sendable {
    var regexes: [PCRE2Regex] = []
    var matchRegexes: [PCRE2Regex] = []
    var lineRegexes: [PCRE2Regex] = []
    var stopwords: [[UInt8]] = []
    var paths: [PCRE2Regex] = []

    init() {}

    /// - Parameter ruleID: names the rule in errors ("global" for the rule set's own list).
    init(_ allowlist: SecretAllowlist, ruleID: String) throws(SecretsError) {
        regexes = try Self.compile(allowlist.regexes, ruleID: ruleID, field: "allowlist regex")
        matchRegexes = try Self.compile(allowlist.matchRegexes, ruleID: ruleID, field: "allowlist match regex")
        lineRegexes = try Self.compile(allowlist.lineRegexes, ruleID: ruleID, field: "allowlist line regex")
        paths = try Self.compile(allowlist.paths, ruleID: ruleID, field: "allowlist path")
        stopwords = allowlist.stopwords.map { Array($0.lowercased().utf8) }
    }

    func allowsPath(_ path: [UInt8]) -> Bool { paths.contains { $0.matches(path) } }

    /// Whether the secret (or the match or line holding it) is exempt.
    func allows(secret: ArraySlice<UInt8>, lowercasedSecret: [UInt8], match: ArraySlice<UInt8>,
                line: ArraySlice<UInt8>) -> Bool {
        if stopwords.contains(where: { Bytes.contains(lowercasedSecret[...], $0) }) { return true }
        if regexes.contains(where: { $0.matches(secret) }) { return true }
        if matchRegexes.contains(where: { $0.matches(match) }) { return true }
        return lineRegexes.contains { $0.matches(line) }
    }

    static func compile(_ patterns: [String], ruleID: String, field: String) throws(SecretsError) -> [PCRE2Regex] {
        var compiled: [PCRE2Regex] = []
        for pattern in patterns {
            do {
                compiled.append(try PCRE2Regex(pattern, jit: false))
            } catch {
                throw .invalidRegex(ruleID: ruleID, field: field, message: error.message, offset: error.offset)
            }
        }
        return compiled
    }
}
