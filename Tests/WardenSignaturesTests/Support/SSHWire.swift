import Crypto
import Foundation

/// An independent SSH wire encoder for building test vectors (security-key signatures have no device here).
struct SSHWire {
    var bytes: [UInt8] = []

    mutating func string(_ value: [UInt8]) {
        let count = UInt32(value.count)
        bytes += [UInt8(count >> 24), UInt8(count >> 16 & 0xFF), UInt8(count >> 8 & 0xFF), UInt8(count & 0xFF)]
        bytes += value
    }

    mutating func string(_ value: String) { string(Array(value.utf8)) }

    mutating func mpint(_ magnitude: [UInt8]) {
        var value = Array(magnitude.drop(while: { $0 == 0 }))
        if let first = value.first, first & 0x80 != 0 { value.insert(0, at: 0) }
        string(value)
    }

    static func armor(_ blob: [UInt8]) -> [UInt8] {
        let base64 = Data(blob).base64EncodedString()
        var lines = ["-----BEGIN SSH SIGNATURE-----"]
        var rest = Substring(base64)
        while !rest.isEmpty {
            lines.append(String(rest.prefix(70)))
            rest = rest.dropFirst(70)
        }
        lines.append("-----END SSH SIGNATURE-----")
        return Array((lines.joined(separator: "\n") + "\n").utf8)
    }

    /// The SSHSIG blob over `message`, with `sign` producing the inner signature blob from the signed data.
    static func sshsig(publicKey: [UInt8], message: [UInt8], namespace: String = "git",
                       sign: ([UInt8]) throws -> [UInt8]) rethrows -> [UInt8] {
        var toSign = SSHWire(bytes: Array("SSHSIG".utf8))
        toSign.string(namespace)
        toSign.string([UInt8]())
        toSign.string("sha512")
        toSign.string(Array(SHA512.hash(data: message)))
        var blob = SSHWire(bytes: Array("SSHSIG".utf8) + [0, 0, 0, 1])
        blob.string(publicKey)
        blob.string(namespace)
        blob.string([UInt8]())
        blob.string("sha512")
        blob.string(try sign(toSign.bytes))
        return blob.bytes
    }
}
