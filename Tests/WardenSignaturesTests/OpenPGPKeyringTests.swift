import Foundation
import Testing
@testable import WardenSignatures

/// Keyring trust rules: only self-certified user IDs and properly bound subkeys count; subkey revocation;
/// binary exports.
@Suite struct OpenPGPKeyringTests {
    typealias Fixture = OpenPGPCommitTests.Fixture

    /// Alice with a certify-only primary and an ed25519 signing subkey.
    static func aliceWithSubkey(_ fixture: Fixture) throws -> String {
        let primary = try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519",
                                                usage: "cert")
        try fixture.home.gpg(["--quick-add-key", primary, "ed25519", "sign"])
        try fixture.home.configure(fixture.repo, key: primary)
        return primary
    }

    @Test func revokedSubkeyIsR() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        let primary = try Self.aliceWithSubkey(fixture)
        let commit = try fixture.repo.commit("signed by a subkey that is revoked later")
        try fixture.home.gpg(["--command-fd", "0", "--edit-key", primary],
                             stdin: Array("key 1\nrevkey\ny\n0\n\ny\nsave\n".utf8))
        #expect(try fixture.repo.gitLetter(commit) == "R")
        let verdict = try fixture.verdict(commit)
        #expect(verdict.gitLetter == "R", "\(verdict)")
    }

    @Test func pastedUserIDAndForeignSubkeyGainNoTrust() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        try fixture.home.generate(uid: "Alice Example <alice@example.com>", algorithm: "ed25519")
        try fixture.home.generate(uid: "Mallory <mallory@example.com>", algorithm: "ed25519", usage: "cert")
        try fixture.home.gpg(["--quick-add-key", try fixture.home.fingerprints("mallory@example.com")[0], "ed25519", "sign"])
        let alice = try PGPPacket.parseAll(try fixture.home.gpg(["--export", "alice@example.com"]).stdoutBytes)
        let mallory = try PGPPacket.parseAll(try fixture.home.gpg(["--export", "mallory@example.com"]).stdoutBytes)
        // Alice's packets, plus an unsigned user ID and Mallory's subkey with Mallory's binding signature.
        let pastedUID = PGPPacket(tag: 13, body: Array("Alice <ceo@example.com>".utf8))
        let foreignSubkey = mallory.drop(while: { $0.tag != 14 })
        let certificate = try PGPCertificate(packets: ArraySlice(alice + [pastedUID] + foreignSubkey))
        #expect(certificate.userIDs == ["Alice Example <alice@example.com>"])
        #expect(certificate.subkeys.count == 1)
        #expect(certificate.subkeys.allSatisfy { !$0.canSign })
    }

    @Test func binaryExportEqualsArmored() throws {
        let fixture = try Fixture()
        defer { fixture.home.stopAgent() }
        _ = try Self.aliceWithSubkey(fixture)
        let commit = try fixture.repo.commit("binary keyring")
        let ring = try OpenPGPKeyring(binary: try fixture.home.gpg(["--export", "alice@example.com"]).stdoutBytes)
        let verdict = SignatureVerifier(trust: TrustedKeys(openPGPKeys: ring))
            .verify(rawObject: try fixture.repo.raw("commit", commit), kind: .commit)
        #expect(verdict == (try fixture.verdict(commit)))
        #expect(verdict.isGood)
    }

    @Test func keyringErrorsNameTheSource() {
        #expect(throws: SignatureParseError("maintainers.asc: no PGP PUBLIC KEY BLOCK found")) {
            try OpenPGPKeyring(armored: "hello", source: "maintainers.asc")
        }
        do {
            _ = try OpenPGPKeyring(armored: "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQ==\n=AAAA\n-----END PGP PUBLIC KEY BLOCK-----\n",
                                   source: "k.asc")
            Issue.record("accepted a broken keyring")
        } catch {
            #expect(error.message.hasPrefix("k.asc: "), "\(error.message)")
        }
    }
}
