import Foundation
import WardenFormats
import Crypto

/// A version 4 OpenPGP public key or subkey packet (RFC 4880 5.5.2, RFC 6637, EdDSA as GnuPG writes it).
///
/// Algorithms we cannot verify with (DSA, ElGamal, ECDH, Curve448) still parse, so fingerprints, key ids and
/// the rest of the certificate stay correct; signing with them yields "unsupported".
struct PGPPublicKey: Sendable {
    enum Material: Sendable {
        case rsa(modulus: [UInt8], exponent: [UInt8])
        case ecdsa(curve: ECCurve, point: [UInt8])
        case ed25519(key: [UInt8])
        case other(algorithm: UInt8)
    }

    enum ECCurve: Sendable {
        case p256, p384, p521
    }

    /// The packet body, which is what fingerprints and key signatures hash.
    let body: [UInt8]
    let creationTime: UInt32
    let algorithm: UInt8
    let material: Material
    /// SHA-1 over 0x99, length and body: the v4 fingerprint (RFC 4880 12.2).
    let fingerprint: [UInt8]

    static let oidP256: [UInt8] = [0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x03, 0x01, 0x07]
    static let oidP384: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x22]
    static let oidP521: [UInt8] = [0x2B, 0x81, 0x04, 0x00, 0x23]
    static let oidEd25519: [UInt8] = [0x2B, 0x06, 0x01, 0x04, 0x01, 0xDA, 0x47, 0x0F, 0x01]

    init(body: [UInt8]) throws(SignatureParseError) {
        var reader = PGPReader(body)
        let version = try reader.number(1, "key version")
        guard version == 4 else {
            throw SignatureParseError("OpenPGP key version \(version) not supported", unsupported: true)
        }
        creationTime = UInt32(try reader.number(4, "key creation time"))
        algorithm = UInt8(try reader.number(1, "key algorithm"))
        switch algorithm {
        case 1, 3:
            let modulus = try reader.mpi("RSA modulus")
            material = .rsa(modulus: modulus, exponent: try reader.mpi("RSA exponent"))
        case 19:
            let oid = try reader.take(try reader.number(1, "curve OID"), "curve OID")
            let point = try reader.mpi("EC point")
            switch oid {
            case Self.oidP256: material = .ecdsa(curve: .p256, point: point)
            case Self.oidP384: material = .ecdsa(curve: .p384, point: point)
            case Self.oidP521: material = .ecdsa(curve: .p521, point: point)
            default: material = .other(algorithm: algorithm)
            }
        case 22:
            let oid = try reader.take(try reader.number(1, "curve OID"), "curve OID")
            let point = try reader.mpi("EdDSA point")
            if oid == Self.oidEd25519, point.count == 33, point[0] == 0x40 {
                material = .ed25519(key: Array(point.dropFirst()))
            } else {
                material = .other(algorithm: algorithm)
            }
        default:
            material = .other(algorithm: algorithm)
        }
        self.body = body
        var hashed = Self.prefix(body)
        hashed += body
        fingerprint = Array(Insecure.SHA1.hash(data: hashed))
    }

    /// The low 64 bits of the fingerprint: what the issuer subpacket (16) names.
    var keyID: [UInt8] { Array(fingerprint.suffix(8)) }

    var hexFingerprint: String { Hex.encode(fingerprint, uppercase: true) }

    /// 0x99 and the two-byte length that precede a key in every hash over it (RFC 4880 5.2.4).
    static func prefix(_ body: [UInt8]) -> [UInt8] {
        [0x99, UInt8(body.count >> 8 & 0xFF), UInt8(body.count & 0xFF)]
    }

    /// The key as it enters signature hashes.
    var hashPrefixAndBody: [UInt8] { Self.prefix(body) + body }
}
