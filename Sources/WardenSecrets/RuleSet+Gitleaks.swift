import Foundation
import WardenTOML

/// gitleaks configurations (`.gitleaks.toml`): `[[rules]]`, `[allowlist]` / `[[allowlists]]`, `[extend]`.
///
/// Unknown keys are tolerated (gitleaks adds fields often), but where a field would change meaning we cannot
/// express, we err towards reporting: an allowlist with `condition = "AND"` over several criteria, or with only
/// `commits`, is dropped rather than applied too broadly.
extension RuleSet {
    /// How deep `[extend] path` chains may go (they could form a cycle).
    static let maxExtendDepth = 4

    static func parseGitleaks(_ root: TOMLTable, source: String, depth: Int,
                              extendsDefaults: Bool = false) throws(SecretsError) -> RuleSet {
        do {
            var base = extendsDefaults ? try defaultRules() : RuleSet(rules: [])
            var disabled: Set<String> = []
            if let extend = try root.table("extend") {
                if try extend.bool("useDefault") == true, !extendsDefaults { base = try defaultRules() }
                if let path = try extend.string("path") {
                    guard depth < maxExtendDepth else { throw extend.error("[extend] chain too deep", key: "path") }
                    let resolved = path.hasPrefix("/") ? path
                        : URL(fileURLWithPath: source).deletingLastPathComponent().appendingPathComponent(path).path
                    base = base.extended(by: try load(path: resolved, depth: depth + 1))
                }
                disabled = Set(try extend.strings("disabledRules") ?? [])
            }
            var own = RuleSet(rules: [])
            for table in try root.tables("rules") ?? [] {
                guard let id = try table.string("id"), !id.isEmpty else { throw table.error("a rule needs an id") }
                var allowlist = SecretAllowlist()
                var tables = try table.tables("allowlists") ?? []
                if let single = try table.table("allowlist") { tables.append(single) }
                for entry in tables {
                    if let parsed = try parseGitleaksAllowlist(entry) { allowlist = allowlist.merged(with: parsed) }
                }
                let regex = try table.string("regex")
                let path = try table.string("path")
                if regex == nil && path == nil, let index = base.rules.firstIndex(where: { $0.id == id }) {
                    // gitleaks lets an extending config add allowlists to a base rule by id alone.
                    base.rules[index].allowlist = base.rules[index].allowlist.merged(with: allowlist)
                    continue
                }
                own.rules.append(SecretRule(
                    id: id, description: try table.string("description") ?? "", regex: regex,
                    secretGroup: try table.integer("secretGroup").map { Int($0) },
                    keywords: try table.strings("keywords") ?? [], entropy: try table.number("entropy"),
                    path: path, allowlist: allowlist, tags: try table.strings("tags") ?? []))
            }
            var globals: [TOMLTable] = try root.tables("allowlists") ?? []
            if let single = try root.table("allowlist") { globals.append(single) }
            for table in globals {
                guard let parsed = try parseGitleaksAllowlist(table) else { continue }
                if let targets = try table.strings("targetRules") {
                    for index in own.rules.indices where targets.contains(own.rules[index].id) {
                        own.rules[index].allowlist = own.rules[index].allowlist.merged(with: parsed)
                    }
                    for index in base.rules.indices where targets.contains(base.rules[index].id) {
                        base.rules[index].allowlist = base.rules[index].allowlist.merged(with: parsed)
                    }
                } else {
                    own.allowlist = own.allowlist.merged(with: parsed)
                }
            }
            var result = base.extended(by: own)
            result.rules.removeAll { disabled.contains($0.id) }
            return result
        } catch let error as TOMLError {
            throw .config(error)
        } catch let error as SecretsError {
            throw error
        } catch {
            throw .unreadable(path: source, message: "\(error)")
        }
    }

    /// nil when the allowlist cannot be applied faithfully (see the type's note).
    static func parseGitleaksAllowlist(_ table: TOMLTable) throws(TOMLError) -> SecretAllowlist? {
        let regexes = try table.strings("regexes") ?? []
        let paths = try table.strings("paths") ?? []
        let stopwords = try table.strings("stopwords") ?? []
        let commits = try table.strings("commits") ?? []
        let criteria = [regexes, paths, stopwords, commits].filter { !$0.isEmpty }.count
        if try table.string("condition")?.uppercased() == "AND" && criteria > 1 { return nil }
        if criteria == 1 && !commits.isEmpty { return nil }
        switch try table.string("regexTarget")?.lowercased() ?? "secret" {
        case "secret": return SecretAllowlist(regexes: regexes, stopwords: stopwords, paths: paths)
        case "match": return SecretAllowlist(matchRegexes: regexes, stopwords: stopwords, paths: paths)
        case "line": return SecretAllowlist(lineRegexes: regexes, stopwords: stopwords, paths: paths)
        case let other: throw table.error("unknown regexTarget '\(other)'", key: "regexTarget")
        }
    }

    /// This set with `other` on top: a rule of `other` replaces the rule of the same id, allowlists add up.
    func extended(by other: RuleSet) -> RuleSet {
        let replaced = Set(other.rules.map(\.id))
        return RuleSet(rules: rules.filter { !replaced.contains($0.id) } + other.rules,
                       allowlist: allowlist.merged(with: other.allowlist))
    }
}
