/// The certificate fields of an OpenSSH `*-cert-v01@openssh.com` key (PROTOCOL.certkeys).
///
/// Used only with `cert-authority` lines in allowed_signers: the CA vouches for the principals listed in the
/// certificate during its validity interval. The CA signature is checked by the verifier, not at parse time.
package struct SSHCertificate: Sendable, Hashable {
    static let userType: UInt32 = 1

    package let serial: UInt64
    package let type: UInt32
    package let keyID: String
    package let principals: [String]
    package let validAfter: UInt64
    package let validBefore: UInt64
    package let criticalOptions: [UInt8]
    package let signatureKeyBlob: [UInt8]
    /// The certificate bytes the CA signed (everything before the signature field).
    package let signedPart: [UInt8]
    package let signature: [UInt8]

    /// Reads the fields after the key material; `blob` is the whole certificate for `signedPart`.
    init(_ reader: inout SSHWireReader, signedEnd blob: [UInt8]) throws(SignatureParseError) {
        serial = try reader.uint64("certificate serial")
        type = try reader.uint32("certificate type")
        keyID = try reader.text("certificate key id")
        var principalReader = SSHWireReader(try reader.string("certificate principals"))
        var principals: [String] = []
        while !principalReader.isAtEnd { principals.append(try principalReader.text("certificate principal")) }
        self.principals = principals
        validAfter = try reader.uint64("certificate valid-after")
        validBefore = try reader.uint64("certificate valid-before")
        criticalOptions = try reader.string("certificate critical options")
        _ = try reader.string("certificate extensions")
        _ = try reader.string("certificate reserved")
        signatureKeyBlob = try reader.string("certificate signature key")
        signedPart = Array(blob[..<reader.offset])
        signature = try reader.string("certificate signature")
    }

    /// Whether the certificate is valid at `seconds` (OpenSSH: valid_after <= t < valid_before).
    func isValid(at seconds: UInt64) -> Bool {
        seconds >= validAfter && seconds < validBefore
    }
}
