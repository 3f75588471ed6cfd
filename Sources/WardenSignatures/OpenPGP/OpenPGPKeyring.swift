/// Trusted OpenPGP certificates, from armored (`gpg --export --armor`) or binary exports, indexed by key id.
///
/// Every key in the ring is trusted as the signer of its certified user IDs: the ring *is* the trust decision,
/// there is no web of trust.
public struct OpenPGPKeyring: Sendable {
    let certificates: [PGPCertificate]
    private let byKeyID: [[UInt8]: [(certificate: Int, subkey: Int?)]]

    /// No trusted OpenPGP keys.
    public static var empty: OpenPGPKeyring { OpenPGPKeyring(certificates: []) }

    init(certificates: [PGPCertificate]) {
        self.certificates = certificates
        var index: [[UInt8]: [(Int, Int?)]] = [:]
        for (position, certificate) in certificates.enumerated() {
            index[certificate.primary.keyID, default: []].append((position, nil))
            for (subPosition, subkey) in certificate.subkeys.enumerated() {
                index[subkey.key.keyID, default: []].append((position, subPosition))
            }
        }
        byKeyID = index
    }

    /// Parses one or more armored public key blocks; `source` names the file in errors.
    public init(armored text: String, source: String = "keyring") throws(SignatureParseError) {
        var certificates: [PGPCertificate] = []
        do throws(SignatureParseError) {
            for block in try PGPArmor.decodeAll(Array(text.utf8)) where block.label == "PGP PUBLIC KEY BLOCK" {
                certificates += try Self.certificates(in: block.data)
            }
        } catch {
            throw SignatureParseError("\(source): \(error.message)")
        }
        guard !certificates.isEmpty else { throw SignatureParseError("\(source): no PGP PUBLIC KEY BLOCK found") }
        self.init(certificates: certificates)
    }

    /// Parses a binary export (`gpg --export`).
    public init(binary: [UInt8], source: String = "keyring") throws(SignatureParseError) {
        do throws(SignatureParseError) {
            self.init(certificates: try Self.certificates(in: binary))
        } catch {
            throw SignatureParseError("\(source): \(error.message)")
        }
    }

    /// Merges two rings (for example one file per maintainer).
    public func merging(_ other: OpenPGPKeyring) -> OpenPGPKeyring {
        OpenPGPKeyring(certificates: certificates + other.certificates)
    }

    /// The certificates and (sub)keys whose key id is `keyID`.
    func candidates(keyID: [UInt8]) -> [(certificate: PGPCertificate, subkey: PGPSubkey?)] {
        (byKeyID[keyID] ?? []).map { entry in
            (certificates[entry.certificate], entry.subkey.map { certificates[entry.certificate].subkeys[$0] })
        }
    }

    private static func certificates(in data: [UInt8]) throws(SignatureParseError) -> [PGPCertificate] {
        let packets = try PGPPacket.parseAll(data)
        var starts = packets.indices.filter { packets[$0].tag == 6 }
        guard let first = starts.first else { return [] }
        guard first == 0 else { throw SignatureParseError("keyring does not start with a public key packet") }
        starts.append(packets.endIndex)
        var out: [PGPCertificate] = []
        for (start, end) in zip(starts, starts.dropFirst()) {
            out.append(try PGPCertificate(packets: packets[start..<end]))
        }
        return out
    }
}
