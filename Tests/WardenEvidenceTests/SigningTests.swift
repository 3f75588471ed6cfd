import Foundation
import TestSupport
import Testing
@testable import WardenEvidence

/// DSSE envelopes and the server key: PAE as DSSE v1.0.2 defines it, signatures that verify only with the right
/// key over the exact payload, keys that survive their PEM files.
@Suite struct SigningTests {
    @Test func paeIsTheSpecifiedEncoding() {
        let pae = DSSEEnvelope.pae(payloadType: "http://example.com/HelloWorld", payload: Data("hello world".utf8))
        #expect(String(decoding: pae, as: UTF8.self) == "DSSEv1 29 http://example.com/HelloWorld 11 hello world")
        // Lengths are byte counts, not characters.
        let utf8 = DSSEEnvelope.pae(payloadType: "t", payload: Data("é".utf8))
        #expect(String(decoding: utf8, as: UTF8.self) == "DSSEv1 1 t 2 é")
    }

    @Test(arguments: SigningKey.Kind.allCases)
    func envelopesVerifyOnlyWithTheirKeyAndPayload(kind: SigningKey.Kind) throws {
        let key = SigningKey.generate(kind)
        let payload = Data("{\"a\":1}".utf8)
        let envelope = try DSSEEnvelope.sign(payload: payload, payloadType: DSSEEnvelope.inTotoPayloadType, key: key)
        #expect(envelope.signatures.first?.keyid == key.publicKey.keyID)
        #expect(envelope.verifiedPayload(key: key.publicKey) == payload)
        #expect(envelope.verifiedPayload(key: SigningKey.generate(kind).publicKey) == nil)
        var edited = envelope
        edited.payload = Data("{\"a\":2}".utf8).base64EncodedString()
        #expect(edited.verifiedPayload(key: key.publicKey) == nil)
        var retyped = envelope
        retyped.payloadType = "application/json"
        #expect(retyped.verifiedPayload(key: key.publicKey) == nil)
    }

    @Test(arguments: SigningKey.Kind.allCases)
    func keysSurviveTheirPEMFiles(kind: SigningKey.Kind) throws {
        let key = SigningKey.generate(kind)
        let reloaded = try SigningKey.parse(pem: key.pem, file: "k")
        #expect(reloaded.kind == kind && reloaded.publicKey.keyID == key.publicKey.keyID)
        let scratch = try TemporaryDirectory()
        defer { withExtendedLifetime(scratch) {} }
        let file = scratch.subpath("pub.pem")
        try key.publicKey.pem.write(toFile: file, atomically: true, encoding: .utf8)
        let publicKey = try VerifyingKey.load(file: file)
        #expect(publicKey.keyID == key.publicKey.keyID && publicKey.keyID.count == 64)
        let signature = try key.sign(Data("m".utf8))
        #expect(publicKey.isValid(signature: signature, for: Data("m".utf8)))
        #expect(throws: SigningKey.Failure.self) { try SigningKey.parse(pem: key.publicKey.pem, file: "pub.pem") }
    }

    @Test func ed25519PublicKeyIsStandardSPKI() throws {
        // RFC 8410 framing: openssl and Python's cryptography read it.
        let key = SigningKey.generate(.ed25519)
        #expect(key.publicKey.spki.count == 44)
        #expect(key.publicKey.pem.hasPrefix("-----BEGIN PUBLIC KEY-----\nMCowBQYDK2VwAyEA"))
    }
}
