import Foundation
@testable import WardenSecrets

/// Rules and helpers shared by the engine tests. Secrets are assembled at run time so this file itself does not
/// look like a leak to scanners run on the repository.
enum Fixtures {
    static let githubToken = "ghp_" + "aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A"
    static let awsKey = "AKIA" + "Z7Q3XK2M9PLW4RTB"

    static let github = SecretRule(
        id: "github-pat", description: "GitHub personal access token",
        regex: #"\b(ghp_[0-9A-Za-z]{36})\b"#, keywords: ["ghp_"])
    static let aws = SecretRule(
        id: "aws-access-key", description: "AWS access key id",
        regex: #"\b((?:AKIA|ASIA)[0-9A-Z]{16})\b"#, keywords: ["akia", "asia"])
    /// Secret in group 2, keyword outside the match, entropy threshold.
    static let generic = SecretRule(
        id: "generic-api-key", description: "Generic API key",
        regex: #"(?i)(api[_-]?key)\s*[:=]\s*["']?([0-9a-z]{16,64})["']?"#, secretGroup: 2,
        keywords: ["api"], entropy: 3.0, tags: ["generic"])

    static func scanner(_ rules: [SecretRule], allowlist: SecretAllowlist = SecretAllowlist()) throws -> SecretScanner {
        try SecretScanner(rules: RuleSet(rules: rules, allowlist: allowlist), cache: .disabled)
    }

    static func scan(_ scanner: SecretScanner, _ text: String, path: String = "src/config.txt",
                     options: ScanOptions = ScanOptions()) -> ScanResult {
        scanner.scan(Array(text.utf8), path: path, options: options)
    }
}
