import Foundation
@testable import WardenSignatures

extension FuzzTarget {
    /// `allowed_signers` (and the revoked-keys file, which shares its key syntax): every line's principals,
    /// options, validity times and key, then each entry's patterns and windows asked what the verifier asks.
    static let allowedSigners = FuzzTarget(name: "allowed-signers", summary: "AllowedSigners(parsing:), SSHRevocationList(parsing:)") { bytes in
        let text = String(decoding: bytes, as: UTF8.self)
        _ = try? SSHRevocationList(parsing: text, source: "fuzz revoked_keys")
        guard let signers = try? AllowedSigners(parsing: text, source: "fuzz allowed_signers") else { return }
        for entry in signers.entries {
            _ = entry.principals.matches("alice@example.com")
            _ = entry.principals.matches("Alice@Example.COM", caseInsensitive: true)
            _ = entry.admits(namespace: "git")
            _ = entry.isValid(at: Date(timeIntervalSince1970: 1_700_000_000))
            _ = signers.entries(for: entry.key).count
        }
    }
}
