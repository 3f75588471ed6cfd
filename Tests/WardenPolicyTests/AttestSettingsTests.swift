import Testing
@testable import WardenPolicy
import WardenTOML

/// The `[attest]` section: every key read, mistakes named by line and key, and which controls a ref has in force.
@Suite struct AttestSettingsTests {
    let checks = PolicyParserTests()

    static let attest = """
    [[rule]]
    id = "main"
    refs = ["refs/heads/main"]
    block-force-push = true
    block-deletion = true
    require-signoff = true

    [[rule]]
    id = "trial"
    refs = ["refs/heads/**"]
    require-linear-history = true
    mode = "evaluate"

    [secrets]
    scan = "enforce"

    [attest]
    key = "keys/attest.key"
    repository-uri = "git+ssh://git.example.com/project.git"
    verifier-id = "https://git.example.com/git-warden"
    refs = ["refs/heads/main", "refs/tags/**"]
    notes-ref = "refs/notes/evidence"
    properties = { ORG_SOURCE_SIGNED_OFF = "require-signoff", ORG_SOURCE_SECRET_SCANNED = "secrets" }
    """

    @Test func everyKeyIsRead() throws {
        let policy = try checks.parse(Self.attest)
        let attest = try #require(policy.attest)
        #expect(attest.key == "/srv/git/repo.git/keys/attest.key")
        #expect(attest.repositoryURI == "git+ssh://git.example.com/project.git")
        #expect(attest.verifierID == "https://git.example.com/git-warden")
        #expect(attest.covers("refs/heads/main") && attest.covers("refs/tags/v1/rc") && !attest.covers("refs/heads/dev"))
        #expect(attest.notesRef == "refs/notes/evidence")
        #expect(attest.properties.map { $0.name } == ["ORG_SOURCE_SIGNED_OFF", "ORG_SOURCE_SECRET_SCANNED"])
        #expect(attest.properties.map { $0.control } == [.requireSignoff, .secrets])
        #expect(try checks.parse("[[rule]]\nrefs = [\"refs/heads/main\"]\n").attest == nil)
    }

    @Test func controlsInForceCarryTheirMode() throws {
        let policy = try checks.parse(Self.attest)
        let main = policy.controls(for: "refs/heads/main")
        #expect(main[.blockForcePush] == .enforce && main[.blockDeletion] == .enforce && main[.requireSignoff] == .enforce)
        #expect(main[.requireLinearHistory] == .evaluate && main[.secrets] == .enforce)
        #expect(main[.requireSignedCommits] == nil)
        #expect(policy.controls(for: "refs/heads/dev")[.blockForcePush] == nil)
    }

    @Test func mistakesAreNamed() {
        let base = "[attest]\nkey = \"/k\"\nrepository-uri = \"git+ssh://h/p.git\"\nverifier-id = \"https://h/w\"\nrefs = [\"refs/heads/main\"]\n"
        checks.expectError(base + "keys = 1\n", at: "keys =", key: "keys", messageContains: "unknown key in [attest]")
        checks.expectError("[attest]\nkey = \"/k\"\n", at: "[attest]", key: nil, messageContains: "needs 'repository-uri'")
        checks.expectError(base.replacing("git+ssh://h/p.git", with: "https://h/p.git"),
                           at: "repository-uri", key: "repository-uri", messageContains: "git+https:// or git+ssh://")
        checks.expectError(base.replacing("https://h/w", with: "my server"),
                           at: "verifier-id", key: "verifier-id", messageContains: "must be a URI")
        checks.expectError(base.replacing("[\"refs/heads/main\"]", with: "[\"main\"]"),
                           at: "refs =", key: "refs", messageContains: "full ref name")
        checks.expectError(base + "notes-ref = \"refs/heads/notes\"\n", at: "notes-ref", key: "notes-ref",
                           messageContains: "under refs/notes/")
        checks.expectError(base + "properties = { SIGNED = \"require-signoff\" }\n", at: "properties", key: "SIGNED",
                           messageContains: "ORG_SOURCE_")
        checks.expectError(base + "properties = { ORG_SOURCE_X = \"review\" }\n", at: "properties", key: "ORG_SOURCE_X",
                           messageContains: "not a control")
    }
}
