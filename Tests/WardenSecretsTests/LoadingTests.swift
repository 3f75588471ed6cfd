import Foundation
import TestSupport
import Testing
@testable import WardenSecrets

@Suite struct LoadingTests {
    @Test func nativeFormat() throws {
        let rules = try RuleSet.parse(#"""
        [[rule]]
        id = "github-pat"
        description = "GitHub token"
        regex = '''\b(ghp_[0-9A-Za-z]{36})\b'''
        secret-group = 1
        keywords = ["GHP_"]
        entropy = 3
        allow-regexes = ['''EXAMPLE''']
        stopwords = ["Sample"]
        tags = ["github"]
        positives = ["t = ghp_0123456789abcdefghijklmnopqrstuvwxyZ"]
        negatives = ["ghp_short"]

        [[rule]]
        id = "keystore"
        path = '''\.p12$'''

        [global-allowlist]
        paths = ['''^vendor/''']
        stopwords = ["placeholder"]
        """#, source: "rules.toml")
        #expect(rules.rules.map(\.id) == ["github-pat", "keystore"])
        let github = rules.rules[0]
        #expect(github.keywords == ["ghp_"] && github.entropy == 3 && github.secretGroup == 1)
        #expect(github.allowlist.regexes == ["EXAMPLE"] && github.allowlist.stopwords == ["sample"])
        #expect(github.positives.count == 1 && github.negatives == ["ghp_short"])
        #expect(rules.rules[1].regex == nil && rules.rules[1].path == #"\.p12$"#)
        #expect(rules.allowlist.paths == ["^vendor/"] && rules.allowlist.stopwords == ["placeholder"])
    }

    @Test func nativeFormatRejectsMisspeltKeys() {
        #expect {
            try RuleSet.parse("[[rule]]\nid = \"x\"\nregex = \"a\"\nentropie = 3\n", source: "r.toml")
        } throws: { error in
            guard case .config(let toml) = error as? SecretsError else { return false }
            return toml.position.line == 4 && toml.message.contains("entropy")
        }
    }

    @Test func gitleaksFormatWithExtendAndAllowlists() throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        try #"""
        [[rules]]
        id = "base-a"
        regex = '''aaa([0-9]{4})'''
        [[rules]]
        id = "base-b"
        regex = '''bbb[0-9]{4}'''
        """#.write(toFile: "\(directory)/base.toml", atomically: true, encoding: .utf8)
        try #"""
        title = "custom"
        [extend]
        path = "base.toml"
        disabledRules = ["base-b"]

        [[rules]]
        id = "internal-token"
        description = "Internal token"
        regex = '''itk_([a-z0-9]{20})'''
        secretGroup = 1
        entropy = 2.5
        keywords = ["itk_"]
        tags = ["internal"]
        [[rules.allowlists]]
        regexTarget = "line"
        regexes = ['''fixture''']
        [[rules.allowlists]]
        condition = "AND"
        paths = ['''test''']
        stopwords = ["x"]

        [[rules]]
        id = "base-a"
        [rules.allowlist]
        stopwords = ["0000"]

        [allowlist]
        paths = ['''(^|/)testdata/''']
        regexes = ['''^dummy''']
        """#.write(toFile: "\(directory)/.gitleaks.toml", atomically: true, encoding: .utf8)
        let rules = try RuleSet.load(path: "\(directory)/.gitleaks.toml")
        #expect(rules.rules.map(\.id) == ["base-a", "internal-token"])
        #expect(rules.rules[0].allowlist.stopwords == ["0000"] && rules.rules[0].regex == "aaa([0-9]{4})")
        let token = rules.rules[1]
        #expect(token.secretGroup == 1 && token.entropy == 2.5 && token.keywords == ["itk_"])
        #expect(token.allowlist.lineRegexes == ["fixture"] && token.allowlist.paths.isEmpty)
        #expect(rules.allowlist.paths == ["(^|/)testdata/"] && rules.allowlist.regexes == ["^dummy"])
        let scanner = try SecretScanner(rules: rules, cache: .disabled)
        #expect(scanner.scan(Array("itk_k3j4h5g6f7d8s9a0q1w2".utf8), path: "a").findings.count == 1)
    }

    @Test func gitleaksUseDefaultMergesEmbeddedRules() throws {
        let defaults = try RuleSet.defaultRules()
        let rules = try RuleSet.parse("[extend]\nuseDefault = true\n[[rules]]\nid = \"mine\"\nregex = \"zz[0-9]{9}\"\n",
                                      source: "g.toml")
        #expect(rules.rules.count == defaults.rules.count + 1)
        #expect(rules.rules.last?.id == "mine")
    }

    @Test func missingFileIsReported() {
        #expect(throws: SecretsError.self) { try RuleSet.load(path: "/nonexistent/rules.toml") }
    }
}

extension LoadingTests {
    @Test func gitleaksRegexTargetsApplyToSecretMatchAndLine() throws {
        let rules = try RuleSet.parse(#"""
        [[rules]]
        id = "pw"
        regex = '''password\s*=\s*"([A-Za-z0-9]{12,})"'''
        [[rules.allowlists]]
        regexes = ['''^Test''']
        [[rules.allowlists]]
        regexTarget = "match"
        regexes = ['''password = "Fixture''']
        [[rules.allowlists]]
        regexTarget = "line"
        regexes = ['''// sample$''']
        """#, source: ".gitleaks.toml")
        let scanner = try SecretScanner(rules: rules, cache: .disabled)
        func count(_ text: String) -> Int { scanner.scan(Array(text.utf8), path: "a.swift").findings.count }
        #expect(count(#"password = "Hq8zW2mLp4Xr""#) == 1)
        #expect(count(#"password = "TestW2mLp4Xr""#) == 0)
        #expect(count(#"password = "FixturemLp4Xr""#) == 0)
        #expect(count(#"password="FixturemLp4Xr""#) == 1)
        #expect(count(#"password = "Hq8zW2mLp4Xr" // sample"#) == 0)
    }
}

/// Rule files go through the same strict TOML reader as policies: raw bytes, invalid UTF-8 and impossible values
/// reported at their line instead of silently changing what a rule matches.
extension LoadingTests {
    /// The line, message and full text of the TOML error a load ends with, if it ends with one.
    static func configError(_ body: () throws -> Void) -> (line: Int, message: String, description: String)? {
        do { try body(); return nil } catch {
            if case .config(let toml)? = error as? SecretsError { return (toml.position.line, toml.message, toml.description) }
        }
        return nil
    }

    @Test(arguments: ["own.toml", ".gitleaks.toml"])
    func invalidUTF8InARuleFileIsAnErrorAtItsLine(name: String) throws {
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let directory = scratch.path
        let table = name == "own.toml" ? "rule" : "rules"
        // A Latin-1 "é" (0xE9) inside the regex: read lossily it became U+FFFD and the rule matched that instead.
        let bytes = Array("[[\(table)]]\nid = \"x\"\nregex = '''caf".utf8) + [0xE9] + Array("[0-9]{8}'''\n".utf8)
        try Data(bytes).write(to: URL(fileURLWithPath: "\(directory)/\(name)"))
        let error = try #require(Self.configError { _ = try RuleSet.load(path: "\(directory)/\(name)") })
        #expect(error.line == 3)
        #expect(error.message.contains("invalid UTF-8 byte 0xE9"))
        #expect(error.description.hasPrefix("\(directory)/\(name):3:"))
    }

    @Test func badEscapesAndDatesInARuleFileAreErrors() throws {
        let escape = Self.configError { _ = try RuleSet.parse("[[rule]]\nid = \"x\"\nregex = \"\\u+041\"\n", source: "r.toml") }
        #expect(escape?.line == 3 && escape?.message.contains("hex digits") == true)
        let date = Self.configError {
            _ = try RuleSet.parse("[[rules]]\nid = \"x\"\nregex = \"a\"\nwhen = 1979-99-99\n", source: "g.toml")
        }
        #expect(date?.line == 4)
    }
}
