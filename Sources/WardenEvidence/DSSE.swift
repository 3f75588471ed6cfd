import Foundation

/// Dead Simple Signing Envelope v1.0.2: the signature covers the pre-authentication encoding of the payload type
/// and the payload bytes, never the JSON around them.
public struct DSSEEnvelope: Codable, Sendable, Equatable {
    public struct Signature: Codable, Sendable, Equatable {
        public var keyid: String
        public var sig: String
    }

    public static let inTotoPayloadType = "application/vnd.in-toto+json"

    public var payloadType: String
    /// Standard base64 of the payload bytes.
    public var payload: String
    public var signatures: [Signature]

    /// `"DSSEv1" SP LEN(type) SP type SP LEN(body) SP body`, lengths as ASCII decimal byte counts.
    public static func pae(payloadType: String, payload: Data) -> Data {
        let type = Data(payloadType.utf8)
        var encoded = Data("DSSEv1 \(type.count) ".utf8)
        encoded.append(type)
        encoded.append(Data(" \(payload.count) ".utf8))
        encoded.append(payload)
        return encoded
    }

    public static func sign(payload: Data, payloadType: String, key: SigningKey) throws -> DSSEEnvelope {
        let signature = try key.sign(pae(payloadType: payloadType, payload: payload))
        return DSSEEnvelope(payloadType: payloadType, payload: payload.base64EncodedString(),
                            signatures: [Signature(keyid: key.publicKey.keyID, sig: signature.base64EncodedString())])
    }

    /// The payload bytes if a signature with `key`'s id verifies over them, nil otherwise.
    public func verifiedPayload(key: VerifyingKey) -> Data? {
        guard let body = Data(base64Encoded: payload) else { return nil }
        let message = Self.pae(payloadType: payloadType, payload: body)
        for signature in signatures where signature.keyid == key.keyID {
            if let sig = Data(base64Encoded: signature.sig), key.isValid(signature: sig, for: message) { return body }
        }
        return nil
    }

    /// One line of compact JSON (keys sorted, slashes unescaped).
    public func jsonLine() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self)
    }
}
