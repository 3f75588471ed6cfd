@testable import WardenSignatures

extension FuzzTarget {
    /// Binary OpenPGP: the packet framing (old and new headers, every length encoding), each signature, public key
    /// and subkey packet body, and a binary keyring (`gpg --export`) with its self-signature checks.
    static let openPGPPackets = FuzzTarget(name: "openpgp-packets", summary: "PGPPacket.parseAll, packet bodies, OpenPGPKeyring(binary:)") { bytes in
        if let packets = try? PGPPacket.parseAll(bytes) {
            for packet in packets {
                switch packet.tag {
                case 2: _ = try? PGPSignaturePacket(body: packet.body)
                case 6, 14: _ = try? PGPPublicKey(body: packet.body)
                default: break
                }
            }
        }
        _ = try? OpenPGPKeyring(binary: bytes, source: "fuzz.gpg")
    }
}
