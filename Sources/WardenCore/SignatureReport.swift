import Foundation
import GitKit
import WardenPolicy
import WardenSignatures

/// `git-warden verify`: the signature of each commit (or tag) in some revision ranges, judged natively against the
/// trusted keys, in git's `%G?` vocabulary.
public struct SignatureReport: Sendable {
    public struct Entry: Codable, Sendable {
        public var object: String
        public var kind: String
        /// git's `%G?` letter.
        public var status: String
        public var signer: String?
        public var fingerprint: String?
        public var reason: String
        /// The committer (tagger) email, and whether the key vouches for it.
        public var claimedEmail: String?
        public var signerMatchesCommitter: Bool
        /// Exceptions the policy (or `--allow-sha1-bindings`) granted for this verdict; empty when none.
        public var policyNotes: [String]
    }

    public var entries: [Entry]
    public var allGood: Bool { entries.allSatisfy { $0.status == "G" } }

    /// Verifies every commit of `ranges` (a tag name verifies the tag object itself).
    public static func make(repository: Repository, ranges: [String], trust: TrustedKeys,
                            now: Date = Date()) throws -> SignatureReport {
        let verifier = SignatureVerifier(trust: trust)
        var objects: [(id: ObjectID, kind: GitObjectKind, raw: [UInt8])] = []
        var seen = Set<ObjectID>()
        for range in ranges.isEmpty ? ["HEAD"] : ranges {
            var ids: [(ObjectID, GitObjectKind)]
            let single = range.contains("..") ? nil : try repository.resolveRevision(range)
            if let single, try repository.header(of: single).kind == .tag {
                ids = [(single, .tag)]
            } else {
                ids = try repository.commits(inRange: range).map { ($0, .commit) }
            }
            for (id, kind) in ids where seen.insert(id).inserted {
                objects.append((id, kind, try repository.rawObject(id).bytes))
            }
        }
        // Reading objects needs the (single-threaded) repository; verifying is pure and runs on every core.
        let entries = objects.parallelMap { object in
            let verdict = verifier.verify(rawObject: object.raw, kind: object.kind, now: now)
            let claimed = verifier.signerClaim(rawObject: object.raw, kind: object.kind)?.email
            let signer = verdict.signer
            // An object git's fsck refuses is never good here, whatever its signature: git reads it two ways. A
            // good letter becomes E ("cannot be checked"), other letters stay git's; the reason names the fsck id.
            let problems = ObjectChecker().problems(in: object.raw, kind: object.kind)
            let status = problems.isEmpty || !verdict.isGood ? String(verdict.gitLetter) : "E"
            let reason = problems.first.map {
                "malformed \(object.kind.rawValue) (\($0)); the signature alone: \(verdict.gitLetter) \(verdict.description)"
            } ?? verdict.description
            return Entry(
                object: object.id.hex, kind: object.kind.rawValue, status: status,
                signer: signer.map { $0.principal ?? $0.userIDs.first ?? $0.fingerprint },
                fingerprint: signer?.fingerprint, reason: reason, claimedEmail: claimed,
                signerMatchesCommitter: claimed.map { signer?.vouches(forEmail: $0) ?? false } ?? false,
                policyNotes: signer?.policyNotes ?? [])
        }
        return SignatureReport(entries: entries)
    }

    /// Trusted keys from explicit files, or else from the `[signers]` section of the policy in effect.
    /// SHA-1 OpenPGP bindings count when `allowSHA1Bindings` says so, or (keys from the policy) when the policy does.
    public static func trust(allowedSigners: String?, revokedKeys: String?, keyrings: [String],
                             allowSHA1Bindings: Bool = false, policy: Policy?) throws -> TrustedKeys {
        if allowedSigners != nil || !keyrings.isEmpty {
            return try TrustedKeys.load(allowedSignersFile: allowedSigners, sshRevocationFile: revokedKeys,
                                        openPGPKeyringFiles: keyrings, openPGPAllowSHA1Bindings: allowSHA1Bindings)
        }
        guard let signers = policy?.signers, signers.hasKeys else {
            throw PolicyLoadError(message: "no trusted keys: pass --allowed-signers or --keyring, or set [signers] in the policy")
        }
        return try TrustedKeys.load(allowedSignersFile: signers.sshAllowedSigners,
                                    sshRevocationFile: revokedKeys ?? signers.sshRevokedKeys,
                                    openPGPKeyringFiles: signers.openPGPKeyrings,
                                    openPGPAllowSHA1Bindings: allowSHA1Bindings || signers.openPGPAllowSHA1Bindings)
    }

    /// One line per object: `G 1a2b3c4d5e commit alice@example.com: good signature by …`.
    public var text: String {
        entries.map { entry in
            "\(entry.status) \(entry.object.prefix(10)) \(entry.kind) \(entry.reason)"
        }.joined(separator: "\n")
    }

    public func json() throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(entries), as: UTF8.self)
    }
}
