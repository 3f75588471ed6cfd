import Testing
@testable import WardenPolicy
import WardenTOML

/// `[signers] openpgp-allow-sha1-bindings`: off unless set, a boolean, misspellings caught.
@Suite struct SHA1BindingSettingTests {
    static let source = "/srv/git/repo.git/git-warden.toml"

    @Test func offByDefaultAndOnWhenSet() throws {
        let plain = try PolicyParser.parse("[signers]\nopenpgp-keyring = \"keys.asc\"\n", source: Self.source)
        #expect(plain.signers.openPGPAllowSHA1Bindings == false)
        let allowed = try PolicyParser.parse(
            "[signers]\nopenpgp-keyring = \"keys.asc\"\nopenpgp-allow-sha1-bindings = true\n", source: Self.source)
        #expect(allowed.signers.openPGPAllowSHA1Bindings)
        #expect(allowed.signers.openPGPKeyrings == ["/srv/git/repo.git/keys.asc"])
    }

    @Test func misspeltOrMistypedSettingIsAnError() {
        do {
            _ = try PolicyParser.parse("[signers]\nopenpgp-allow-sha1-binding = true\n", source: Self.source)
            Issue.record("a misspelt key parsed")
        } catch {
            #expect(error.key == "openpgp-allow-sha1-binding")
            #expect(error.position.line == 2)
            #expect(error.message.contains("did you mean 'openpgp-allow-sha1-bindings'?"), "\(error)")
        }
        do {
            _ = try PolicyParser.parse("[signers]\nopenpgp-allow-sha1-bindings = \"yes\"\n", source: Self.source)
            Issue.record("a string parsed as a boolean")
        } catch {
            #expect(error.key == "openpgp-allow-sha1-bindings")
            #expect(error.message.contains("true or false"), "\(error)")
        }
    }
}
