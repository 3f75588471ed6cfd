import Foundation
import WardenFormats

/// Verifies a detached OpenPGP signature over a git payload, as `gpg --verify` does for git, natively.
///
/// Order matters: the math first (a forged signature is `bad` whoever it names), then revocation (R), key expiry
/// (Y) and signature expiry (X), all judged at `now`, which is when gpg judges them for git; only then whether the
/// key's bindings rest on SHA-1 (refused unless `allowSHA1Bindings`), so a revoked or expired old key still reads
/// as R or Y, as git shows it.
struct OpenPGPSignatureVerifier: Sendable {
    let keyring: OpenPGPKeyring
    /// Accept user IDs and (sub)key bindings whose self-signature in effect is SHA-1.
    var allowSHA1Bindings = false

    /// The reason for "E" when a signature needs a SHA-1 self-signature and the policy does not accept them.
    static let sha1BindingRefused =
        "SHA-1 binding signature refused (set [signers] openpgp-allow-sha1-bindings = true to accept)"
    /// The note a good verdict carries when it needed one.
    static let sha1BindingAccepted =
        "SHA-1 binding signature accepted by policy ([signers] openpgp-allow-sha1-bindings)"

    func verify(signature armored: [UInt8], payload: [UInt8], now: Date) -> SignatureVerdict {
        let signature: PGPSignaturePacket
        do {
            guard let parsed = try Self.parse(armored) else {
                // gpg reports one status per signature and git refuses more than one: it cannot check (E).
                return .error(reason: "more than one signature in the OpenPGP armor")
            }
            signature = parsed
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
            return .unknownKey(keyID: Hex.encode(named, uppercase: true))
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
        // What rests on SHA-1 self-signatures: the user IDs bound only that way, the primary key's own binding when
        // it signs, the subkey's binding (or back-signature) when a subkey signs.
        var sha1Parts: [String] = []
        if !certificate.sha1UserIDs.isEmpty {
            sha1Parts.append("user ID \(certificate.sha1UserIDs.map { "\"\($0)\"" }.joined(separator: ", "))")
        }
        if subkey == nil, certificate.primaryBindingIsSHA1 { sha1Parts.append("primary key self-signature") }
        if let subkey, subkey.bindingIsSHA1 { sha1Parts.append("subkey \(key.hexFingerprint) binding") }
        let userIDs = certificate.userIDs + (allowSHA1Bindings ? certificate.sha1UserIDs : [])
        let usesSHA1 = allowSHA1Bindings && !sha1Parts.isEmpty
        let identity = SignerIdentity(
            format: .openpgp, fingerprint: key.hexFingerprint, primaryFingerprint: certificate.primary.hexFingerprint,
            principal: nil, userIDs: userIDs,
            policyNotes: usesSHA1 ? ["\(Self.sha1BindingAccepted): \(sha1Parts.joined(separator: "; "))"] : [])
        guard !certificate.userIDs.isEmpty || !certificate.sha1UserIDs.isEmpty else {
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
        // gpg (and so git) accepts SHA-1 self-signatures; we refuse them unless the policy says otherwise. When
        // strong user IDs exist beside SHA-1 ones, the strong ones carry the verdict and the others do not vouch;
        // a SHA-1 binding of the signing key itself, or only SHA-1 user IDs, decide the verdict.
        let keyBindingIsSHA1 = subkey.map(\.bindingIsSHA1) ?? certificate.primaryBindingIsSHA1
        if !allowSHA1Bindings, keyBindingIsSHA1 || userIDs.isEmpty {
            return .error(reason: "\(Self.sha1BindingRefused): \(sha1Parts.joined(separator: "; "))")
        }
        return .good(identity)
    }

    /// Exactly one signature packet inside a `PGP SIGNATURE` armor; anything else is not what git signs. Nil for
    /// several signature packets, which git cannot check either.
    private static func parse(_ armored: [UInt8]) throws(SignatureParseError) -> PGPSignaturePacket? {
        let block = try PGPArmor.decodeSingle(armored)
        guard block.label == "PGP SIGNATURE" else {
            throw SignatureParseError("\(block.label) is not a detached signature")
        }
        let packets = try PGPPacket.parseAll(block.data)
        if packets.count > 1, packets.allSatisfy({ $0.tag == 2 }) { return nil }
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
