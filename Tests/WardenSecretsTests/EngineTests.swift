import Testing
@testable import WardenSecrets

@Suite struct EngineTests {
    let scanner: SecretScanner

    init() throws {
        scanner = try Fixtures.scanner([Fixtures.github, Fixtures.aws, Fixtures.generic])
    }

    @Test func findsSeveralRulesInOnePass() {
        let text = "line one\ntoken = \(Fixtures.githubToken)\n  aws = \"\(Fixtures.awsKey)\"\n"
        let result = Fixtures.scan(scanner, text)
        #expect(result.findings.map(\.ruleID) == ["github-pat", "aws-access-key"])
        let github = result.findings[0]
        #expect(github.line == 2 && github.column == 9)
        #expect(github.secret == Fixtures.githubToken)
        #expect(result.findings[1].line == 3 && result.findings[1].column == 10)
        #expect(result.notes.isEmpty)
    }

    @Test func extractsTheSecretGroup() {
        let result = Fixtures.scan(scanner, "API_KEY = 'q7w8e9r0t1y2u3i4o5p6a7s8'\n")
        #expect(result.findings.map(\.ruleID) == ["generic-api-key"])
        #expect(result.findings.first?.secret == "q7w8e9r0t1y2u3i4o5p6a7s8")
    }

    @Test func defaultGroupIsFirstNonEmptyGroupElseWholeMatch() throws {
        let grouped = SecretRule(id: "grouped", regex: #"(x*)key-([0-9]{6})"#)
        let whole = SecretRule(id: "whole", regex: #"pin-[0-9]{6}"#)
        let scanner = try Fixtures.scanner([grouped, whole])
        let result = Fixtures.scan(scanner, "key-123456 pin-654321")
        #expect(result.findings.map(\.secret) == ["123456", "pin-654321"])
    }

    @Test func keywordMustBeNearTheMatch() throws {
        let rule = SecretRule(id: "hex-token", regex: #"\b([0-9a-f]{32})\b"#, keywords: ["token"])
        let scanner = try Fixtures.scanner([rule])
        let value = "9f86d081884c7d659a2feaa0c55ad015"
        #expect(Fixtures.scan(scanner, "Token: \(value)").findings.count == 1)
        #expect(Fixtures.scan(scanner, "token:\n  value: \(value)").findings.count == 1)
        #expect(Fixtures.scan(scanner, "checksum: \(value)").findings.isEmpty)
        let far = "token\n" + String(repeating: "filler line\n", count: 60) + "checksum: \(value)"
        #expect(Fixtures.scan(scanner, far).findings.isEmpty)
    }

    @Test func entropyThresholdDropsPlaceholders() {
        #expect(Fixtures.scan(scanner, "api_key = aaaaaaaaaaaaaaaaaaaaaaaa").findings.isEmpty)
        #expect(Fixtures.scan(scanner, "api_key = k3j4h5g6f7d8s9a0q1w2e3r4").findings.count == 1)
    }

    @Test func ruleAndGlobalAllowlists() throws {
        var rule = Fixtures.github
        rule.allowlist = SecretAllowlist(regexes: ["AAAA$"], lineRegexes: ["^#\\s*example"],
                                         stopwords: ["dummy"], paths: [#"^docs/"#])
        let scanner = try Fixtures.scanner([rule, Fixtures.aws],
                                           allowlist: SecretAllowlist(stopwords: ["z7q3"], paths: [#"\.lock$"#]))
        let token = Fixtures.githubToken
        #expect(Fixtures.scan(scanner, "t = \(token)").findings.count == 1)
        #expect(Fixtures.scan(scanner, "t = ghp_" + String(repeating: "Q", count: 32) + "AAAA").findings.isEmpty)
        #expect(Fixtures.scan(scanner, "# example: \(token)").findings.isEmpty)
        #expect(Fixtures.scan(scanner, "t = ghp_dummy" + String(repeating: "x", count: 31)).findings.isEmpty)
        #expect(Fixtures.scan(scanner, "t = \(token)", path: "docs/setup.md").findings.isEmpty)
        #expect(Fixtures.scan(scanner, "k = \(Fixtures.awsKey)").findings.isEmpty)
        let locked = Fixtures.scan(scanner, "t = \(token)", path: "Package.lock")
        #expect(locked.findings.isEmpty && locked.notes == [.pathAllowlisted])
    }

    @Test func inlineMarkersSuppressUnlessDisabled() {
        for marker in ["git-warden:allow", "gitleaks:allow"] {
            let text = "token = \(Fixtures.githubToken) # \(marker)"
            #expect(Fixtures.scan(scanner, text).findings.isEmpty)
            #expect(Fixtures.scan(scanner, text, options: ScanOptions(honorInlineMarkers: false)).findings.count == 1)
        }
    }

    @Test func fingerprintSurvivesLineMovesButNotPathOrSecretChanges() {
        let token = Fixtures.githubToken
        let first = Fixtures.scan(scanner, "t = \(token)").findings[0]
        let moved = Fixtures.scan(scanner, "\n\n\n    // moved\n  x = \(token)").findings[0]
        #expect(first.fingerprint == moved.fingerprint)
        #expect(first.line != moved.line)
        let otherPath = Fixtures.scan(scanner, "t = \(token)", path: "other.txt").findings[0]
        #expect(otherPath.fingerprint != first.fingerprint)
        let ignored = Fixtures.scan(scanner, "t = \(token)",
                                    options: ScanOptions(ignoredFingerprints: [first.fingerprint]))
        #expect(ignored.findings.isEmpty)
    }

    @Test func noTextualFormShowsTheSecret() {
        let finding = Fixtures.scan(scanner, "t = \(Fixtures.githubToken)").findings[0]
        #expect(finding.redacted == "ghp_…(40)")
        var dumped = ""
        dump(finding, to: &dumped)
        for text in [finding.redacted, finding.description, finding.debugDescription, dumped, "\(finding)"] {
            #expect(!text.contains(Fixtures.githubToken))
        }
        for secret in ["abc", "abcdefgh", String(repeating: "s", count: 5), "𝔘𝔫𝔦𝔠𝔬𝔡𝔢✓"] {
            let redacted = Redaction.redact(secret)
            #expect(!redacted.contains(secret))
        }
    }

    @Test func binaryContentIsSkippedUnlessAsked() {
        let bytes = Array("PNG\0\0".utf8) + Array("t = \(Fixtures.githubToken)".utf8)
        let skipped = scanner.scan(bytes, path: "image.bin")
        #expect(skipped.findings.isEmpty && skipped.notes == [.binarySkipped] && skipped.scannedBytes == 0)
        let scanned = scanner.scan(bytes, path: "image.bin", options: ScanOptions(scanBinary: true))
        #expect(scanned.findings.count == 1)
    }

    @Test func sizeCapScansAPrefixAndSaysSo() {
        let text = "t = \(Fixtures.githubToken)\n" + String(repeating: "x", count: 1000) + "\nk = \(Fixtures.awsKey)\n"
        let result = Fixtures.scan(scanner, text, options: ScanOptions(maxBytes: 100))
        #expect(result.findings.map(\.ruleID) == ["github-pat"])
        #expect(result.notes == [.truncated(scanned: 100, total: text.utf8.count)])
    }

    @Test func invalidUTF8AroundASecretIsHarmless() {
        var bytes: [UInt8] = [0xFF, 0xC3, 0x28, 0x0A, 0xE2, 0x82]
        bytes += Array(" t=\(Fixtures.githubToken) ".utf8) + [0xF0, 0x9F, 0x0A, 0xC0]
        let result = scanner.scan(bytes, path: "weird.txt")
        #expect(result.findings.map(\.secret) == [Fixtures.githubToken])
        #expect(result.findings.first?.line == 2)
    }

    @Test func addedLinesKeepRealLineNumbers() {
        var added = AddedLines()
        added.append(line: "let a = 1", number: 10)
        added.append(line: "let token = \"\(Fixtures.githubToken)\"\n", number: 42)
        added.append(line: "aws: \(Fixtures.awsKey)", number: 97)
        let result = scanner.scan(added, path: "Sources/App.swift", commit: "abc123")
        #expect(result.findings.map(\.line) == [42, 97])
        #expect(result.findings.map(\.column) == [14, 6])
        #expect(result.findings.allSatisfy { $0.commit == "abc123" })
    }

    @Test func specificRuleWinsOverGenericOnTheSameBytes() throws {
        let wide = SecretRule(id: "generic-token", regex: #"token\s*=\s*([A-Za-z0-9_]{30,})"#, tags: ["generic"])
        let scanner = try Fixtures.scanner([wide, Fixtures.github])
        let result = Fixtures.scan(scanner, "token = \(Fixtures.githubToken)")
        #expect(result.findings.map(\.ruleID) == ["github-pat"])
    }

    @Test func pathOnlyRuleFlagsTheFileEvenWhenBinary() throws {
        let keystore = SecretRule(id: "pkcs12-file", description: "PKCS#12 key store", regex: nil,
                                  path: #"(?i)\.(p12|pfx)$"#)
        let scanner = try Fixtures.scanner([keystore, Fixtures.github])
        let result = scanner.scan([0x30, 0x82, 0x00, 0x01], path: "certs/server.P12")
        #expect(result.findings.map(\.ruleID) == ["pkcs12-file"])
        #expect(result.findings.first?.line == 0)
        #expect(Fixtures.scan(scanner, "x", path: "certs/server.pem").findings.isEmpty)
    }

    @Test func pathRestrictedRuleOnlyRunsOnMatchingPaths() throws {
        var rule = SecretRule(id: "npmrc-token", regex: #"_authToken=([A-Za-z0-9-]{20,})"#)
        rule.path = #"(^|/)\.npmrc$"#
        let scanner = try Fixtures.scanner([rule])
        let text = "//registry/:_authToken=Zx81-Kq02-Lm93-Np04-Oq15"
        #expect(Fixtures.scan(scanner, text, path: "app/.npmrc").findings.count == 1)
        #expect(Fixtures.scan(scanner, text, path: "app/notes.md").findings.isEmpty)
    }

    @Test func lookaroundRulesRunAsPrefilterAndPCRE2Decides() throws {
        let rule = SecretRule(id: "no-test-prefix", regex: #"(?<!test_)\bsk_([a-z0-9]{24})(?![a-z0-9])"#)
        #expect(VectorscanDatabase.support(for: rule.regex!).prefilter)
        let scanner = try Fixtures.scanner([rule])
        let live = "sk_" + "a1b2c3d4e5f6g7h8i9j0k1l2"
        #expect(Fixtures.scan(scanner, "key: \(live)").findings.count == 1)
        #expect(Fixtures.scan(scanner, "key: test_\(live)").findings.isEmpty)
        #expect(Fixtures.scan(scanner, "key: \(live)x").findings.isEmpty)
    }

    @Test func regexVectorscanRejectsRunsThroughPCRE2Alone() throws {
        let rule = SecretRule(id: "crlf-token", regex: #"token:\R\s*([a-z0-9]{20})"#, keywords: ["token"])
        let scanner = try Fixtures.scanner([rule, Fixtures.github])
        #expect(scanner.rules[0].mode == .fallback)
        #expect(Fixtures.scan(scanner, "token:\r\n  k3j4h5g6f7d8s9a0q1w2").findings.map(\.secret) == ["k3j4h5g6f7d8s9a0q1w2"])
        #expect(Fixtures.scan(scanner, "other:\n  k3j4h5g6f7d8s9a0q1w2").findings.isEmpty)
    }

    @Test func ruleHittingEverywhereStillFindsEveryMatch() throws {
        let rule = SecretRule(id: "word", regex: #"\b(zq[a-z]{2,})"#)
        let scanner = try Fixtures.scanner([rule])
        let text = (0..<12_000).map { _ in "zqabcdefgh" }.joined(separator: " ")
        let result = Fixtures.scan(scanner, text)
        #expect(result.findings.count == 12_000)
        #expect(result.findings.last?.column == 11_999 * 11 + 1)
    }

    @Test func utfModeInARuleIsRefused() {
        #expect(throws: SecretsError.self) { try Fixtures.scanner([SecretRule(id: "utf", regex: "(*UTF)abc")]) }
    }

    @Test func addedLinesMatchAcrossConsecutiveLines() throws {
        let rule = SecretRule(id: "two-line", regex: #"user: (\w+)\npass: (\w{12,})"#, secretGroup: 2)
        let scanner = try Fixtures.scanner([rule])
        var added = AddedLines()
        added.append(line: "user: admin", number: 7)
        added.append(line: "pass: Hq8zW2mLp4Xr", number: 8)
        let finding = try #require(scanner.scan(added, path: "c.yml").findings.first)
        #expect(finding.line == 8 && finding.column == 7)
    }

    @Test func multiLineRuleMatchesAcrossLines() throws {
        let rule = SecretRule(
            id: "private-key",
            regex: #"-----BEGIN[ A-Z]{0,20}PRIVATE KEY-----[\s\S]{32,}?-----END[ A-Z]{0,20}PRIVATE KEY-----"#,
            keywords: ["-----begin"])
        let scanner = try Fixtures.scanner([rule])
        let body = (0..<30).map { _ in "MIIEvQIBADANBgkqhkiG9w0BAQEFAASCBKcwggSjAgEAAoIBAQC7" }.joined(separator: "\n")
        let text = "x\n-----BEGIN PRIVATE KEY-----\n\(body)\n-----END PRIVATE KEY-----\n"
        let result = Fixtures.scan(scanner, text)
        #expect(result.findings.count == 1)
        #expect(result.findings.first?.line == 2)
    }

    @Test func pathologicalRegexHitsTheMatchLimitInsteadOfHanging() throws {
        let rule = SecretRule(id: "catastrophic", regex: #"(a|aa)+b"#)
        let scanner = try Fixtures.scanner([rule])
        let text = String(repeating: "a", count: 5000) + "!" + " ab"
        let result = Fixtures.scan(scanner, text)
        #expect(result.notes.contains { if case .matchLimitExceeded = $0 { true } else { false } })
    }

    /// A limit hit costs only the candidate that caused it: a pathological run near byte 0 is reported as an
    /// unfinished candidate, and a real match later in the same buffer is still found. Before, the first limit
    /// hit ended the rule for the whole buffer.
    @Test func matchLimitCostsOnlyThatCandidate() throws {
        let rule = SecretRule(id: "catastrophic", regex: #"(?:a|aa)+b"#)
        let scanner = try Fixtures.scanner([rule])
        let text = String(repeating: "a", count: 36) + "!\nsome text\nkey = aab\n"
        let result = Fixtures.scan(scanner, text)
        #expect(result.notes.contains { if case .matchLimitExceeded("catastrophic", 0) = $0 { true } else { false } })
        #expect(!result.notes.contains { if case .ruleAbandoned = $0 { true } else { false } })
        #expect(result.notes.allSatisfy { $0.leavesRuleUndecided == nil || $0.leavesRuleUndecided == "catastrophic" })
        let finding = try #require(result.findings.first)
        #expect(finding.line == 3)
        #expect(finding.secret == "aab")
    }

    /// Crafted content cannot make a rule pay a million steps per byte: after a bounded number of unfinished
    /// candidates the rule gives up on the rest of the buffer, and says so.
    @Test func endlessLimitHitsAbandonTheRuleWithANote() throws {
        let rule = SecretRule(id: "catastrophic", regex: #"(a|aa)+b"#)
        let scanner = try Fixtures.scanner([rule])
        let result = Fixtures.scan(scanner, String(repeating: "a", count: 5000) + "!" + " ab")
        #expect(result.notes.contains { if case .ruleAbandoned("catastrophic", _) = $0 { true } else { false } })
        #expect(result.notes.filter { if case .matchLimitExceeded = $0 { true } else { false } }.count < SecretScanner.maxLimitHits + 1)
    }

    @Test func rejectsBadRuleSets() {
        #expect(throws: SecretsError.self) { try Fixtures.scanner([Fixtures.github, Fixtures.github]) }
        #expect(throws: SecretsError.self) { try Fixtures.scanner([SecretRule(id: "bad", regex: "(unclosed")]) }
        #expect(throws: SecretsError.self) { try Fixtures.scanner([SecretRule(id: "x", regex: "a(b)", secretGroup: 3)]) }
        #expect(throws: SecretsError.self) { try Fixtures.scanner([SecretRule(id: "empty", regex: nil)]) }
    }

    /// Fingerprints are SHA-256 (swift-crypto) of path, rule and secret, NUL-separated, cut to 16 bytes in hex:
    /// ignore files and stored findings depend on these exact values (checked with Python's hashlib).
    @Test func fingerprintKnownAnswers() {
        #expect(Fingerprint.make(path: "src/config.py", ruleID: "github-pat", secret: Array("ghp_example".utf8))
                == "062e313352bf3e771dbff79ae1bea5aa")
        #expect(Fingerprint.make(path: "src/config.py", ruleID: "github-pat", secret: Array("ghp_exampla".utf8))
                != "062e313352bf3e771dbff79ae1bea5aa")
    }
}
