import Foundation
import Testing
import WardenFormats

/// The shared SARIF model serialises to the shape SARIF 2.1.0 asks for (the integration tests validate whole
/// `scan` and `audit` reports against the official schema).
@Suite struct SARIFLogTests {
    static func parse(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func documentHasSchemaVersionAndOmitsWhatIsUnset() throws {
        var rules = SARIFRuleTable()
        let first = rules.index(of: "a") { SARIFRule(id: "a", shortDescription: "A", help: "fix a", level: .error, tags: ["x"]) }
        let second = rules.index(of: "b") { SARIFRule(id: "b", shortDescription: "B", help: "fix b", level: .note, tags: []) }
        let again = rules.index(of: "a") {
            Issue.record("a rule is described once")
            return SARIFRule(id: "a", shortDescription: "other", help: "", level: .none, tags: [])
        }
        #expect((first, second, again) == (0, 1, 0))
        #expect(rules.rules.map(\.shortDescription.text) == ["A", "B"])
        let result = SARIFResult(ruleId: "a", ruleIndex: first, level: .warning, message: "m",
                                 locations: [SARIFLocation(path: "/srv/git/x.git")], partialFingerprints: ["k/v1": "f"],
                                 properties: ["n": .number(1.5), "t": .text("s")])
        let driver = SARIFDriver(name: "git-warden", version: "1.0", informationUri: "https://example.com", rules: rules.rules)
        let text = try SARIFLog(runs: [SARIFRun(tool: SARIFTool(driver: driver), results: [result])]).json()
        #expect(text.hasSuffix("}\n"))
        let log = try Self.parse(text)
        #expect(log["$schema"] as? String == SARIFLog.schemaURI)
        #expect(log["version"] as? String == "2.1.0")
        let run = try #require((log["runs"] as? [[String: Any]])?.first)
        #expect(run["invocations"] == nil && run["columnKind"] == nil)
        let encodedDriver = try #require((run["tool"] as? [String: Any])?["driver"] as? [String: Any])
        #expect(encodedDriver["semanticVersion"] as? String == "1.0")
        let encodedRules = try #require(encodedDriver["rules"] as? [[String: Any]])
        #expect(encodedRules.map { $0["id"] as? String } == ["a", "b"])
        #expect(encodedRules[0]["name"] as? String == "a" && encodedRules[0]["fullDescription"] == nil)
        #expect((encodedRules[1]["defaultConfiguration"] as? [String: Any])?["level"] as? String == "note")
        let encoded = try #require((run["results"] as? [[String: Any]])?.first)
        #expect(encoded["level"] as? String == "warning" && encoded["suppressions"] == nil)
        #expect((encoded["properties"] as? [String: Any])?["n"] as? Double == 1.5)
        #expect((encoded["properties"] as? [String: Any])?["t"] as? String == "s")
        #expect(text.contains("\"uri\" : \"file:///srv/git/x.git\"") || text.contains("\"uri\":\"file:///srv/git/x.git\""))
    }

    @Test func locationsArePercentEncodedRelativePathsOrFileURIs() throws {
        let relative = SARIFLocation(path: "src/dir with space/a.py", line: 3, column: 0)
        #expect(relative.physicalLocation.artifactLocation.uri == "src/dir%20with%20space/a.py")
        #expect(relative.physicalLocation.region?.startLine == 3)
        #expect(relative.physicalLocation.region?.startColumn == 1)
        let absolute = SARIFLocation(path: "/tmp/a b")
        #expect(absolute.physicalLocation.artifactLocation.uri == "file:///tmp/a%20b")
        #expect(absolute.physicalLocation.region == nil)
        let data = try JSONEncoder().encode(absolute)
        #expect(!String(decoding: data, as: UTF8.self).contains("region"))
    }
}
