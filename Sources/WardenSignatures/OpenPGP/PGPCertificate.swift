/// One transferable public key (RFC 4880 11.1): a primary key with the user IDs and subkeys that it has
/// certified itself. Only components whose self-signatures verify are kept, so a pasted-on user ID or subkey
/// never gains trust.
///
/// Self-signatures made with SHA-1 (what gpg wrote by default before 2.1 and what many keys made before 2020 still
/// carry) are verified too, but every component remembers whether the binding in effect is SHA-1, so the verifier can
/// refuse it by default and accept it only where the policy says so. Revocations count whatever their hash: honouring
/// one can only make a verdict stricter.
struct PGPCertificate: Sendable {
    let primary: PGPPublicKey
    /// User IDs whose newest valid self-certification uses a strong hash.
    let userIDs: [String]
    /// User IDs whose newest valid self-certification is SHA-1 (not in `userIDs`).
    let sha1UserIDs: [String]
    let expiresAt: UInt32?
    let primaryCanSign: Bool
    /// The self-signature that sets the primary key's flags and expiry is SHA-1.
    let primaryBindingIsSHA1: Bool
    let isRevoked: Bool
    let subkeys: [PGPSubkey]

    /// Builds a certificate from the packets of one key (starting with the primary key packet).
    init(packets: ArraySlice<PGPPacket>) throws(SignatureParseError) {
        guard let first = packets.first, first.tag == 6 else { throw SignatureParseError("expected a public key packet") }
        let primary = try PGPPublicKey(body: first.body)
        self.primary = primary

        var userIDs: [String] = [], sha1UserIDs: [String] = []
        var latestSelfSig: PGPSignaturePacket?
        var revoked = false
        var subkeys: [PGPSubkey] = []
        var index = packets.index(after: packets.startIndex)

        func signatures(after position: inout Int) -> [PGPSignaturePacket] {
            var out: [PGPSignaturePacket] = []
            while position < packets.endIndex, packets[position].tag == 2 || packets[position].tag == 12 {
                // A self-signature with a critical subpacket we do not understand must be ignored (RFC 4880 5.2.3.1).
                if packets[position].tag == 2, let sig = try? PGPSignaturePacket(body: packets[position].body),
                    !sig.hasUnknownCriticalSubpacket
                {
                    out.append(sig)
                }
                position += 1
            }
            return out
        }

        for sig in signatures(after: &index) where Self.isIssued(sig, by: primary) {
            guard Self.verifies(sig, by: primary, over: [primary.hashPrefixAndBody]) else { continue }
            if sig.type == 0x20 { revoked = true }
            if sig.type == 0x1F { latestSelfSig = Self.newer(latestSelfSig, sig) }
        }
        while index < packets.endIndex {
            let packet = packets[index]
            index += 1
            switch packet.tag {
            case 13:
                let uid = packet.body
                let parts = [primary.hashPrefixAndBody, [0xB4] + Self.be32(uid.count), uid]
                var certified: PGPSignaturePacket?, uidRevoked = false
                for sig in signatures(after: &index) where Self.isIssued(sig, by: primary) {
                    guard Self.verifies(sig, by: primary, over: parts) else { continue }
                    if (0x10...0x13).contains(sig.type) { certified = Self.newer(certified, sig) }
                    if sig.type == 0x30 { uidRevoked = true }
                }
                if let certified, !uidRevoked {
                    let text = String(decoding: uid, as: UTF8.self)
                    if certified.isSHA1 { sha1UserIDs.append(text) } else { userIDs.append(text) }
                    latestSelfSig = Self.newer(latestSelfSig, certified)
                }
            case 14:
                let subkey = try PGPPublicKey(body: packet.body)
                subkeys.append(Self.bind(subkey, to: primary, signatures(after: &index)))
            case 6:
                throw SignatureParseError("second primary key inside one certificate")
            default:
                _ = signatures(after: &index)
            }
        }
        self.userIDs = userIDs
        self.sha1UserIDs = sha1UserIDs
        self.isRevoked = revoked
        self.subkeys = subkeys
        self.expiresAt = Self.expiry(created: primary.creationTime, seconds: latestSelfSig?.keyExpirationSeconds)
        self.primaryCanSign = latestSelfSig.map { $0.keyFlags.map { $0 & 0x02 != 0 } ?? true } ?? false
        self.primaryBindingIsSHA1 = latestSelfSig?.isSHA1 ?? false
    }

    private static func bind(_ subkey: PGPPublicKey, to primary: PGPPublicKey, _ sigs: [PGPSignaturePacket])
        -> PGPSubkey
    {
        let parts = [primary.hashPrefixAndBody, subkey.hashPrefixAndBody]
        var binding: PGPSignaturePacket?, revoked = false
        for sig in sigs where isIssued(sig, by: primary) {
            guard verifies(sig, by: primary, over: parts) else { continue }
            if sig.type == 0x18 { binding = newer(binding, sig) }
            if sig.type == 0x28 { revoked = true }
        }
        var canSign = false, backIsSHA1 = false
        if let binding, let flags = binding.keyFlags, flags & 0x02 != 0, let embedded = binding.embeddedSignature,
            let back = try? PGPSignaturePacket(body: embedded), back.type == 0x19
        {
            canSign = verifies(back, by: subkey, over: parts)
            backIsSHA1 = back.isSHA1
        }
        return PGPSubkey(
            key: subkey,
            expiresAt: binding == nil ? 0 : expiry(created: subkey.creationTime, seconds: binding?.keyExpirationSeconds),
            canSign: canSign && binding != nil, isRevoked: revoked,
            bindingIsSHA1: binding?.isSHA1 == true || (canSign && backIsSHA1))
    }

    /// A self-signature's maths, SHA-1 included: whether a SHA-1 binding may count is the verifier's decision.
    private static func verifies(_ sig: PGPSignaturePacket, by key: PGPPublicKey, over parts: [[UInt8]]) -> Bool {
        (try? key.verify(sig, over: parts, allowSHA1: true)) == true
    }

    /// A self-signature must name the primary key (by fingerprint or key id) when it names an issuer at all.
    static func isIssued(_ sig: PGPSignaturePacket, by key: PGPPublicKey) -> Bool {
        if let fingerprint = sig.issuerFingerprint { return fingerprint == key.fingerprint }
        if let keyID = sig.issuerKeyID { return keyID == key.keyID }
        return true
    }

    private static func newer(_ current: PGPSignaturePacket?, _ candidate: PGPSignaturePacket) -> PGPSignaturePacket {
        guard let current else { return candidate }
        return (candidate.creationTime ?? 0) >= (current.creationTime ?? 0) ? candidate : current
    }

    private static func expiry(created: UInt32, seconds: UInt32?) -> UInt32? {
        guard let seconds, seconds > 0 else { return nil }
        let (sum, overflow) = created.addingReportingOverflow(seconds)
        return overflow ? nil : sum
    }

    static func be32(_ value: Int) -> [UInt8] {
        [UInt8(value >> 24 & 0xFF), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }
}
