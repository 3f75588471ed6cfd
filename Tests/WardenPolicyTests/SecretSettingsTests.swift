import Testing
@testable import WardenPolicy
import WardenTOML

/// The `[secrets]` section: parsing, scope, and how findings become violations.
@Suite struct SecretSettingsTests {
    let parser = PolicyParserTests()

    @Test func absentSectionMeansEnforceOnEveryRef() throws {
        let policy = try parser.parse("")
        #expect(policy.secrets.scan == .enforce)
        #expect(policy.secrets.covers("refs/heads/main"))
        #expect(policy.secrets.covers("refs/meta/config"))
        #expect(policy.secrets.inlineAllow)
        #expect(policy.secrets.maxScanSize == 10 << 20)
    }

    @Test func everyKeyIsRead() throws {
        let policy = try parser.parse("""
            [secrets]
            scan = "evaluate"
            refs = ["refs/heads/*", "refs/tags/v*"]
            config = "secrets.toml"
            ignore-file = "/etc/git-warden/accepted"
            inline-allow = false
            max-scan-size = "2 MiB"
            """)
        let secrets = policy.secrets
        #expect(secrets.scan == .evaluate && secrets.mode == .evaluate)
        #expect(secrets.config == "/srv/git/repo.git/secrets.toml")
        #expect(secrets.ignoreFile == "/etc/git-warden/accepted")
        #expect(!secrets.inlineAllow)
        #expect(secrets.maxScanSize == 2 << 20)
        #expect(secrets.line == 1)
        // A trailing /* reaches every ref below, as in a git refspec; other wildcards stay within a segment.
        #expect(secrets.covers("refs/heads/feature/deep"))
        #expect(secrets.covers("refs/tags/v1.0"))
        #expect(!secrets.covers("refs/tags/release/v1"))
        #expect(!secrets.covers("refs/notes/commits"))
    }

    @Test func offCoversNothing() throws {
        #expect(!(try parser.parse("[secrets]\nscan = \"off\"\n")).secrets.covers("refs/heads/main"))
    }

    @Test func mistakesNameTheKey() {
        parser.expectError("[secrets]\nscan = \"block\"\n", at: "scan", key: "scan", messageContains: "\"enforce\", \"evaluate\" or \"off\"")
        parser.expectError("[secrets]\nscna = \"enforce\"\n", at: "scna", key: "scna", messageContains: "scan")
        parser.expectError("[secrets]\nrefs = [\"main\"]\n", at: "refs", key: "refs", messageContains: "refs/heads/main")
        parser.expectError("[secrets]\nmax-scan-size = 0\n", at: "max-scan-size", key: "max-scan-size", messageContains: "more than 0")
        parser.expectError("[secrets]\ninline-allow = \"yes\"\n", at: "inline-allow", key: "inline-allow", messageContains: "true or false")
    }

    @Test func explainSaysWhetherARefIsScanned() throws {
        #expect(try parser.parse("").explain(ref: "refs/heads/x", pusher: nil).text
            .contains("secret scanning: enforce on every ref (default, no [secrets] section)"))
        let scoped = try parser.parse("[secrets]\nscan = \"evaluate\"\nrefs = [\"refs/heads/main\"]\n")
        #expect(scoped.explain(ref: "refs/heads/main", pusher: nil).secretScanning.hasPrefix("evaluate on refs"))
        #expect(scoped.explain(ref: "refs/heads/x", pusher: nil).secretScanning == "off for this ref (not in [secrets] refs)")
    }

    static let finding = SecretFacts(ruleID: "github-pat", ruleDescription: "GitHub token", path: "a.py", line: 3,
                                     column: 9, commit: Fixture.newID, redacted: "ghp_…(40)",
                                     fingerprint: "0123456789abcdef0123456789abcdef")

    @Test func findingsBecomeViolationsInTheSectionsMode() throws {
        var update = Fixture.update(.update(fastForward: true))
        update.secrets = [Self.finding]
        let enforced = try parser.parse("").evaluate([update], pusher: "ada")
        let violation = try #require(enforced.violations.first)
        #expect(violation.kind == .secret && violation.rule == "secrets")
        #expect(violation.detail.contains("a.py:3:9") && violation.detail.contains("ghp_…(40)"))
        #expect(violation.fix.contains(Self.finding.fingerprint))
        #expect(violation.secret == Self.finding)

        let evaluated = try parser.parse("[secrets]\nscan = \"evaluate\"\n").evaluate([update], pusher: "ada")
        #expect(evaluated.isAllowed && evaluated.warnings.count == 1)

        var elsewhere = update
        elsewhere.ref = "refs/heads/wip"
        #expect(try parser.parse("[secrets]\nrefs = [\"refs/heads/main\"]\n").evaluate([elsewhere], pusher: nil).isAllowed)
    }
}
