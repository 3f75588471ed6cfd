import Crypto
import _CryptoExtras

extension SSHPublicKey {
    /// What a valid signature proved beyond the math: security keys report FIDO flags that policy must check.
    struct SignatureCheck: Sendable {
        let isValid: Bool
        /// FIDO flags for `sk-` keys (0x01 user present, 0x04 user verified); nil for ordinary keys.
        let fidoFlags: UInt8?
    }

    /// Checks an SSH signature blob (`string type, string signature[, byte flags, uint32 counter]`) over `data`.
    ///
    /// Throws for malformed blobs and for signature types that do not belong to this key, including SHA-1
    /// `ssh-rsa`, which OpenSSH no longer accepts for SSHSIG.
    func check(signatureBlob: [UInt8], over data: [UInt8]) throws(SignatureParseError) -> SignatureCheck {
        var reader = SSHWireReader(signatureBlob)
        let type = try reader.text("signature type")
        let raw = try reader.string("signature")
        switch material {
        case .ed25519(let key):
            try expect(type, "ssh-ed25519")
            try reader.expectEnd("signature")
            return SignatureCheck(isValid: try Self.ed25519(key, raw, data), fidoFlags: nil)
        case .ecdsa(let curve, let point):
            try expect(type, typeName)
            try reader.expectEnd("signature")
            return SignatureCheck(isValid: try Self.ecdsa(curve, point, raw, data), fidoFlags: nil)
        case .rsa(let modulus, let exponent):
            guard type == "rsa-sha2-256" || type == "rsa-sha2-512" else {
                throw SignatureParseError("signature type \(type) refused (SHA-1 RSA signatures are weak)")
            }
            try reader.expectEnd("signature")
            return SignatureCheck(isValid: try Self.rsa(modulus, exponent, type, raw, data), fidoFlags: nil)
        case .skEd25519(let key, let application):
            try expect(type, typeName)
            let signed = try Self.fidoSignedData(&reader, application: application, message: data)
            return SignatureCheck(isValid: try Self.ed25519(key, raw, signed.data), fidoFlags: signed.flags)
        case .skECDSA(let point, let application):
            try expect(type, typeName)
            let signed = try Self.fidoSignedData(&reader, application: application, message: data)
            return SignatureCheck(isValid: try Self.ecdsa("nistp256", point, raw, signed.data), fidoFlags: signed.flags)
        }
    }

    private func expect(_ type: String, _ wanted: String) throws(SignatureParseError) {
        guard type == wanted else { throw SignatureParseError("signature type \(type) does not match key \(typeName)") }
    }

    /// PROTOCOL.u2f: the authenticator signs SHA256(application) || flags || counter || SHA256(message).
    private static func fidoSignedData(
        _ reader: inout SSHWireReader, application: [UInt8], message: [UInt8]
    ) throws(SignatureParseError) -> (data: [UInt8], flags: UInt8) {
        let flags = try reader.byte("FIDO flags")
        let counter = try reader.bytes(count: 4, "FIDO counter")
        try reader.expectEnd("signature")
        var data = Array(SHA256.hash(data: application))
        data.append(flags)
        data.append(contentsOf: counter)
        data.append(contentsOf: SHA256.hash(data: message))
        return (data, flags)
    }

    private static func ed25519(_ key: [UInt8], _ signature: [UInt8], _ data: [UInt8]) throws(SignatureParseError)
        -> Bool
    {
        guard signature.count == 64 else { throw SignatureParseError("Ed25519 signature must be 64 bytes") }
        guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else {
            throw SignatureParseError("invalid Ed25519 key")
        }
        return publicKey.isValidSignature(signature, for: data)
    }

    /// SSH carries ECDSA as `mpint r, mpint s`; the curve fixes the hash (SHA-256/384/512), as in RFC 5656.
    private static func ecdsa(_ curve: String, _ point: [UInt8], _ signature: [UInt8], _ data: [UInt8])
        throws(SignatureParseError) -> Bool
    {
        var reader = SSHWireReader(signature)
        let r = try reader.positiveMPInt("ECDSA r")
        let s = try reader.positiveMPInt("ECDSA s")
        try reader.expectEnd("ECDSA signature")
        do {
            switch curve {
            case "nistp256":
                let key = try P256.Signing.PublicKey(x963Representation: point)
                let sig = try P256.Signing.ECDSASignature(rawRepresentation: try fixed(r, 32) + fixed(s, 32))
                return key.isValidSignature(sig, for: data)
            case "nistp384":
                let key = try P384.Signing.PublicKey(x963Representation: point)
                let sig = try P384.Signing.ECDSASignature(rawRepresentation: try fixed(r, 48) + fixed(s, 48))
                return key.isValidSignature(sig, for: data)
            case "nistp521":
                let key = try P521.Signing.PublicKey(x963Representation: point)
                let sig = try P521.Signing.ECDSASignature(rawRepresentation: try fixed(r, 66) + fixed(s, 66))
                return key.isValidSignature(sig, for: data)
            default:
                throw SignatureParseError("curve \(curve) not supported", unsupported: true)
            }
        } catch let error as SignatureParseError {
            throw error
        } catch {
            throw SignatureParseError("invalid ECDSA key or signature")
        }
    }

    private static func rsa(
        _ modulus: [UInt8], _ exponent: [UInt8], _ type: String, _ signature: [UInt8], _ data: [UInt8]
    ) throws(SignatureParseError) -> Bool {
        guard modulus.count >= 256 else {
            throw SignatureParseError("RSA keys below 2048 bits are refused as weak", unsupported: true)
        }
        guard signature.count <= modulus.count else { throw SignatureParseError("RSA signature longer than key") }
        // OpenSSH accepts signatures shorter than the modulus and left-pads them; so do we.
        let padded = [UInt8](repeating: 0, count: modulus.count - signature.count) + signature
        guard let key = try? _RSA.Signing.PublicKey(n: modulus, e: exponent) else {
            throw SignatureParseError("RSA key refused by the crypto library")
        }
        let sig = _RSA.Signing.RSASignature(rawRepresentation: padded)
        if type == "rsa-sha2-256" {
            return key.isValidSignature(sig, for: SHA256.hash(data: data), padding: .insecurePKCS1v1_5)
        }
        return key.isValidSignature(sig, for: SHA512.hash(data: data), padding: .insecurePKCS1v1_5)
    }
}

/// Left-pads a big-endian magnitude to a fixed field width, refusing values that do not fit.
func fixed(_ value: [UInt8], _ width: Int) throws(SignatureParseError) -> [UInt8] {
    guard value.count <= width else { throw SignatureParseError("integer wider than \(width) bytes") }
    return [UInt8](repeating: 0, count: width - value.count) + value
}
