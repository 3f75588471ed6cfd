/// A version 4 OpenPGP signature packet (RFC 4880 section 5.2.3) with the subpackets verification needs.
///
/// Only hashed subpackets are believed for anything that affects trust (times, flags, fingerprints); the
/// unhashed area is used solely for the issuer key id, which is a lookup hint and checked by the math.
struct PGPSignaturePacket: Sendable {
    let type: UInt8
    let publicKeyAlgorithm: UInt8
    let hashAlgorithm: UInt8
    /// The body from the version byte through the hashed subpackets: the signature's own hashed trailer.
    let hashedPart: [UInt8]
    let left16: [UInt8]
    let values: [[UInt8]]
    let creationTime: UInt32?
    let expirationSeconds: UInt32?
    let keyExpirationSeconds: UInt32?
    let issuerKeyID: [UInt8]?
    let issuerFingerprint: [UInt8]?
    let keyFlags: UInt8?
    let embeddedSignature: [UInt8]?
    let hasUnknownCriticalSubpacket: Bool

    init(body: [UInt8]) throws(SignatureParseError) {
        var reader = PGPReader(body)
        let version = try reader.number(1, "signature version")
        guard version == 4 else {
            throw SignatureParseError("OpenPGP signature version \(version) not supported", unsupported: true)
        }
        type = UInt8(try reader.number(1, "signature type"))
        publicKeyAlgorithm = UInt8(try reader.number(1, "public-key algorithm"))
        hashAlgorithm = UInt8(try reader.number(1, "hash algorithm"))
        let hashedLength = try reader.number(2, "hashed subpackets")
        let hashed = try reader.take(hashedLength, "hashed subpackets")
        hashedPart = Array(body[0..<reader.offset])
        let unhashed = try reader.take(try reader.number(2, "unhashed subpackets"), "unhashed subpackets")
        left16 = try reader.take(2, "hash prefix")
        var values: [[UInt8]] = []
        while reader.remaining > 0 { values.append(try reader.mpi("signature value")) }
        self.values = values

        var creation: UInt32?, expiration: UInt32?, keyExpiration: UInt32?, flags: UInt8?
        var issuer: [UInt8]?, fingerprint: [UInt8]?, embedded: [UInt8]?, unknownCritical = false
        for packet in try Self.subpackets(hashed) {
            switch packet.type {
            case 2: creation = try Self.uint32(packet.data)
            case 3: expiration = try Self.uint32(packet.data)
            case 9: keyExpiration = try Self.uint32(packet.data)
            case 16: issuer = packet.data
            case 27: flags = packet.data.first
            case 32: embedded = packet.data
            case 33:
                guard packet.data.count == 21, packet.data[0] == 4 else { break }
                fingerprint = Array(packet.data.dropFirst())
            default:
                // Subpackets we ignore safely; a critical unknown one makes the signature invalid (RFC 4880 5.2.3.1).
                if packet.critical && ![4, 5, 6, 7, 11, 12, 20, 21, 22, 23, 24, 25, 26, 28, 29, 30, 31]
                    .contains(packet.type)
                {
                    unknownCritical = true
                }
            }
        }
        for packet in try Self.subpackets(unhashed) where packet.type == 16 && issuer == nil {
            issuer = packet.data
        }
        for packet in try Self.subpackets(unhashed) where packet.type == 32 && embedded == nil {
            embedded = packet.data
        }
        creationTime = creation
        expirationSeconds = expiration
        keyExpirationSeconds = keyExpiration
        issuerKeyID = issuer
        issuerFingerprint = fingerprint
        keyFlags = flags
        embeddedSignature = embedded
        hasUnknownCriticalSubpacket = unknownCritical
    }

    /// Hash algorithm 2 (RFC 4880 9.4): collisions are practical, so a SHA-1 signature proves less than it claims.
    var isSHA1: Bool { hashAlgorithm == 2 }

    /// The v4 final trailer appended after the hashed part: 0x04 0xFF and its length (RFC 4880 5.2.4).
    var trailer: [UInt8] {
        let count = UInt32(hashedPart.count)
        return hashedPart + [0x04, 0xFF, UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF),
                             UInt8(count & 0xFF)]
    }

    private struct Subpacket {
        let type: UInt8
        let critical: Bool
        let data: [UInt8]
    }

    private static func subpackets(_ area: [UInt8]) throws(SignatureParseError) -> [Subpacket] {
        var reader = PGPReader(area)
        var out: [Subpacket] = []
        while reader.remaining > 0 {
            let first = try reader.number(1, "subpacket length")
            let length: Int
            switch first {
            case 0..<192: length = first
            case 192..<255: length = (first - 192) << 8 + (try reader.number(1, "subpacket length")) + 192
            default: length = try reader.number(4, "subpacket length")
            }
            guard length >= 1 else { throw SignatureParseError("empty signature subpacket") }
            let body = try reader.take(length, "signature subpacket")
            out.append(Subpacket(type: body[0] & 0x7F, critical: body[0] & 0x80 != 0, data: Array(body.dropFirst())))
        }
        return out
    }

    private static func uint32(_ data: [UInt8]) throws(SignatureParseError) -> UInt32 {
        guard data.count == 4 else { throw SignatureParseError("time subpacket must be 4 bytes") }
        return data.reduce(0) { $0 << 8 | UInt32($1) }
    }
}
