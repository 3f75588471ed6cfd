import Crypto
import _CryptoExtras

extension PGPPublicKey {
    /// Verifies `signature`, made by this key, over `parts` followed by the signature's own trailer.
    ///
    /// Throws for unknown hashes (unsupported: never accepted), for SHA-1 unless `allowSHA1` (only key
    /// self-signatures may ask: data signatures on commits stay refused) and for algorithm mismatches;
    /// returns false when the math fails.
    func verify(_ signature: PGPSignaturePacket, over parts: [[UInt8]], allowSHA1: Bool = false)
        throws(SignatureParseError) -> Bool
    {
        guard signature.publicKeyAlgorithm == algorithm else {
            throw SignatureParseError("signature algorithm \(signature.publicKeyAlgorithm) does not match key")
        }
        switch signature.hashAlgorithm {
        case 8: return try verify(signature, parts, SHA256.self)
        case 9: return try verify(signature, parts, SHA384.self)
        case 10: return try verify(signature, parts, SHA512.self)
        case 2 where allowSHA1: return try verify(signature, parts, Insecure.SHA1.self)
        case 2: throw SignatureParseError("SHA-1 OpenPGP signatures are refused as weak", unsupported: true)
        default:
            throw SignatureParseError("OpenPGP hash algorithm \(signature.hashAlgorithm) not supported", unsupported: true)
        }
    }

    private func verify<H: HashFunction>(_ signature: PGPSignaturePacket, _ parts: [[UInt8]], _: H.Type)
        throws(SignatureParseError) -> Bool
    {
        var hasher = H()
        for part in parts { hasher.update(data: part) }
        hasher.update(data: signature.trailer)
        let digest = hasher.finalize()
        let digestBytes = Array(digest)
        guard digestBytes.prefix(2).elementsEqual(signature.left16) else { return false }
        switch material {
        case .rsa(let modulus, let exponent):
            guard modulus.count >= 256 else {
                throw SignatureParseError("RSA keys below 2048 bits are refused as weak", unsupported: true)
            }
            guard signature.values.count == 1, signature.values[0].count <= modulus.count else {
                throw SignatureParseError("malformed RSA signature value")
            }
            let padded = [UInt8](repeating: 0, count: modulus.count - signature.values[0].count) + signature.values[0]
            guard let key = try? _RSA.Signing.PublicKey(n: modulus, e: exponent) else {
                throw SignatureParseError("RSA key refused by the crypto library")
            }
            return key.isValidSignature(
                _RSA.Signing.RSASignature(rawRepresentation: padded), for: digest, padding: .insecurePKCS1v1_5)
        case .ecdsa(let curve, let point):
            guard signature.values.count == 2 else { throw SignatureParseError("malformed ECDSA signature value") }
            let r = signature.values[0], s = signature.values[1]
            do {
                switch curve {
                case .p256:
                    return try P256.Signing.PublicKey(x963Representation: point).isValidSignature(
                        P256.Signing.ECDSASignature(rawRepresentation: fixed(r, 32) + fixed(s, 32)), for: digest)
                case .p384:
                    return try P384.Signing.PublicKey(x963Representation: point).isValidSignature(
                        P384.Signing.ECDSASignature(rawRepresentation: fixed(r, 48) + fixed(s, 48)), for: digest)
                case .p521:
                    return try P521.Signing.PublicKey(x963Representation: point).isValidSignature(
                        P521.Signing.ECDSASignature(rawRepresentation: fixed(r, 66) + fixed(s, 66)), for: digest)
                }
            } catch let error as SignatureParseError {
                throw error
            } catch {
                throw SignatureParseError("invalid ECDSA key or signature")
            }
        case .ed25519(let key):
            // GnuPG's EdDSA signs the digest itself; R and S travel as two MPIs.
            guard signature.values.count == 2 else { throw SignatureParseError("malformed EdDSA signature value") }
            let raw = try fixed(signature.values[0], 32) + fixed(signature.values[1], 32)
            guard let publicKey = try? Curve25519.Signing.PublicKey(rawRepresentation: key) else {
                throw SignatureParseError("invalid Ed25519 key")
            }
            return publicKey.isValidSignature(raw, for: digestBytes)
        case .other(let algorithm):
            throw SignatureParseError("OpenPGP key algorithm \(algorithm) not supported", unsupported: true)
        }
    }
}
