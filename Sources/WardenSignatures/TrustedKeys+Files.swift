import Foundation

extension TrustedKeys {
    /// Loads the trust files a policy names, once per policy load. Every error names its file (and the line,
    /// for line-based files); a missing file is an error too, never an empty trust set.
    ///
    /// OpenPGP keyrings may be armored (`gpg --export --armor`) or binary (`gpg --export`).
    public static func load(
        allowedSignersFile: String? = nil, sshRevocationFile: String? = nil, openPGPKeyringFiles: [String] = [],
        openPGPAllowSHA1Bindings: Bool = false
    ) throws(SignatureParseError) -> TrustedKeys {
        var trust = TrustedKeys(openPGPAllowSHA1Bindings: openPGPAllowSHA1Bindings)
        if let path = allowedSignersFile {
            trust.allowedSigners = try AllowedSigners(parsing: try text(path), source: path)
        }
        if let path = sshRevocationFile {
            trust.sshRevocations = try SSHRevocationList(parsing: try text(path), source: path)
        }
        for path in openPGPKeyringFiles {
            let bytes = try data(path)
            let isArmored = bytes.drop(while: { $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 })
                .starts(with: Array("-----BEGIN".utf8))
            let ring = isArmored
                ? try OpenPGPKeyring(armored: String(decoding: bytes, as: UTF8.self), source: path)
                : try OpenPGPKeyring(binary: bytes, source: path)
            trust.openPGPKeys = trust.openPGPKeys.merging(ring)
        }
        return trust
    }

    private static func data(_ path: String) throws(SignatureParseError) -> [UInt8] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SignatureParseError("\(path): cannot read file")
        }
        return Array(data)
    }

    private static func text(_ path: String) throws(SignatureParseError) -> String {
        String(decoding: try data(path), as: UTF8.self)
    }
}
