import Testing
@testable import WardenPolicy

/// `[secrets] warn-tags`: findings of rules with a listed tag (password hashes: `hash`) warn instead of
/// rejecting, while every other finding in the same push still rejects; decoded findings say so.
@Suite struct SecretWarnTagsTests {
    let parser = PolicyParserTests()

    static func finding(rule: String, tags: [String], decoded: String? = nil) -> SecretFacts {
        SecretFacts(ruleID: rule, ruleDescription: rule, path: "etc/shadow", line: 1, column: 6,
                    commit: Fixture.newID, redacted: "$6$…(106)", fingerprint: "00112233445566778899aabbccddeeff",
                    tags: tags, decoded: decoded)
    }

    @Test func taggedFindingsOnlyWarn() throws {
        let policy = try parser.parse("[secrets]\nwarn-tags = [\"hash\"]\n")
        #expect(policy.secrets.warnTags == ["hash"])
        var update = Fixture.update(.update(fastForward: true))
        update.secrets = [Self.finding(rule: "unix-crypt-hash", tags: ["hash"])]
        let verdict = policy.evaluate([update], pusher: "ada")
        #expect(verdict.isAllowed && verdict.warnings.count == 1)

        update.secrets.append(Self.finding(rule: "github-pat", tags: ["vcs"]))
        let mixed = policy.evaluate([update], pusher: "ada")
        #expect(!mixed.isAllowed)
        #expect(mixed.violations.filter { $0.mode == .enforce }.map(\.secret?.ruleID) == ["github-pat"])
    }

    @Test func withoutWarnTagsHashesReject() throws {
        var update = Fixture.update(.update(fastForward: true))
        update.secrets = [Self.finding(rule: "unix-crypt-hash", tags: ["hash"])]
        #expect(!(try parser.parse("").evaluate([update], pusher: "ada")).isAllowed)
    }

    @Test func decodedFindingsSaySoInTheMessage() throws {
        var update = Fixture.update(.update(fastForward: true))
        update.secrets = [Self.finding(rule: "private-key", tags: ["private-key"], decoded: "base64")]
        let violation = try #require(try parser.parse("").evaluate([update], pusher: nil).violations.first)
        #expect(violation.detail.contains("(decoded from base64)"))
    }

    @Test func warnTagsMustBeStrings() {
        parser.expectError("[secrets]\nwarn-tags = 3\n", at: "warn-tags", key: "warn-tags", messageContains: "array of strings")
    }
}
