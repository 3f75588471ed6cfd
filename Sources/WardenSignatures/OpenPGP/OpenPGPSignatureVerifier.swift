import Foundation

/// Verifies a detached OpenPGP signature over a git payload, as `gpg --verify` does for git, natively.
///
/// Order matters: the math first (a forged signature is `bad` whoever it names), then revocation (R), key expiry
/// (Y) and signature expiry (X), all judged at `now`, which is when gpg judges them for git.
struct OpenPGPSignatureVerifier: Sendable {
    let keyring: OpenPGPKeyring

    func verify(signature armored: [UInt8], payload: [UInt8], now: Date) -> SignatureVerdict {
        let signature: PGPSignaturePacket
        do {
            signature = try Self.parse(armored)
        } catch {
            return error.isUnsupported
                ? .unsupported(reason: error.message) : .bad(reason: "malformed OpenPGP signature: \(error.message)")
        }
        guard signature.type == 0x00 || signature.type == 0x01 else {
            return .bad(reason: "OpenPGP signature type \(signature.type) is not a document signature")
        }
        guard !signature.hasUnknownCriticalSubpacket else {
            return .bad(reason: "OpenPGP signature has an unknown critical subpacket")
        }
        guard let created = signature.creationTime else {
            return .bad(reason: "OpenPGP signature lacks a hashed creation time")
        }
        guard let keyID = signature.issuerFingerprint?.suffix(8).map({ $0 }) ?? signature.issuerKeyID else {
            return .bad(reason: "OpenPGP signature names no issuer")
        }
        let candidates = keyring.candidates(keyID: keyID).filter { candidate in
            guard let fingerprint = signature.issuerFingerprint else { return true }
            return (candidate.subkey?.key ?? candidate.certificate.primary).fingerprint == fingerprint
        }
        guard !candidates.isEmpty else {
            let named = signature.issuerFingerprint ?? keyID
            return .unknownKey(keyID: Hex.encode(named))
        }
        let message = signature.type == 0x01 ? Self.canonicalText(payload) : payload
        var lastFailure: SignatureVerdict = .bad(reason: "OpenPGP signature does not verify")
        for (certificate, subkey) in candidates {
            let key = subkey?.key ?? certificate.primary
            do {
                guard try key.verify(signature, over: [message]) else { continue }
            } catch {
                lastFailure = error.isUnsupported ? .unsupported(reason: error.message) : .bad(reason: error.message)
                continue
            }
            return judge(signature, created: created, certificate: certificate, subkey: subkey, now: now)
        }
        return lastFailure
    }

    /// Everything after the math: is this key entitled to sign, and is it (still) valid?
    private func judge(
        _ signature: PGPSignaturePacket, created: UInt32, certificate: PGPCertificate, subkey: PGPSubkey?, now: Date
    ) -> SignatureVerdict {
        let key = subkey?.key ?? certificate.primary
        let identity = SignerIdentity(
            format: .openpgp, fingerprint: key.hexFingerprint, primaryFingerprint: certificate.primary.hexFingerprint,
            principal: nil, userIDs: certificate.userIDs)
        guard !certificate.userIDs.isEmpty else {
            return .bad(reason: "signing key has no user ID with a valid self-signature")
        }
        if let subkey, !subkey.canSign {
            return .bad(reason: "subkey \(key.hexFingerprint) is not bound for signing (flags or back-signature)")
        }
        if subkey == nil, !certificate.primaryCanSign {
            return .bad(reason: "primary key \(key.hexFingerprint) is not certified for signing")
        }
        guard created >= key.creationTime else { return .bad(reason: "signature predates its key") }
        // gpg refuses signatures from the future as a time conflict; git then reports it cannot check.
        guard Double(created) <= now.timeIntervalSince1970 else {
            return .error(reason: "OpenPGP signature is dated in the future")
        }
        if certificate.isRevoked || subkey?.isRevoked == true { return .revokedKey(identity) }
        let nowSeconds = now.timeIntervalSince1970
        for expiry in [certificate.expiresAt, subkey?.expiresAt].compactMap({ $0 }) where Double(expiry) <= nowSeconds {
            return .expiredKey(identity)
        }
        if let seconds = signature.expirationSeconds, seconds > 0, Double(created) + Double(seconds) <= nowSeconds {
            return .expiredSignature(identity)
        }
        return .good(identity)
    }

    /// Exactly one signature packet inside a `PGP SIGNATURE` armor; anything else is not what git signs.
    private static func parse(_ armored: [UInt8]) throws(SignatureParseError) -> PGPSignaturePacket {
        let block = try PGPArmor.decodeSingle(armored)
        guard block.label == "PGP SIGNATURE" else {
            throw SignatureParseError("\(block.label) is not a detached signature")
        }
        let packets = try PGPPacket.parseAll(block.data)
        guard packets.count == 1, packets[0].tag == 2 else {
            throw SignatureParseError("expected exactly one signature packet, found \(packets.count) packets")
        }
        return try PGPSignaturePacket(body: packets[0].body)
    }

    /// Text signatures (type 0x01) hash the text with every line ending as CR LF (RFC 4880 5.2.1).
    static func canonicalText(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count + bytes.count / 32)
        var previous: UInt8 = 0
        for byte in bytes {
            if byte == UInt8(ascii: "\n") && previous != UInt8(ascii: "\r") { out.append(UInt8(ascii: "\r")) }
            out.append(byte)
            previous = byte
        }
        return out
    }
}
