import Testing
@testable import WardenSignatures

/// Extraction of payload and signature from raw objects, mirroring git's commit.c / gpg-interface.c.
@Suite struct SignedObjectTests {
    static let sig = "-----BEGIN SSH SIGNATURE-----\nAAAA\n-----END SSH SIGNATURE-----"

    static func commit(_ extra: String = "", message: String = "msg\n") -> [UInt8] {
        let block = sig.split(separator: "\n").enumerated()
            .map { $0.offset == 0 ? "gpgsig \($0.element)" : " \($0.element)" }.joined(separator: "\n")
        return Array("tree 1\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\(block)\n\(extra)\n\(message)".utf8)
    }

    @Test func commitHeaderSignatureIsRemovedFromPayload() throws {
        let signed = try #require(SignedObject.extract(rawObject: Self.commit(), kind: .commit))
        #expect(String(decoding: signed.payload, as: UTF8.self)
            == "tree 1\nauthor A <a@x> 1 +0000\ncommitter A <a@x> 1 +0000\n\nmsg\n")
        #expect(String(decoding: signed.signature, as: UTF8.self) == Self.sig + "\n")
        #expect(signed.format == .ssh)
    }

    @Test func otherAlgorithmHeaderIsDroppedNotVerified() throws {
        let raw = Array("tree 1\ngpgsig-sha256 -----BEGIN PGP SIGNATURE-----\n x\n y\n\nmsg\n".utf8)
        #expect(SignedObject.extract(rawObject: raw, kind: .commit) == nil)
        let sha256 = try #require(SignedObject.extract(rawObject: raw, kind: .commit, hashAlgorithm: .sha256))
        #expect(String(decoding: sha256.payload, as: UTF8.self) == "tree 1\n\nmsg\n")
        #expect(sha256.format == .openpgp)
    }

    @Test func signatureInMessageIsNotASignature() {
        let raw = Array("tree 1\n\ngpgsig -----BEGIN SSH SIGNATURE-----\n x\n".utf8)
        #expect(SignedObject.extract(rawObject: raw, kind: .commit) == nil)
    }

    @Test func unknownArmorIsRefusedLikeGit() throws {
        let raw = Array("tree 1\ngpgsig hello\n\nmsg\n".utf8)
        let signed = try #require(SignedObject.extract(rawObject: raw, kind: .commit))
        #expect(signed.format == nil)
        #expect(SignatureVerifier(trust: TrustedKeys()).verify(signed, signedAt: .now, now: .now).gitLetter == "E")
    }

    @Test func tagSignatureStartsAtLastArmorLine() throws {
        let raw = Array("object 1\ntype commit\ntag v1\ntagger A <a@x> 1 +0000\n\nmsg\n\(Self.sig)\n-----BEGIN PGP SIGNATURE-----\nzz\n".utf8)
        let signed = try #require(SignedObject.extract(rawObject: raw, kind: .tag))
        #expect(signed.format == .openpgp)
        #expect(String(decoding: signed.signature, as: UTF8.self) == "-----BEGIN PGP SIGNATURE-----\nzz\n")
        #expect(String(decoding: signed.payload, as: UTF8.self).hasSuffix("-----END SSH SIGNATURE-----\n"))
    }

    @Test func tagHeaderSignaturesAreRemovedFromPayload() throws {
        let raw = Array("object 1\ngpgsig-sha256 a\n b\ntag v1\n\nmsg\n\(Self.sig)\n".utf8)
        let signed = try #require(SignedObject.extract(rawObject: raw, kind: .tag))
        #expect(String(decoding: signed.payload, as: UTF8.self) == "object 1\ntag v1\n\nmsg\n")
    }

    @Test func threeTagHeaderSignaturesHaveNoDefinedMeaning() throws {
        let raw = Array("object 1\ngpgsig a\nx 1\ngpgsig b\ny 1\ngpgsig c\n\nmsg\n\(Self.sig)\n".utf8)
        let signed = try #require(SignedObject.extract(rawObject: raw, kind: .tag))
        #expect(signed.format == nil)
    }

    @Test func unsignedTagIsUnsigned() {
        let raw = Array("object 1\ntype commit\ntag v1\n\nmsg\n".utf8)
        #expect(SignatureVerifier(trust: TrustedKeys()).verify(rawObject: raw, kind: .tag) == .unsigned)
    }

    @Test func x509IsUnsupportedNotBad() {
        let raw = Array("object 1\ntag v1\ntagger T <t@x> 1 +0000\n\nmsg\n-----BEGIN SIGNED MESSAGE-----\nMIAG\n-----END SIGNED MESSAGE-----\n".utf8)
        let verdict = SignatureVerifier(trust: TrustedKeys()).verify(rawObject: raw, kind: .tag)
        guard case .unsupported = verdict else { Issue.record("\(verdict)"); return }
    }

    /// git's check_signature reads the tagger (committer) line of the payload first and, without one, verifies
    /// nothing: the object stays unsigned (N), whatever the signature.
    @Test func signedObjectWithoutSignerLineIsUnsignedAsInGit() {
        let raw = Array("object 1\ntag v1\n\nmsg\n-----BEGIN SIGNED MESSAGE-----\nMIAG\n-----END SIGNED MESSAGE-----\n".utf8)
        #expect(SignatureVerifier(trust: TrustedKeys()).verify(rawObject: raw, kind: .tag) == .unsigned)
    }

    @Test func committerIdentityIsParsed() throws {
        let identity = try #require(ObjectIdentity(rawObject: Self.commit(), kind: .commit))
        #expect(identity.email == "a@x")
        #expect(identity.date?.timeIntervalSince1970 == 1)
        #expect(ObjectIdentity(rawObject: Self.commit(), kind: .tag) == nil)
    }
}

extension SignedObjectTests {
    @Test func verdictDescriptionsLeadWithGitLetter() {
        let id = SignerIdentity(format: .ssh, fingerprint: "SHA256:x", primaryFingerprint: "SHA256:x",
                                principal: "alice@example.com", userIDs: [])
        let verdicts: [SignatureVerdict] = [
            .good(id), .untrustedGood(id), .bad(reason: "r"), .unknownKey(keyID: "AB"), .expiredSignature(id),
            .expiredKey(id), .revokedKey(id), .unsupported(reason: "r"), .unsigned, .error(reason: "r"),
        ]
        for verdict in verdicts {
            #expect(verdict.description.first == verdict.gitLetter)
        }
        #expect(SignatureVerdict.good(id).description == "G good signature by SHA256:x (alice@example.com)")
    }
}
