import WardenTOML
@testable import WardenSecrets

extension FuzzTarget {
    /// gitleaks configurations (`[[rules]]`, camelCase, `[extend]`, `[[allowlists]]`). The depth passed is the
    /// limit, so an `[extend] path` is refused instead of reading whatever file the input names: the loader's file
    /// reading is not what is fuzzed, and `/dev/zero` would only measure the disk.
    static let rulesGitleaks = FuzzTarget(name: "rules-gitleaks", summary: "RuleSet.parseGitleaks on a parsed TOML document") { bytes in
        guard let root = try? TOMLDocument.parse(bytes: bytes, source: "/nonexistent/fuzz-gitleaks.toml"),
              let rules = try? RuleSet.parseGitleaks(root, source: "/nonexistent/fuzz-gitleaks.toml",
                                                      depth: RuleSet.maxExtendDepth) else { return }
        RuleSetFixture.settle(rules)
    }
}
