import Foundation
import Testing

/// Secrets inside base64 through the real binary and the real hook: found, placed at the encoded text, and marked
/// as decoded in the text, JSON and SARIF reports and in the pusher's message.
@Suite struct DecodedSecretTests {
    static let token = ScanFixtures.githubToken(seed: 7)
    /// A Kubernetes Secret whose `data:` value is the base64 of an env file holding the token (line 6).
    static var manifest: String {
        let encoded = Data("GITHUB_TOKEN=\(token)\n".utf8).base64EncodedString()
        return "apiVersion: v1\nkind: Secret\nmetadata:\n  name: ci\ndata:\n  env: \(encoded)\n"
    }

    @Test func scanReportsDecodedFindingsInEveryFormat() throws {
        let box = try Sandbox()
        try box.write("\(box.root)/k8s/secret.yaml", Self.manifest)
        let text = try ScanFixtures.scan(box, ["scan", "k8s"], in: box.root)
        #expect(text.status == 1)
        #expect(text.stdout.contains("secret.yaml:6:24: github-pat"), "\(text.stdout)")
        #expect(text.stdout.contains("decoded:     base64"))
        #expect(!text.output.contains(Self.token))

        let json = try ScanFixtures.scan(box, ["scan", "k8s", "--format", "json"], in: box.root)
        let findings = try ScanFixtures.json(json.stdout)["findings"] as? [[String: Any]] ?? []
        let decoded = findings.filter { $0["ruleID"] as? String == "github-pat" }
        #expect(decoded.count == 1 && decoded.first?["decoded"] as? String == "base64")

        let sarif = try ScanFixtures.scan(box, ["scan", "k8s", "--format", "sarif"], in: box.root)
        #expect(sarif.stdout.contains("\"decoded\" : \"base64\"") || sarif.stdout.contains("\"decoded\":\"base64\""))

        let off = try ScanFixtures.scan(box, ["scan", "k8s", "--no-decode", "--format", "json"], in: box.root)
        let plain = try ScanFixtures.json(off.stdout)["findings"] as? [[String: Any]] ?? []
        #expect(!plain.contains { $0["ruleID"] as? String == "github-pat" })
    }

    @Test func pushOfAnEncodedSecretIsRejectedAndSaysDecoded() throws {
        let (box, server, work) = try SecretPushTests.seeded(policy: nil)
        let before = box.serverRef(server, "refs/heads/main")
        try box.commit(in: work, files: ["deploy/secret.yaml": Self.manifest], message: "add the CI secret")
        let result = try box.push(work, "main")
        #expect(result.status != 0)
        #expect(box.serverRef(server, "refs/heads/main") == before)
        #expect(result.stderr.contains("github-pat"))
        #expect(result.stderr.contains("(decoded from base64) at deploy/secret.yaml:6:24"), "\(result.stderr)")
        #expect(!result.output.contains(Self.token))
    }
}
