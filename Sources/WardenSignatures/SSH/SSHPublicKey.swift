import Crypto
import Foundation

/// An OpenSSH public key parsed from its wire blob (the base64 part of an `authorized_keys` line).
///
/// Equality is by blob, which is what `allowed_signers` lookups and revocation compare, as ssh-keygen does.
package struct SSHPublicKey: Sendable, Hashable {
    /// The key material per algorithm; security keys keep their FIDO application string.
    package enum Material: Sendable, Hashable {
        case ed25519(key: [UInt8])
        case ecdsa(curve: String, point: [UInt8])
        case rsa(modulus: [UInt8], exponent: [UInt8])
        case skEd25519(key: [UInt8], application: [UInt8])
        case skECDSA(point: [UInt8], application: [UInt8])
    }

    package let blob: [UInt8]
    package let typeName: String
    package let material: Material

    /// The key without certificate wrapping: what fingerprints hash and revocation lists name.
    package let plainBlob: [UInt8]
    /// The OpenSSH certificate around the key, when the blob is a `*-cert-v01@openssh.com` one.
    package let certificate: SSHCertificate?

    package init(blob: [UInt8]) throws(SignatureParseError) {
        var reader = SSHWireReader(blob)
        let typeName = try reader.text("key type")
        let certSuffix = "-cert-v01@openssh.com"
        let plainType = typeName.hasSuffix(certSuffix) ? String(typeName.dropLast(certSuffix.count)) : typeName
        let isCertificate = plainType != typeName
        if isCertificate { _ = try reader.string("certificate nonce") }
        let fieldsStart = reader.offset
        let material = try Self.material(plainType, &reader)
        if isCertificate {
            var plain = SSHWireReader.encode(string: Array(plainType.utf8))
            plain += blob[fieldsStart..<reader.offset]
            plainBlob = plain
            certificate = try SSHCertificate(&reader, signedEnd: blob)
        } else {
            plainBlob = blob
            certificate = nil
        }
        try reader.expectEnd("public key")
        self.blob = blob
        self.typeName = plainType
        self.material = material
    }

    private static func material(_ typeName: String, _ reader: inout SSHWireReader) throws(SignatureParseError)
        -> Material
    {
        switch typeName {
        case "ssh-ed25519":
            return .ed25519(key: try ed25519Key(&reader))
        case "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521":
            let curve = try reader.text("curve name")
            guard "ecdsa-sha2-" + curve == typeName else { throw SignatureParseError("ECDSA curve mismatch") }
            return .ecdsa(curve: curve, point: try reader.string("EC point"))
        case "ssh-rsa":
            let exponent = try reader.positiveMPInt("RSA exponent")
            let modulus = try reader.positiveMPInt("RSA modulus")
            guard modulus.count * 8 >= 1024 else { throw SignatureParseError("RSA key shorter than 1024 bits") }
            return .rsa(modulus: modulus, exponent: exponent)
        case "sk-ssh-ed25519@openssh.com":
            let key = try ed25519Key(&reader)
            return .skEd25519(key: key, application: try reader.string("FIDO application"))
        case "sk-ecdsa-sha2-nistp256@openssh.com":
            guard try reader.text("curve name") == "nistp256" else { throw SignatureParseError("sk-ecdsa curve") }
            let point = try reader.string("EC point")
            return .skECDSA(point: point, application: try reader.string("FIDO application"))
        default:
            throw SignatureParseError("key type \(typeName) not supported", unsupported: true)
        }
    }

    /// Parses the `type base64` form used in `allowed_signers` and revocation files.
    package init(type: String, base64: String) throws(SignatureParseError) {
        guard let data = Data(base64Encoded: base64) else { throw SignatureParseError("invalid base64 key") }
        try self.init(blob: Array(data))
        guard self.typeName == type || (certificate != nil && type.hasPrefix(self.typeName)) else {
            throw SignatureParseError("key type \(type) does not match encoded \(typeName)")
        }
    }

    /// `SHA256:` plus unpadded base64 of the plain key's digest, as `ssh-keygen -l` prints it (also for certs).
    package var fingerprint: String {
        let digest = Data(SHA256.hash(data: plainBlob)).base64EncodedString()
        return "SHA256:" + digest.filter { $0 != "=" }
    }

    package static func == (lhs: Self, rhs: Self) -> Bool { lhs.blob == rhs.blob }
    package func hash(into hasher: inout Hasher) { hasher.combine(blob) }

    private static func ed25519Key(_ reader: inout SSHWireReader) throws(SignatureParseError) -> [UInt8] {
        let key = try reader.string("Ed25519 key")
        guard key.count == 32 else { throw SignatureParseError("Ed25519 key must be 32 bytes") }
        return key
    }
}
