import WardenTOML

/// git-warden's rule format: `[[rule]]` tables with kebab-case keys and a `[global-allowlist]`.
/// Unknown keys are errors: a misspelt `entropy` would otherwise silently change what a rule reports.
extension RuleSet {
    static let nativeRuleKeys: Set<String> = [
        "id", "description", "regex", "secret-group", "keywords", "entropy", "path", "allow-regexes",
        "allow-match-regexes", "allow-line-regexes", "allow-paths", "stopwords", "allowlist", "tags", "positives",
        "negatives",
    ]

    static func parseNative(_ root: TOMLTable) throws(TOMLError) -> RuleSet {
        try root.rejectUnknownKeys(allowed: ["title", "description", "version", "rule", "global-allowlist"],
                                   context: "a rule file")
        var rules: [SecretRule] = []
        for table in try root.tables("rule") ?? [] {
            try table.rejectUnknownKeys(allowed: nativeRuleKeys, context: "[[rule]]")
            guard let id = try table.string("id"), !id.isEmpty else { throw table.error("a rule needs an id") }
            var allowlist = SecretAllowlist(
                regexes: try table.strings("allow-regexes") ?? [],
                matchRegexes: try table.strings("allow-match-regexes") ?? [],
                lineRegexes: try table.strings("allow-line-regexes") ?? [],
                stopwords: try table.strings("stopwords") ?? [],
                paths: try table.strings("allow-paths") ?? [])
            if let nested = try table.table("allowlist") { allowlist = allowlist.merged(with: try parseNativeAllowlist(nested)) }
            let regex = try table.string("regex")
            let path = try table.string("path")
            guard regex != nil || path != nil else { throw table.error("rule '\(id)' needs a regex, a path, or both") }
            rules.append(SecretRule(
                id: id,
                description: try table.string("description") ?? "",
                regex: regex,
                secretGroup: try table.integer("secret-group").map { Int($0) },
                keywords: try table.strings("keywords") ?? [],
                entropy: try table.number("entropy"),
                path: path,
                allowlist: allowlist,
                tags: try table.strings("tags") ?? [],
                positives: try table.strings("positives") ?? [],
                negatives: try table.strings("negatives") ?? []))
        }
        var global = SecretAllowlist()
        if let table = try root.table("global-allowlist") { global = try parseNativeAllowlist(table) }
        return RuleSet(rules: rules, allowlist: global)
    }

    static func parseNativeAllowlist(_ table: TOMLTable) throws(TOMLError) -> SecretAllowlist {
        try table.rejectUnknownKeys(
            allowed: ["description", "regexes", "match-regexes", "line-regexes", "stopwords", "paths"],
            context: "an allowlist")
        return SecretAllowlist(
            regexes: try table.strings("regexes") ?? [],
            matchRegexes: try table.strings("match-regexes") ?? [],
            lineRegexes: try table.strings("line-regexes") ?? [],
            stopwords: try table.strings("stopwords") ?? [],
            paths: try table.strings("paths") ?? [])
    }
}
