import Crypto
import Foundation

/// An armored SSHSIG signature (OpenSSH PROTOCOL.sshsig), as `ssh-keygen -Y sign` writes it and git stores it.
package struct SSHSignature: Sendable {
    static let magic = Array("SSHSIG".utf8)
    static let begin = Array("-----BEGIN SSH SIGNATURE-----".utf8)
    static let end = Array("-----END SSH SIGNATURE-----".utf8)

    package let publicKey: SSHPublicKey
    package let namespace: String
    package let hashAlgorithm: String
    package let signatureBlob: [UInt8]
    private let reserved: [UInt8]

    /// Parses the armor and the blob. Anything after the END line except line breaks is refused, and so are
    /// trailing bytes inside the blob: a signature means exactly one thing or nothing.
    package init(armored: [UInt8]) throws(SignatureParseError) {
        guard armored.starts(with: Self.begin) else { throw SignatureParseError("missing SSH signature armor") }
        guard let endAt = Self.find(Self.end, in: armored, from: Self.begin.count) else {
            throw SignatureParseError("SSH signature armor has no END line")
        }
        let after = armored[(endAt + Self.end.count)...]
        guard after.allSatisfy({ $0 == UInt8(ascii: "\n") }) else {
            throw SignatureParseError("bytes after the SSH signature armor")
        }
        let body = armored[Self.begin.count..<endAt].filter { $0 != UInt8(ascii: "\n") }
        guard let blob = Data(base64Encoded: Data(body)) else {
            throw SignatureParseError("SSH signature armor is not valid base64")
        }
        var reader = SSHWireReader(Array(blob))
        guard try reader.bytes(count: 6, "SSHSIG magic") == Self.magic else {
            throw SignatureParseError("not an SSHSIG blob")
        }
        guard try reader.uint32("SSHSIG version") == 1 else { throw SignatureParseError("unsupported SSHSIG version") }
        let keyBlob = try reader.string("public key")
        namespace = try reader.text("namespace")
        reserved = try reader.string("reserved")
        hashAlgorithm = try reader.text("hash algorithm")
        signatureBlob = try reader.string("signature")
        try reader.expectEnd("SSHSIG blob")
        guard hashAlgorithm == "sha256" || hashAlgorithm == "sha512" else {
            throw SignatureParseError("SSHSIG hash algorithm \(hashAlgorithm) not allowed")
        }
        publicKey = try SSHPublicKey(blob: keyBlob)
    }

    /// The bytes the key signed: MAGIC, namespace, reserved, hash algorithm and H(message) (PROTOCOL.sshsig).
    package func signedData(for message: [UInt8]) -> [UInt8] {
        let digest: [UInt8] =
            hashAlgorithm == "sha256" ? Array(SHA256.hash(data: message)) : Array(SHA512.hash(data: message))
        var out = Self.magic
        for field in [Array(namespace.utf8), reserved, Array(hashAlgorithm.utf8), digest] {
            let count = UInt32(field.count)
            out += [UInt8(count >> 24), UInt8(truncatingIfNeeded: count >> 16), UInt8(truncatingIfNeeded: count >> 8),
                    UInt8(truncatingIfNeeded: count)]
            out += field
        }
        return out
    }

    private static func find(_ needle: [UInt8], in haystack: [UInt8], from start: Int) -> Int? {
        guard haystack.count >= needle.count, start <= haystack.count - needle.count else { return nil }
        for index in start...(haystack.count - needle.count)
        where haystack[index] == needle[0] && haystack[index..<(index + needle.count)].elementsEqual(needle) {
            return index
        }
        return nil
    }
}
