import Foundation
import Testing
@testable import WardenSignatures

/// Hostile and broken signatures: every one gets a clear non-good verdict, none crashes. Includes a seeded
/// random mutation run over real SSHSIG and OpenPGP signatures.
@Suite struct MalformedInputTests {
    static let payload = Array("tree 1\nauthor A <alice@example.com> 1 +0000\ncommitter A <alice@example.com> 1 +0000\n\nmsg\n".utf8)

    /// One real SSH (ed25519 + ECDSA) and one real OpenPGP (ed25519 + RSA) signature over `payload`.
    struct Material {
        let sandbox: Sandbox
        let verifier: SignatureVerifier
        let ssh: [[UInt8]]
        let openPGP: [[UInt8]]

        init() throws {
            sandbox = try Sandbox()
            let home = try GPGHome(sandbox)
            defer { home.stopAgent() }
            let ed = try SSHKey(sandbox, name: "ed", type: "ed25519")
            let ec = try SSHKey(sandbox, name: "ec", type: "ecdsa", bits: 256)
            let ca = try SSHKey(sandbox, name: "ca", type: "ed25519")
            let certified = try SSHKey(sandbox, name: "certified", type: "ed25519")
            try sandbox.must(["ssh-keygen", "-q", "-s", ca.privatePath, "-I", "id", "-n", "alice@example.com",
                              certified.privatePath + ".pub"])
            let certificate = SSHKey(privatePath: certified.privatePath + "-cert.pub", publicLine: "")
            try sandbox.write("signers", """
                alice@example.com \(ed.publicLine)
                alice@example.com \(ec.publicLine)
                alice@example.com cert-authority \(ca.publicLine)
                """)
            let signers = try AllowedSigners(parsing: try sandbox.read("signers"))
            ssh = [try ed.sign(sandbox, MalformedInputTests.payload), try ec.sign(sandbox, MalformedInputTests.payload),
                   try certificate.sign(sandbox, MalformedInputTests.payload)]
            let edKey = try home.generate(uid: "Alice <alice@example.com>", algorithm: "ed25519")
            let rsaKey = try home.generate(uid: "Alice RSA <alice@example.com>", algorithm: "rsa2048")
            openPGP = [try home.sign(MalformedInputTests.payload, key: edKey),
                       try home.sign(MalformedInputTests.payload, key: rsaKey)]
            let ring = try OpenPGPKeyring(armored: try home.exportArmored("alice@example.com"))
            verifier = SignatureVerifier(trust: TrustedKeys(allowedSigners: signers, openPGPKeys: ring))
        }

        func verdict(_ signature: [UInt8], payload: [UInt8] = MalformedInputTests.payload) -> SignatureVerdict {
            let format = SignatureFormat.detect(in: signature, at: 0)
            return verifier.verify(SignedObject(payload: payload, signature: signature, format: format),
                                   signedAt: Date(timeIntervalSince1970: 1), now: Date())
        }
    }

    static func text(_ bytes: [UInt8]) -> String { String(decoding: bytes, as: UTF8.self) }

    @Test func originalsAreGood() throws {
        let material = try Material()
        for signature in material.ssh + material.openPGP {
            #expect(material.verdict(signature).isGood, "\(material.verdict(signature))")
        }
    }

