import Crypto
import Foundation

/// The server's attestation key: Ed25519 (the default) or ECDSA P-256, stored as PKCS#8 PEM ("PRIVATE KEY"), its
/// public half exported as SubjectPublicKeyInfo PEM ("PUBLIC KEY"). The key id is the SHA-256 (lowercase hex) of
/// the SPKI DER: derivable by anyone holding the public key, with no registry.
public struct SigningKey: Sendable {
    public enum Kind: String, Sendable, CaseIterable { case ed25519, p256 }

    public enum Failure: Error, CustomStringConvertible {
        case unreadable(String, String)
        case notAKey(String, String)

        public var description: String {
            switch self {
            case .unreadable(let file, let why): return "\(file): cannot read the key: \(why)"
            case .notAKey(let file, let why): return "\(file): \(why)"
            }
        }
    }

    enum Material: @unchecked Sendable {
        case ed25519(Curve25519.Signing.PrivateKey)
        case p256(P256.Signing.PrivateKey)
    }

    let material: Material

    public var kind: Kind {
        switch material {
        case .ed25519: .ed25519
        case .p256: .p256
        }
    }

    public static func generate(_ kind: Kind) -> SigningKey {
        switch kind {
        case .ed25519: SigningKey(material: .ed25519(Curve25519.Signing.PrivateKey()))
        case .p256: SigningKey(material: .p256(P256.Signing.PrivateKey()))
        }
    }

    public var publicKey: VerifyingKey {
        switch material {
        case .ed25519(let key): VerifyingKey(material: .ed25519(key.publicKey))
        case .p256(let key): VerifyingKey(material: .p256(key.publicKey))
        }
    }

    /// PKCS#8 PEM of the private key.
    public var pem: String {
        switch material {
        case .ed25519(let key): PEM.encode(DER.ed25519PrivatePrefix + key.rawRepresentation, label: "PRIVATE KEY")
        case .p256(let key): key.pemRepresentation
        }
    }

    /// Signs `message` (for DSSE: the PAE bytes). ECDSA signatures are DER-encoded, as DSSE verifiers expect.
    public func sign(_ message: Data) throws -> Data {
        switch material {
        case .ed25519(let key): try key.signature(for: message)
        case .p256(let key): try key.signature(for: message).derRepresentation
        }
    }

    public static func load(file: String) throws -> SigningKey {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw Failure.unreadable(file, String(cString: strerror(errno == 0 ? ENOENT : errno)))
        }
        return try parse(pem: String(decoding: data, as: UTF8.self), file: file)
    }

    public static func parse(pem text: String, file: String) throws -> SigningKey {
        guard let der = PEM.decode(text, label: "PRIVATE KEY") else {
            throw Failure.notAKey(file, "not a PKCS#8 PEM private key (-----BEGIN PRIVATE KEY-----)")
        }
        if der.starts(with: DER.ed25519PrivatePrefix), der.count == DER.ed25519PrivatePrefix.count + 32 {
            let key = try Curve25519.Signing.PrivateKey(rawRepresentation: der.suffix(32))
            return SigningKey(material: .ed25519(key))
        }
        if let key = try? P256.Signing.PrivateKey(derRepresentation: der) {
            return SigningKey(material: .p256(key))
        }
        throw Failure.notAKey(file, "the private key is neither Ed25519 nor ECDSA P-256")
    }
}

/// The public half: verifies signatures and names itself by key id.
public struct VerifyingKey: Sendable {
    enum Material: @unchecked Sendable {
        case ed25519(Curve25519.Signing.PublicKey)
        case p256(P256.Signing.PublicKey)
    }

    let material: Material

    /// SubjectPublicKeyInfo DER.
    public var spki: Data {
        switch material {
        case .ed25519(let key): DER.ed25519PublicPrefix + key.rawRepresentation
        case .p256(let key): key.derRepresentation
        }
    }

    public var pem: String { PEM.encode(spki, label: "PUBLIC KEY") }

    /// SHA-256 of the SPKI DER, lowercase hex.
    public var keyID: String { PushLog.sha256Hex(spki) }

    public var kind: SigningKey.Kind {
        switch material {
        case .ed25519: .ed25519
        case .p256: .p256
        }
    }

    public func isValid(signature: Data, for message: Data) -> Bool {
        switch material {
        case .ed25519(let key):
            return key.isValidSignature(signature, for: message)
        case .p256(let key):
            guard let parsed = try? P256.Signing.ECDSASignature(derRepresentation: signature) else { return false }
            return key.isValidSignature(parsed, for: message)
        }
    }

    public static func load(file: String) throws -> VerifyingKey {
        guard let data = FileManager.default.contents(atPath: file) else {
            throw SigningKey.Failure.unreadable(file, String(cString: strerror(errno == 0 ? ENOENT : errno)))
        }
        let text = String(decoding: data, as: UTF8.self)
        guard let der = PEM.decode(text, label: "PUBLIC KEY") else {
            throw SigningKey.Failure.notAKey(file, "not a PEM public key (-----BEGIN PUBLIC KEY-----)")
        }
        if der.starts(with: DER.ed25519PublicPrefix), der.count == DER.ed25519PublicPrefix.count + 32 {
            return VerifyingKey(material: .ed25519(try Curve25519.Signing.PublicKey(rawRepresentation: der.suffix(32))))
        }
        if let key = try? P256.Signing.PublicKey(derRepresentation: der) {
            return VerifyingKey(material: .p256(key))
        }
        throw SigningKey.Failure.notAKey(file, "the public key is neither Ed25519 nor ECDSA P-256")
    }
}

/// The fixed DER framing of Ed25519 keys (RFC 8410): swift-crypto reads and writes only their raw 32 bytes.
enum DER {
    /// PrivateKeyInfo { version 0, AlgorithmIdentifier { 1.3.101.112 }, OCTET STRING { OCTET STRING (32) } }
    static let ed25519PrivatePrefix = Data([0x30, 0x2e, 0x02, 0x01, 0x00, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70,
                                            0x04, 0x22, 0x04, 0x20])
    /// SubjectPublicKeyInfo { AlgorithmIdentifier { 1.3.101.112 }, BIT STRING (0 unused bits, 32 bytes) }
    static let ed25519PublicPrefix = Data([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00])
}

enum PEM {
    static func encode(_ der: Data, label: String) -> String {
        let body = der.base64EncodedString(options: [.lineLength64Characters, .endLineWithLineFeed])
        return "-----BEGIN \(label)-----\n\(body)\n-----END \(label)-----\n"
    }

    static func decode(_ text: String, label: String) -> Data? {
        let begin = "-----BEGIN \(label)-----", end = "-----END \(label)-----"
        guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
            return nil
        }
        let body = text[start.upperBound..<stop.lowerBound].filter { !$0.isWhitespace }
        return Data(base64Encoded: String(body))
    }
}
