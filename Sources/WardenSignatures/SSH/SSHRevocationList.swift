import Foundation

/// Revoked SSH keys, from a text file of public keys, one per line (git's `gpg.ssh.revocationFile` in its plain
/// form). OpenSSH binary KRLs are not read: a KRL given here is a parse error, not an empty list.
public struct SSHRevocationList: Sendable {
    private let keys: Set<SSHPublicKey>

    package init(keys: Set<SSHPublicKey> = []) {
        self.keys = keys
    }

    /// No revoked keys.
    public static var empty: SSHRevocationList { SSHRevocationList() }

    public init(parsing text: String, source: String = "revoked_keys") throws(SignatureParseError) {
        var keys = Set<SSHPublicKey>()
        // CRLF files are read as LF files: a Windows editor must not turn the file into one line (whose first
        // `#` would silently comment out every revocation).
        for (index, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }).enumerated() {
            let line = rawLine.trimmingCharacters(in: .whitespaces.union(.init(charactersIn: "\r")))
            if line.isEmpty || line.hasPrefix("#") { continue }
            var scanner = LineScanner(line)
            do throws(SignatureParseError) {
                guard let type = scanner.token(), let base64 = scanner.token() else {
                    throw SignatureParseError("expected `type base64 [comment]`")
                }
                keys.insert(try SSHPublicKey(type: type, base64: base64))
            } catch {
                throw SignatureParseError("\(source):\(index + 1): \(error.message)")
            }
        }
        self.keys = keys
    }

    /// Whether the key, or for a certificate its subject key or signing CA, is listed.
    func isRevoked(_ key: SSHPublicKey) -> Bool {
        guard let certificate = key.certificate else { return keys.contains(key) }
        return [key.plainBlob, certificate.signatureKeyBlob].contains { blob in
            (try? SSHPublicKey(blob: blob)).map(keys.contains) ?? false
        }
    }
}