    @Test func brokenOpenPGPArmorIsBadWithReason() throws {
        let material = try Material()
        let original = Self.text(material.openPGP[0])
        var lines = original.components(separatedBy: "\n")
        let crcIndex = try #require(lines.firstIndex { $0.hasPrefix("=") })
        var badCRC = lines
        badCRC[crcIndex] = badCRC[crcIndex] == "=AAAA" ? "=AAAB" : "=AAAA"
        lines.removeLast(2)
        let cases: [(String, String, String)] = [
            ("bad CRC", badCRC.joined(separator: "\n"), "CRC"),
            ("truncated armor", lines.joined(separator: "\n"), "truncated"),
            ("trailing bytes", original + "junk\n", "after"),
            ("not base64", original.replacingOccurrences(of: "\n\n", with: "\n\n!!!!"), "base64"),
            ("empty body", "-----BEGIN PGP SIGNATURE-----\n\n-----END PGP SIGNATURE-----\n", "base64"),
            ("message armor", original.replacingOccurrences(of: "SIGNATURE", with: "MESSAGE"), "not a detached"),
        ]
        for (name, text, reason) in cases {
            let verdict = material.verdict(Array(text.utf8))
            #expect(verdict.gitLetter == "B", "\(name): \(verdict)")
            if case .bad(let message) = verdict { #expect(message.contains(reason), "\(name): \(message)") }
        }
    }

    @Test func malformedOpenPGPPacketsAreBad() throws {
        let material = try Material()
        let data = try PGPArmor.decodeSingle(material.openPGP[0]).data
        let cases: [(String, [UInt8])] = [
            ("truncated packet", Array(data.dropLast(5))),
            ("two packets", data + data),
            ("partial length on signature", [0xC2, 0xE1] + Array(data.dropFirst(2))),
            ("wrong tag", [0xC6] + Array(data.dropFirst())),
            ("hash algorithm 2 (SHA-1) claimed", Self.patch(data, at: 5, 2)),
            ("unknown hash algorithm", Self.patch(data, at: 5, 99)),
            ("version 3", Self.patch(data, at: 2, 3)),
        ]
        for (name, bytes) in cases {
            let verdict = material.verdict(Self.armorPGP(bytes))
            #expect(!verdict.isGood, "\(name)")
            #expect(["B", "E"].contains(verdict.gitLetter), "\(name): \(verdict)")
        }
    }

    @Test func brokenSSHSignaturesAreBadWithReason() throws {
        let material = try Material()
        let original = Self.text(material.ssh[0])
        let blob = try #require(Data(base64Encoded: original.components(separatedBy: "\n").dropFirst().dropLast(2).joined()))
        let cases: [(String, [UInt8], String)] = [
            ("trailing bytes in blob", SSHWire.armor(Array(blob) + [0]), "trailing"),
            ("truncated blob", SSHWire.armor(Array(blob.dropLast(3))), "truncated"),
            ("truncated armor", Array(original.dropLast(20).utf8), "END"),
            ("text after armor", Array((original + "x").utf8), "after"),
            ("sha1 hash", SSHWire.armor(Self.replacing(Array(blob), "sha512", with: "sha1xx")), "hash algorithm"),
            ("wrong namespace", SSHWire.armor(Self.replacing(Array(blob), "git", with: "gix")), "namespace"),
        ]
        for (name, bytes, reason) in cases {
            let verdict = material.verdict(bytes)
            #expect(verdict.gitLetter == "B", "\(name): \(verdict)")
            if case .bad(let message) = verdict { #expect(message.contains(reason), "\(name): \(message)") }
        }
    }

    @Test func tamperedPayloadIsBad() throws {
        let material = try Material()
        var payload = Self.payload
        payload[payload.count - 2] ^= 1
        for signature in material.ssh + material.openPGP {
            #expect(material.verdict(signature, payload: payload).gitLetter == "B")
        }
    }

    /// 10,000 seeded mutations per format. A mutated signature may only stay good when it still decodes to
    /// the same signed content (base64 padding bits, OpenPGP's unsigned subpacket area and header encodings).
    @Test(arguments: [SignatureFormat.ssh, .openpgp])
    func randomMutationsNeverForgeGood(format: SignatureFormat) throws {
        let material = try Material()
        var rng = SplitMix64(seed: format == .ssh ? 0x5353_4853_4947 : 0x4F50_4750)
        let originals = format == .ssh ? material.ssh : material.openPGP
        let originalContent = originals.map { Self.signedContent($0, format: format) }
        var goodCount = 0
        for iteration in 0..<10_000 {
            let which = iteration % originals.count
            let original = originals[which]
            let mutated: [UInt8]
            var payload = Self.payload
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<5:
                mutated = Mutator.mutate(original, using: &rng)
            case 5..<9:
                mutated = Self.rearmor(Mutator.mutate(Self.decoded(original, format: format), using: &rng), format)
            default:
                mutated = original
                payload = Mutator.mutate(payload, using: &rng)
                if payload == Self.payload { continue }
            }
            let verdict = material.verdict(mutated, payload: payload)
            if verdict.isGood {
                goodCount += 1
                #expect(payload == Self.payload && Self.signedContent(mutated, format: format) == originalContent[which],
                        "iteration \(iteration) forged a good verdict")
            }
        }
        #expect(goodCount < 1_000, "too many equivalent mutations: the mutator is not exercising the verifier")
    }

