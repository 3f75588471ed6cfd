/// A rule ready to run: its regexes compiled (the main one lazily) and its mode decided.
///
/// A class: the scan loop touches every rule per blob, and copying a struct full of strings and arrays there
/// cost more (retain/release) than scanning a small blob.
final class CompiledRule: Sendable {
    let rule: SecretRule
    let mode: RuleMode
    let regex: LazyRegex?
    let path: PCRE2Regex?
    let allowlist: CompiledAllowlist
    let keywords: [[UInt8]]
    /// Generic rules (tag `generic` or id starting with `generic`) yield to a specific rule reporting the same
    /// bytes: "GitHub token" says more than "generic API key".
    let isGeneric: Bool

    init(_ rule: SecretRule, mode: RuleMode) throws(SecretsError) {
        self.rule = rule
        self.mode = mode
        regex = rule.regex.map(LazyRegex.init)
        if let pattern = rule.path {
            path = try CompiledAllowlist.compile([pattern], ruleID: rule.id, field: "path").first
        } else {
            path = nil
        }
        allowlist = try CompiledAllowlist(rule.allowlist, ruleID: rule.id)
        keywords = rule.keywords.map { Bytes.lowercased($0.utf8) }
        isGeneric = rule.tags.contains("generic") || rule.id.hasPrefix("generic")
        hasPathCondition = path != nil || !allowlist.paths.isEmpty
    }

    /// Whether `applies(toPath:)` can ever say no; most rules look at every file.
    let hasPathCondition: Bool

    /// Whether the rule looks at a file with this path at all.
    func applies(toPath path: [UInt8]) -> Bool {
        if let pathRegex = self.path, !pathRegex.matches(path) { return false }
        return !allowlist.allowsPath(path)
    }
}
