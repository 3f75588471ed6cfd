import Crypto
import Foundation
import Testing
@testable import WardenSignatures

/// sk-ecdsa / sk-ed25519 signatures built per PROTOCOL.u2f with swift-crypto keys (no FIDO device needed);
/// git + ssh-keygen verify them too, so we still compare with git's letter.
@Suite struct SecurityKeyTests {
    static let application = "ssh:"

    enum Kind: String, CaseIterable, Sendable {
        case ecdsa = "sk-ecdsa-sha2-nistp256@openssh.com"
        case ed25519 = "sk-ssh-ed25519@openssh.com"
    }

    /// A security-key pair and a signer producing the inner signature blob with the given FIDO flags.
    struct Authenticator {
        let kind: Kind
        let publicBlob: [UInt8]
        let sign: ([UInt8], UInt8) throws -> [UInt8]

        init(_ kind: Kind) {
            self.kind = kind
            var wire = SSHWire()
            wire.string(kind.rawValue)
            switch kind {
            case .ecdsa:
                let key = P256.Signing.PrivateKey()
                wire.string("nistp256")
                wire.string(Array(key.publicKey.x963Representation))
                sign = { data, flags in
                    let signed = Self.fidoData(data, flags: flags)
                    let raw = Array(try key.signature(for: signed).rawRepresentation)
                    var inner = SSHWire()
                    inner.mpint(Array(raw[0..<32]))
                    inner.mpint(Array(raw[32..<64]))
                    return Self.signatureBlob(kind, inner.bytes, flags)
                }
            case .ed25519:
                let key = Curve25519.Signing.PrivateKey()
                wire.string(Array(key.publicKey.rawRepresentation))
                sign = { data, flags in
                    let raw = Array(try key.signature(for: Self.fidoData(data, flags: flags)))
                    return Self.signatureBlob(kind, raw, flags)
                }
            }
            wire.string(SecurityKeyTests.application)
            publicBlob = wire.bytes
        }

        var publicLine: String { "\(kind.rawValue) \(Data(publicBlob).base64EncodedString())" }

        static func fidoData(_ message: [UInt8], flags: UInt8) -> [UInt8] {
            Array(SHA256.hash(data: Array(SecurityKeyTests.application.utf8))) + [flags, 0, 0, 0, 7]
                + Array(SHA256.hash(data: message))
        }

        static func signatureBlob(_ kind: Kind, _ signature: [UInt8], _ flags: UInt8) -> [UInt8] {
            var wire = SSHWire()
            wire.string(kind.rawValue)
            wire.string(signature)
            return wire.bytes + [flags, 0, 0, 0, 7]
        }
    }

    func check(_ kind: Kind, flags: UInt8) throws -> (git: Character, ours: SignatureVerdict) {
        let sandbox = try Sandbox()
        let repo = try GitRepo(sandbox)
        let authenticator = Authenticator(kind)
        let allowed = "alice@example.com \(authenticator.publicLine)\n"
        try sandbox.write("allowed_signers", allowed)
        try repo.config("gpg.ssh.allowedSignersFile", sandbox.path("allowed_signers"))
        let raw = try repo.raw("commit", try repo.commit("security key", sign: false))
        let blob = try SSHWire.sshsig(publicKey: authenticator.publicBlob, message: raw) { data in
            try authenticator.sign(data, flags)
        }
        let signed = try repo.hashObject("commit", CommitCrafting.addingSignature(to: raw, armor: SSHWire.armor(blob)))
        let verifier = SignatureVerifier(trust: TrustedKeys(allowedSigners: try AllowedSigners(parsing: allowed)))
        return (try repo.gitLetter(signed), verifier.verify(rawObject: try repo.raw("commit", signed), kind: .commit))
    }

    @Test(arguments: Kind.allCases)
    func userPresentSignatureIsGood(kind: Kind) throws {
        let result = try check(kind, flags: 0x01)
        #expect(result.git == "G")
        #expect(result.ours.isGood, "\(result.ours)")
    }

    /// Stricter than git: ssh-keygen 9.2 accepts a security-key signature without user presence (G); we say B.
    @Test(arguments: Kind.allCases)
    func missingUserPresenceIsBad(kind: Kind) throws {
        let result = try check(kind, flags: 0x00)
        #expect(result.git == "G")
        #expect(result.ours.gitLetter == "B", "\(result.ours)")
    }

    /// ssh-keygen skips allowed_signers lines with options it does not know (git says U); we refuse the file.
    @Test func unknownAllowedSignersOptionIsAnError() throws {
        let line = "alice@example.com no-touch-required \(Authenticator(.ed25519).publicLine)"
        #expect(throws: SignatureParseError.self) { try AllowedSigners(parsing: line, source: "signers") }
    }
}
