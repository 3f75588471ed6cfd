import Foundation
import Testing
@testable import WardenSecrets

/// The decoding layer: secrets inside base64, URL-safe base64 and percent-encoded text are found by the same rules,
/// reported at the encoded text and marked with the encoding. Encoded forms are computed here at run time, so this
/// file holds no encoded secret itself.
@Suite struct DecodingTests {
    static let defaults = Result { try SecretScanner(rules: RuleSet.defaultRules(), cache: .disabled) }

    static func base64(_ text: String) -> String { Data(text.utf8).base64EncodedString() }
    static func base64URL(_ text: String) -> String {
        base64(text).replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_")
            .replacingOccurrences(of: "=", with: "")
    }

    static let privateKey = "-----BEGIN RSA PRIVATE KEY-----\n"
        + "MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi..Z1BjP5CE/Wm/Rr500P\n".replacingOccurrences(of: "..", with: "Jz")
        + "RPzoWBpMqp8oJ9oPFB7fCSuJ6aG1dJwRRvKFk1Wd7aU4e5lnpX0sPaQ3Tr\n-----END RSA PRIVATE KEY-----\n"

    @Test func kubernetesSecretDataIsDecodedAndReportedAtTheEncodedValue() throws {
        let scanner = try Self.defaults.get()
        let encoded = Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)")
        let manifest = "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ntype: Opaque\ndata:\n  env: \(encoded)\n"
        let result = Fixtures.scan(scanner, manifest, path: "deploy/secret.yaml")
        let finding = try #require(result.findings.first { $0.ruleID == "github-pat" })
        #expect(finding.decoded == .base64)
        #expect(finding.secret == Fixtures.githubToken)
        #expect(finding.line == 7)
        // "GITHUB_TOKEN=" is 13 bytes: the token starts in the 5th group of 4 encoded characters.
        #expect(finding.column == "  env: ".count + 1 + 13 / 3 * 4)
        #expect(finding.description.contains("(decoded: base64)"))
        // Same path, rule and secret: the fingerprint is the one the literal token would have.
        let literal = Fixtures.scan(scanner, "GITHUB_TOKEN=\(Fixtures.githubToken)", path: "deploy/secret.yaml")
        #expect(literal.findings.first { $0.ruleID == "github-pat" }?.fingerprint == finding.fingerprint)
        #expect(literal.findings.allSatisfy { $0.decoded == nil })
    }

    @Test func base64WrappedPrivateKeyInYAMLIsFound() throws {
        let scanner = try Self.defaults.get()
        let yaml = "tls:\n  crt: LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t\n  key: \(Self.base64(Self.privateKey))\n"
        let result = Fixtures.scan(scanner, yaml, path: "chart/values.yaml")
        let finding = try #require(result.findings.first { $0.ruleID == "private-key" })
        #expect(finding.decoded == .base64)
        #expect(finding.line == 3)
        #expect(finding.column == 8)
    }

    @Test func dockerConfigJSONInsideASecretIsFound() throws {
        let scanner = try Self.defaults.get()
        let auth = Self.base64("deploy:\(Fixtures.githubToken)")
        let config = #"{"auths":{"ghcr.io":{"auth":"\#(auth)"}}}"#
        let manifest = "kind: Secret\ntype: kubernetes.io/dockerconfigjson\ndata:\n  .dockerconfigjson: \(Self.base64(config))\n"
        let result = Fixtures.scan(scanner, manifest, path: "pull-secret.yaml")
        #expect(result.findings.contains { $0.ruleID == "docker-config-auth" && $0.decoded == .base64 && $0.line == 4 })
    }

    @Test func urlSafeBase64IsDecoded() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        // Bytes chosen so that the standard alphabet would need '+' or '/': the URL-safe form has '-' or '_'.
        let payload = "{\"k\":\"\(Fixtures.githubToken)\",\"note\":\"???>>>\"}"
        let encoded = Self.base64URL(payload)
        #expect(encoded.contains("-") || encoded.contains("_"))
        let result = Fixtures.scan(scanner, "token=\(encoded)\n")
        let finding = try #require(result.findings.first)
        #expect(finding.decoded == .base64url)
        #expect(finding.secret == Fixtures.githubToken)
    }

    @Test func percentEncodedConnectionURLIsDecoded() throws {
        let scanner = try Self.defaults.get()
        let text = "redirect=postgres%3A%2F%2Fapp%3AeAGtWLJJ0z9TuNXgUG2b%40db.internal%3A5432%2Fapp&x=1\n"
        let result = Fixtures.scan(scanner, "# config\n" + text)
        let finding = try #require(result.findings.first { $0.ruleID == "database-url-password" })
        #expect(finding.decoded == .percent)
        #expect(finding.line == 2)
        #expect(finding.column == "redirect=postgres%3A%2F%2Fapp%3A".count + 1)
    }

    @Test func placeholdersStayPlaceholdersWhenDecoded() throws {
        let scanner = try Self.defaults.get()
        for inner in ["password: ${DB_PASSWORD}\n", "postgres://app:<password>@db:5432/app",
                      "GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"] {
            let result = Fixtures.scan(scanner, "data:\n  value: \(Self.base64(inner))\n", path: "notes.txt")
            #expect(result.findings.filter { $0.decoded != nil }.isEmpty, "\(inner)")
        }
    }

    @Test func binaryDigestsAndIdentifiersAreNotDecoded() throws {
        var finder = EncodedTextFinder(maximumDecodedBytes: 1 << 20)
        let random = (0..<96).map { UInt8(truncatingIfNeeded: $0 &* 151 &+ 89) }
        let text = """
            image: \(Data(random).base64EncodedString())
            commit 3f2a9c1b7e4d5a6f8091b2c3d4e5f60718293a4b
            path: Sources/WardenSecrets/SecretScannerDecodingTests/Fixtures
            name: some-long-kebab-case-identifier-without-capitals
            """
        let runs = Array(text.utf8).withUnsafeBufferPointer { finder.runs(in: $0) }
        #expect(runs.isEmpty)
        #expect(!finder.capped)
    }

    @Test func decodingCanBeTurnedOff() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        var options = ScanOptions()
        options.decodesEncodedText = false
        let text = "data:\n  env: \(Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)"))\n"
        #expect(Fixtures.scan(scanner, text, options: options).findings.isEmpty)
        #expect(Fixtures.scan(scanner, text).findings.count == 1)
    }

    @Test func decodingStopsAtTheBudgetAndSaysSo() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        let filler = Self.base64(String(repeating: "lorem ipsum dolor sit amet ", count: 8))
        let secret = Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)")
        var options = ScanOptions()
        // Room for the filler's bytes (3 per 4 characters, plus the 2 a partial group may add), not the secret's.
        options.maxDecodedBytes = filler.count / 4 * 3 + 2
        let result = Fixtures.scan(scanner, "a: \(filler)\nb: \(secret)\n", options: options)
        #expect(result.findings.isEmpty)
        #expect(result.notes.contains(.decodingCapped(limit: options.maxDecodedBytes)))
        options.maxDecodedBytes = 1 << 20
        #expect(Fixtures.scan(scanner, "a: \(filler)\nb: \(secret)\n", options: options).findings.count == 1)
    }

    @Test func onlyOneLevelIsDecoded() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        let twice = Self.base64(Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)"))
        #expect(Fixtures.scan(scanner, "value: \(twice)\n").findings.isEmpty)
    }

    @Test func inlineMarkerOnTheEncodedLineAccepts() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        let encoded = Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)")
        #expect(Fixtures.scan(scanner, "env: \(encoded) # git-warden:allow\n").findings.isEmpty)
        var strict = ScanOptions()
        strict.honorInlineMarkers = false
        #expect(Fixtures.scan(scanner, "env: \(encoded) # git-warden:allow\n", options: strict).findings.count == 1)
    }

    @Test func addedLinesKeepTheirLineNumbersForDecodedFindings() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        var lines = AddedLines()
        lines.append(line: "kind: Secret", number: 10)
        lines.append(line: "  env: \(Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)"))", number: 42)
        let result = scanner.scan(lines, path: "k8s.yaml")
        let finding = try #require(result.findings.first)
        #expect(finding.line == 42)
        #expect(finding.decoded == .base64)
    }

    @Test func acceptedFingerprintSuppressesTheDecodedFinding() throws {
        let scanner = try Fixtures.scanner([Fixtures.github])
        let text = "env: \(Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)"))\n"
        let finding = try #require(Fixtures.scan(scanner, text).findings.first)
        var options = ScanOptions()
        options.ignoredFingerprints = [finding.fingerprint]
        #expect(Fixtures.scan(scanner, text, options: options).findings.isEmpty)
    }

    @Test func pathOnlyRulesAreNotReportedTwice() throws {
        let keystore = SecretRule(id: "keystore", regex: nil, path: #"\.jks$"#)
        let scanner = try Fixtures.scanner([Fixtures.github, keystore])
        let text = "env: \(Self.base64("GITHUB_TOKEN=\(Fixtures.githubToken)"))\n"
        let result = Fixtures.scan(scanner, text, path: "a.jks")
        #expect(result.findings.filter { $0.ruleID == "keystore" }.count == 1)
        #expect(result.findings.filter { $0.ruleID == "github-pat" }.count == 1)
    }
}