    /// The same signature packet in every header format and length encoding RFC 4880 allows still verifies.
    @Test func everyPacketLengthEncodingIsRead() throws {
        let material = try Material()
        let body = try PGPPacket.parseAll(try PGPArmor.decodeSingle(material.openPGP[1]).data)[0].body
        let n = body.count
        let be = { (value: Int, bytes: Int) in (0..<bytes).reversed().map { UInt8(value >> ($0 * 8) & 0xFF) } }
        var encodings: [(String, [UInt8])] = [
            ("old 2-byte", [0x89] + be(n, 2)), ("old 4-byte", [0x8A] + be(n, 4)), ("old indeterminate", [0x8B]),
            ("new 5-byte", [0xC2, 0xFF] + be(n, 4)),
        ]
        if n < 192 { encodings.append(("new 1-byte", [0xC2, UInt8(n)])) }
        if n >= 192 && n < 8384 {
            encodings.append(("new 2-byte", [0xC2, UInt8((n - 192) >> 8 + 192), UInt8((n - 192) & 0xFF)]))
        }
        for (name, header) in encodings {
            let verdict = material.verdict(Self.armorPGP(header + body))
            #expect(verdict.isGood, "\(name): \(verdict)")
        }
    }

    /// Keyrings and allowed_signers files are operator input, but still must never crash the hook.
    @Test func mutatedTrustFilesNeverCrash() throws {
        let material = try Material()
        let home = try GPGHome(material.sandbox)
        defer { home.stopAgent() }
        let ring = try home.gpg(["--export", "alice@example.com"]).stdoutBytes
        let signers = Array(try material.sandbox.read("signers").utf8)
        var rng = SplitMix64(seed: 0x4B45_5953)
        for _ in 0..<2_000 {
            _ = try? OpenPGPKeyring(binary: Mutator.mutate(ring, using: &rng))
            _ = try? AllowedSigners(parsing: String(decoding: Mutator.mutate(signers, using: &rng), as: UTF8.self))
        }
    }

    // MARK: helpers

    static func patch(_ data: [UInt8], at index: Int, _ value: UInt8) -> [UInt8] {
        var copy = data
        copy[index] = value
        return copy
    }

    static func replacing(_ blob: [UInt8], _ old: String, with new: String) -> [UInt8] {
        let needle = Array(old.utf8)
        guard let at = (0...(blob.count - needle.count)).first(where: { blob[$0..<($0 + needle.count)].elementsEqual(needle) })
        else { return blob }
        return Array(blob[..<at]) + Array(new.utf8) + Array(blob[(at + needle.count)...])
    }

    static func armorPGP(_ data: [UInt8]) -> [UInt8] {
        let crc = CRC24.checksum(data)
        let crcText = Data([UInt8(crc >> 16), UInt8(crc >> 8 & 0xFF), UInt8(crc & 0xFF)]).base64EncodedString()
        let body = Data(data).base64EncodedString(options: .lineLength64Characters)
            .replacingOccurrences(of: "\r\n", with: "\n")
        return Array("-----BEGIN PGP SIGNATURE-----\n\n\(body)\n=\(crcText)\n-----END PGP SIGNATURE-----\n".utf8)
    }

    static func decoded(_ armor: [UInt8], format: SignatureFormat) -> [UInt8] {
        let lines = text(armor).components(separatedBy: "\n").filter { !$0.hasPrefix("-----") && !$0.hasPrefix("=") }
        return Array(Data(base64Encoded: lines.joined()) ?? Data())
    }

    static func rearmor(_ data: [UInt8], _ format: SignatureFormat) -> [UInt8] {
        format == .ssh ? SSHWire.armor(data) : armorPGP(data)
    }

    /// What the signature commits to: the whole SSHSIG blob, or an OpenPGP signature's hashed part and values.
    static func signedContent(_ armor: [UInt8], format: SignatureFormat) -> [[UInt8]]? {
        if format == .ssh {
            guard let signature = try? SSHSignature(armored: armor) else { return nil }
            return [signature.publicKey.blob, Array(signature.namespace.utf8), Array(signature.hashAlgorithm.utf8),
                    signature.signatureBlob]
        }
        guard let block = try? PGPArmor.decodeSingle(armor), let packets = try? PGPPacket.parseAll(block.data),
            packets.count == 1, let signature = try? PGPSignaturePacket(body: packets[0].body)
        else { return nil }
        return [signature.hashedPart, signature.left16] + signature.values
    }
}
