import Foundation
import WardenTOML

/// Reading rule sets: git-warden's own format (`[[rule]]`, kebab-case) and gitleaks configurations (`[[rules]]`,
/// camelCase, `[extend]`), so a team moving from gitleaks keeps its rules.
extension RuleSet {
    /// The rules built into the binary (`Sources/WardenSecrets/Resources/default-rules.toml`, embedded at build
    /// time), without their examples: what scanners use.
    public static func defaultRules() throws(SecretsError) -> RuleSet {
        try defaultRules(cache: .automatic)
    }

    /// The same, read from the parsed-rules cache when it holds this binary's rules (see `ParsedRulesCache`).
    static func defaultRules(cache: CacheLocation) throws(SecretsError) -> RuleSet {
        let directories = cache.candidateDirectories
        for directory in directories {
            if let cached = ParsedRulesCache.load(text: defaultRulesRuntimeText, directory: directory) { return cached }
        }
        let parsed = try parse(defaultRulesRuntimeText, source: "default-rules.toml")
        for directory in directories where ParsedRulesCache.store(parsed, text: defaultRulesRuntimeText, directory: directory) {
            break
        }
        return parsed
    }

    /// The built-in rules with their positive and negative examples, for `rules check` and the rule tests.
    public static func defaultRulesWithExamples() throws(SecretsError) -> RuleSet {
        try parse(defaultRulesText, source: "default-rules.toml")
    }

    /// The embedded default rule file's text, for `git-warden rules show` and the generic rule test.
    package static var defaultRulesSource: String { defaultRulesText }

    /// Reads a rule file of either format.
    public static func load(path: String) throws(SecretsError) -> RuleSet {
        try load(path: path, depth: 0)
    }

    /// Parses rule file text of either format. `source` names the file in errors; a gitleaks `[extend] path` is
    /// resolved relative to it.
    public static func parse(_ text: String, source: String) throws(SecretsError) -> RuleSet {
        try parse(text, source: source, depth: 0)
    }

    /// The default rules plus a rule file's: its rules are added (replacing defaults with the same id), and a
    /// gitleaks file's `disabledRules` and `targetRules` allowlists apply to the defaults as if it said
    /// `[extend] useDefault = true`. This is what a policy's `[secrets] config` means by "extra rules".
    public static func defaults(extendedBy path: String) throws(SecretsError) -> RuleSet {
        try load(path: path, depth: 0, extendsDefaults: true)
    }

    static func load(path: String, depth: Int, extendsDefaults: Bool = false) throws(SecretsError) -> RuleSet {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw .unreadable(path: path, message: "no such file or not readable")
        }
        // Raw bytes, not a lossily decoded String: an invalid UTF-8 byte in a rule's regex is an error at its
        // line, never a U+FFFD that makes the rule match something else.
        return try parse(bytes: Array(data), source: path, depth: depth, extendsDefaults: extendsDefaults)
    }

    static func parse(_ text: String, source: String, depth: Int,
                      extendsDefaults: Bool = false) throws(SecretsError) -> RuleSet {
        try parse(bytes: Array(text.utf8), source: source, depth: depth, extendsDefaults: extendsDefaults)
    }

    static func parse(bytes: [UInt8], source: String, depth: Int,
                      extendsDefaults: Bool = false) throws(SecretsError) -> RuleSet {
        let root: TOMLTable
        do {
            root = try TOMLDocument.parse(bytes: bytes, source: source)
        } catch {
            throw .config(error)
        }
        let isGitleaks = ["rules", "extend", "allowlist", "allowlists"].contains { root[$0] != nil }
        if isGitleaks {
            return try parseGitleaks(root, source: source, depth: depth, extendsDefaults: extendsDefaults)
        }
        let own: RuleSet
        do {
            own = try parseNative(root)
        } catch {
            throw .config(error)
        }
        return extendsDefaults ? try defaultRules().extended(by: own) : own
    }
}
