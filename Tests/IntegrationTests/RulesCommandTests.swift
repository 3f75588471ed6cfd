import Foundation
import Testing

/// `git-warden rules list | check` on the built-in rules and on rule files.
@Suite struct RulesCommandTests {
    @Test func listShowsTheBuiltInRules() throws {
        let box = try Sandbox()
        let text = try box.run([Sandbox.binary, "rules", "list"])
        #expect(text.status == 0)
        #expect(text.stdout.split(separator: "\n").contains { $0.hasPrefix("github-pat\t") && $0.contains("keywords: ghp_") })
        let json = try box.run([Sandbox.binary, "rules", "list", "--format", "json"])
        let rules = try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]] ?? []
        #expect(rules.count > 100)
        #expect(rules.contains { $0["id"] as? String == "github-pat" && ($0["keywords"] as? [String]) == ["ghp_"] })
    }

    @Test func listReadsAGitleaksConfig() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/rules.toml", "[[rules]]\nid = \"acme\"\ndescription = \"ACME key\"\nregex = '''acme_[0-9]{8}'''\ntags = [\"vendor\"]\n")
        let result = try box.run([Sandbox.binary, "rules", "list", "--config", "rules.toml"])
        #expect(result.status == 0)
        #expect(result.stdout == "acme\tACME key\ttags: vendor\n")
    }

    @Test func checkPassesTheDefaultsAndFailsABadFile() throws {
        let box = try Sandbox()
        let defaults = try box.run([Sandbox.binary, "rules", "check"])
        #expect(defaults.status == 0, "\(defaults.output)")
        #expect(defaults.stdout.contains("default-rules.toml:") && defaults.stdout.contains(" 0 errors"))
        try box.write("\(box.root)/bad.toml", """
            [[rule]]
            id = "acme"
            regex = '''acme_[0-9]{8}'''
            positives = ["acme_1234"]
            negatives = ["acme_12345678"]
            """)
        let bad = try box.run([Sandbox.binary, "rules", "check", "bad.toml"])
        #expect(bad.status == 1)
        #expect(bad.stdout.contains("bad.toml: acme: error: positive example not found: \"acme_1234\""))
        #expect(bad.stdout.contains("bad.toml: acme: error: negative example reported: \"acme_12345678\""))
        let missing = try box.run([Sandbox.binary, "rules", "check", "absent.toml"])
        #expect(missing.status == 2 && missing.stderr.contains("absent.toml"))
    }
}
