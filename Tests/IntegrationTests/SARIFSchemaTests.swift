import Foundation
import Testing

/// The SARIF report against the official SARIF 2.1.0 JSON schema (OASIS errata 01, vendored in Tests/Fixtures),
/// with a validator that must also reject documents that break it.
@Suite struct SARIFSchemaTests {
    static func validator() throws -> JSONSchemaValidator {
        let path = Sandbox.projectRoot + "/Tests/Fixtures/sarif-schema-2.1.0.json"
        let text = try #require(FileManager.default.contents(atPath: path).map { String(decoding: $0, as: UTF8.self) })
        return JSONSchemaValidator(root: try JSONValue.parse(text))
    }

    /// A SARIF report with a finding at a line, a whole-file finding and a binary-file note.
    static func sarif(_ box: Sandbox) throws -> String {
        let root = "\(box.root)/project"
        try box.write("\(root)/src/dir with space/config.py", "\nTOKEN = \"\(ScanFixtures.githubToken(seed: 5))\"\n")
        try box.write("\(root)/certs/server.p12", "not really a key store\n")
        try Data("bin\0ary".utf8).write(to: URL(fileURLWithPath: "\(root)/data.bin"))
        let rule = """
            [extend]
            useDefault = true

            [[rules]]
            id = "key-store"
            description = "PKCS#12 key store"
            path = '''\\.p12$'''
            """
        try box.write("\(box.root)/rules.toml", rule)
        let result = try ScanFixtures.scan(box, ["scan", "--format", "sarif", "--config", "\(box.root)/rules.toml"],
                                           in: root)
        #expect(result.status == 1, "\(result.stderr)")
        return result.stdout
    }

    @Test func reportIsValidSARIF() throws {
        let box = try Sandbox()
        let text = try Self.sarif(box)
        let errors = try Self.validator().validate(try JSONValue.parse(text))
        #expect(errors.isEmpty, "\(errors.prefix(10))")

        let log = try ScanFixtures.json(text)
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        let driver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(driver["name"] as? String == "git-warden")
        #expect(driver["version"] != nil && driver["informationUri"] != nil)
        let rules = try #require(driver["rules"] as? [[String: Any]])
        let results = try #require(run["results"] as? [[String: Any]])
        // Each rule with a result is described once (the defaults also flag .p12 files, as pkcs12-file).
        let ruleIDs = rules.compactMap { $0["id"] as? String }
        #expect(ruleIDs.count == Set(ruleIDs).count)
        #expect(Set(ruleIDs) == Set(results.compactMap { $0["ruleId"] as? String }))
        #expect(Set(ruleIDs).isSuperset(of: ["github-pat", "key-store"]))
        #expect(rules.allSatisfy { $0["shortDescription"] != nil && $0["help"] != nil })
        let secret = try #require(results.first { $0["ruleId"] as? String == "github-pat" })
        let location = try #require((secret["locations"] as? [[String: Any]])?.first?["physicalLocation"] as? [String: Any])
        #expect((location["artifactLocation"] as? [String: Any])?["uri"] as? String == "src/dir%20with%20space/config.py")
        #expect((location["region"] as? [String: Any])?["startLine"] as? Int == 2)
        #expect((location["region"] as? [String: Any])?["startColumn"] as? Int == 10)
        #expect(((secret["partialFingerprints"] as? [String: Any])?["gitWarden/v1"] as? String)?.count == 32)
        #expect(!text.contains(ScanFixtures.githubToken(seed: 5)))
    }

    @Test func validatorRejectsBrokenSARIF() throws {
        let box = try Sandbox()
        let validator = try Self.validator()
        let text = try Self.sarif(box)
        let breakages: [(String, String, String)] = [
            ("\"version\" : \"2.1.0\"", "\"version\" : \"2.0.0\"", "$.version"),
            ("\"startLine\" : 2", "\"startLine\" : 0", "startLine: 0.0 is below the minimum 1"),
            ("\"startLine\" : 2", "\"startLine\" : \"2\"", "startLine: expected integer, found string"),
            ("\"level\" : \"error\"", "\"level\" : \"fatal\"", "level"),
            ("\"ruleId\" :", "\"ruleID\" :", "property ruleID is not allowed"),
            ("\"runs\" :", "\"rnus\" :", "missing required property runs"),
        ]
        for (original, replacement, expected) in breakages {
            #expect(text.contains(original), "fixture lacks \(original)")
            let broken = text.replacingOccurrences(of: original, with: replacement)
            let errors = validator.validate(try JSONValue.parse(broken))
            #expect(errors.contains { $0.contains(expected) }, "\(replacement): \(errors.prefix(5))")
        }
    }

    @Test func validatorRefusesKeywordsItDoesNotKnow() throws {
        let validator = JSONSchemaValidator(root: try JSONValue.parse(#"{"type": "object", "patternProperties": {}}"#))
        #expect(validator.validate(try JSONValue.parse("{}")) == ["$: unsupported schema keyword patternProperties"])
        let typed = JSONSchemaValidator(root: try JSONValue.parse(#"{"type": "integer"}"#))
        #expect(typed.validate(try JSONValue.parse("true")).count == 1)
        #expect(typed.validate(try JSONValue.parse("1.5")).count == 1)
        #expect(typed.validate(try JSONValue.parse("3")).isEmpty)
    }
}
