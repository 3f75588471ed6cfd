import Testing
@testable import WardenSecrets

/// The rules added for configuration and script credentials, credential files, command lines, framework keys,
/// password hashes and more providers (issue 15): each proves itself on at least three positives and three
/// negatives, placeholders among them, and the hash rules carry the `hash` tag that `warn-tags` acts on.
@Suite struct ReachRulesTests {
    static let added = [
        "netrc-credentials", "pgpass-entry", "htpasswd-hash", "xml-password-element",
        "jenkins-encrypted-secret", "kubeconfig-user-token", "terraform-state-secret", "ansible-password",
        "wireguard-private-key", "vault-unseal-key", "mysql-cli-password", "postgres-pgpassword",
        "sshpass-password", "psexec-password", "powershell-password-parameter", "dotnet-network-credential",
        "http-bearer-header", "framework-secret-key", "rails-secret-key-base", "laravel-app-key",
        "libpq-conninfo-password", "bcrypt-hash", "unix-crypt-hash", "cisco-password-hash", "ntlm-hash-dump",
        "kerberos-roast-hash", "openrouter-api-key", "tavily-api-key", "search-api-context-key",
        "ai-provider-context-key", "keycloak-client-secret", "teamcity-access-token", "jenkins-api-token",
        "dependency-track-api-key", "crates-io-api-token", "salesforce-access-token",
        "salesforce-consumer-secret", "streaming-key",
    ]

    @Test func everyAddedRuleIsBuiltInWithThreeExamplesEachWay() throws {
        let rules = try RuleSet.defaultRulesWithExamples()
        let byID = Dictionary(rules.rules.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        for id in Self.added {
            let rule = try #require(byID[id], "rule '\(id)' is not in the default set")
            #expect(rule.positives.count >= 3, "rule '\(id)' has \(rule.positives.count) positives")
            #expect(rule.negatives.count >= 3, "rule '\(id)' has \(rule.negatives.count) negatives")
        }
    }

    @Test func passwordHashRulesAreTaggedHash() throws {
        let rules = try RuleSet.defaultRules()
        let hashRules = ["bcrypt-hash", "unix-crypt-hash", "cisco-password-hash", "ntlm-hash-dump",
                         "kerberos-roast-hash", "htpasswd-hash"]
        for id in hashRules {
            let rule = try #require(rules.rules.first { $0.id == id })
            #expect(rule.tags.contains("hash"), "rule '\(id)'")
        }
    }

    /// The shapes the issue names, as they are written in real files, each found by the rule meant for it.
    @Test func configurationShapesAreFoundByTheirRules() throws {
        let scanner = try SecretScanner(rules: RuleSet.defaultRules(), cache: .disabled)
        let cases: [(path: String, text: String, rule: String)] = [
            (".netrc", "machine git.acme.io\n  login ci\n  password Qm9" + "hLkT2vXwP8sR\n", "netrc-credentials"),
            (".pgpass", "db.acme.io:5432:app:app:Zx8" + "pQ2mLk7vWr\n", "pgpass-entry"),
            ("deploy.sh", "PGPASSWORD=Rt5" + "nV8qLm2Xp psql -h db -U app\n", "postgres-pgpassword"),
            ("wg0.conf", "[Interface]\nPrivateKey = " + "yAnz5TF+lXXJte14tji3" + "zlMNq+hd2rYUIgJBgB3fBmk=" + "\n", "wireguard-private-key"),
        ]
        for example in cases {
            let result = scanner.scan(Array(example.text.utf8), path: example.path)
            #expect(result.findings.contains { $0.ruleID == example.rule }, "\(example.path): \(result.findings)")
        }
        let placeholder = scanner.scan(Array("machine git.acme.io login ci password ${NETRC_PASSWORD}\n".utf8),
                                       path: ".netrc")
        #expect(placeholder.findings.isEmpty)
    }
}
