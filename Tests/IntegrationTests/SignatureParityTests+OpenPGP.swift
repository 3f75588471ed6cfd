import Foundation
import Testing

/// The OpenPGP half of the table (t7510, t7030, t4202).
extension SignatureParityTests {
    static let past = "20200101T000000"

    static let openPGPRows: [Row] = [
        Row(scenario: "signed commit (commit -S)", covers: "t7510, t4202", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in .init(object: try lab.pgpCommit("signed", key: "alice"), kind: .commit) },
        Row(scenario: "unsigned commit", covers: "t7510", git: "N", gitAccepts: false, warden: "N", stricter: nil) { lab in
            .init(object: try lab.commit("unsigned"), kind: .commit)
        },
        Row(scenario: "signed merge (merge -S), side branch unsigned", covers: "t7510", git: "G", gitAccepts: true,
            warden: "G", stricter: nil) { lab in
            .init(object: try lab.merge(try lab.commit("side"), config: try lab.pgpSigning("alice"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "unsigned commit amended with -S", covers: "t7510", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in
            _ = try lab.commit("to be amended")
            return .init(object: try lab.amend(config: try lab.pgpSigning("alice"), options: ["-S"]), kind: .commit)
        },
        Row(scenario: "commit-tree -S", covers: "t7510", git: "G", gitAccepts: true, warden: "G", stricter: nil) { lab in
            .init(object: try lab.commitTree(config: try lab.pgpSigning("alice"), options: ["-S"]), kind: .commit)
        },
        Row(scenario: "signed by a signing subkey", covers: "t4202", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in .init(object: try lab.pgpCommit("by subkey", key: "sub"), kind: .commit) },
        Row(scenario: "message edited after signing", covers: "t7510", git: "B", gitAccepts: false, warden: "B",
            stricter: nil) { lab in
            let raw = try lab.raw(try lab.pgpCommit("original message", key: "alice"))
            return .init(object: try lab.store(raw.replacingOccurrences(of: "original", with: "forged")), kind: .commit)
        },
        Row(scenario: "NUL and text appended after signing", covers: "t7510", git: "B", gitAccepts: false,
            warden: "B", stricter: nil) { lab in
            let raw = try lab.raw(try lab.pgpCommit("nul follows", key: "alice"))
            return .init(object: try lab.store(raw + "\u{0}wik\n"), kind: .commit)
        },
        Row(scenario: "signature stripped from a signed commit", covers: "t7510 (unsigned variants)", git: "N",
            gitAccepts: false, warden: "N", stricter: nil) { lab in
            let raw = try lab.raw(try lab.pgpCommit("to be stripped", key: "alice"))
            // Drop the gpgsig header and its continuation lines, keep everything else byte for byte.
            var kept: [Substring] = [], inSignature = false
            for line in raw.split(separator: "\n", omittingEmptySubsequences: false) {
                if line.hasPrefix("gpgsig ") { inSignature = true; continue }
                if inSignature, line.hasPrefix(" ") { continue }
                inSignature = false
                kept.append(line)
            }
            #expect(kept.count < raw.split(separator: "\n", omittingEmptySubsequences: false).count - 4)
            return .init(object: try lab.store(kept.joined(separator: "\n")), kind: .commit)
        },
        Row(scenario: "two signatures in one armor", covers: "t7510", git: "E", gitAccepts: false, warden: "E",
            stricter: nil) { lab in
            let raw = try lab.unsignedBase("doubly signed")
            let armor = try lab.combine([try lab.pgpSign(raw, key: "alice"), try lab.pgpSign(raw, key: "rsa")])
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit)
        },
        Row(scenario: "key unknown to git's keyring", covers: "t7510, t4202", git: "E", gitAccepts: false,
            warden: "E", stricter: nil) { lab in
            let raw = try lab.unsignedBase("by a stranger")
            let armor = try lab.pgpSign(raw, key: "stranger", home: lab.otherHome)
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit)
        },
        Row(scenario: "key known to gpg but not certified", covers: "t7510 (eighth-signed-alt)", git: "U",
            gitAccepts: true, warden: "E",
            stricter: "no web of trust: the keyring is the trust decision, and a key gpg has not certified is not in it"
        ) { lab in
            let raw = try lab.unsignedBase("by dave")
            let armor = try lab.pgpSign(raw, key: "dave", home: lab.otherHome)
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit)
        },
        Row(scenario: "gpg.minTrustLevel=fully, key fully valid", covers: "t7510", git: "G", gitAccepts: true,
            warden: "G", stricter: nil) { lab in
            let raw = try lab.unsignedBase("by carol")
            let armor = try lab.pgpSign(raw, key: "carol", home: lab.otherHome)
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit,
                         gitConfig: ["gpg.minTrustLevel=fully"])
        },
        Row(scenario: "gpg.minTrustLevel=ultimate, key only fully valid", covers: "t7510", git: "G",
            gitAccepts: false, warden: "E",
            stricter: "no trust levels: the keyring for this level holds only ultimately trusted keys, so carol's is unknown"
        ) { lab in
            let raw = try lab.unsignedBase("by carol, high bar")
            let armor = try lab.pgpSign(raw, key: "carol", home: lab.otherHome)
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit,
                         gitConfig: ["gpg.minTrustLevel=ultimate"], wardenKeyring: lab.ultimateRing)
        },
        Row(scenario: "key expired since signing", covers: "t7510 (gpg expiry)", git: "Y", gitAccepts: false,
            warden: "Y", stricter: nil) { lab in
            .init(object: try lab.pgpCommit("before expiry", key: "lapsed", fakedTime: "20200101T120000"),
                  kind: .commit)
        },
        Row(scenario: "signature expired", covers: "t7510 (gpg expiry)", git: "X", gitAccepts: false, warden: "X",
            stricter: nil) { lab in
            let raw = try lab.unsignedBase("short-lived signature")
            let armor = try lab.pgpSign(raw, key: "past", options: ["--default-sig-expire", "1d"],
                                        fakedTime: "20200102T000000")
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit)
        },
        Row(scenario: "key revoked since signing", covers: "t7510 (gpg revocation)", git: "R", gitAccepts: false,
            warden: "R", stricter: nil) { lab in
            let commit = try lab.pgpCommit("then revoked", key: "revoked")
            try lab.revoke("revoked")
            return .init(object: commit, kind: .commit)
        },
        Row(scenario: "text-mode signature", covers: "t7510", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in
            let raw = try lab.unsignedBase("text mode")
            return .init(object: try lab.storeSigned(raw, armor: try lab.pgpSign(raw, key: "alice", options: ["--textmode"])),
                         kind: .commit)
        },
        Row(scenario: "key whose user ID is bound by a SHA-1 self-signature", covers: "git's own test keys",
            git: "G", gitAccepts: true, warden: "E",
            stricter: "SHA-1 binding signature refused (set [signers] openpgp-allow-sha1-bindings = true to accept)"
        ) { lab in .init(object: try lab.pgpCommit("old key", key: "old"), kind: .commit) },
        Row(scenario: "SHA-1 user-ID binding, accepted by --allow-sha1-bindings", covers: "git's own test keys",
            git: "G", gitAccepts: true, warden: "G", stricter: nil, vouches: true) { lab in
            .init(object: try lab.pgpCommit("old key, allowed", key: "old", committer: "old@example.com"), kind: .commit,
                  wardenArguments: ["--allow-sha1-bindings"])
        },
        Row(scenario: "SHA-1 signature over the commit", covers: "t7510", git: "G", gitAccepts: true, warden: "E",
            stricter: "SHA-1 data signatures are refused even where SHA-1 bindings are allowed") { lab in
            let raw = try lab.unsignedBase("sha1 digest")
            let armor = try lab.pgpSign(raw, key: "rsa", options: ["--digest-algo", "SHA1"])
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit)
        },
        Row(scenario: "RSA 1024 key", covers: "t7510", git: "G", gitAccepts: true, warden: "E",
            stricter: "RSA keys below 2048 bits are refused as weak") { lab in
            .init(object: try lab.pgpCommit("weak key", key: "weak"), kind: .commit)
        },
        Row(scenario: "signature dated in the future", covers: "t7510", git: "G", gitAccepts: true, warden: "E",
            stricter: "gpg only warns about a signature from the future; git-warden cannot check it") { lab in
            let raw = try lab.unsignedBase("from the future")
            let armor = try lab.pgpSign(raw, key: "past", fakedTime: "20990101T000000")
            return .init(object: try lab.storeSigned(raw, armor: armor), kind: .commit)
        },
        Row(scenario: "text after the signature armor", covers: "t7510 (detached signature)", git: "G",
            gitAccepts: true, warden: "B",
            stricter: "one armor, one meaning: bytes after the END line are refused, gpg ignores them") { lab in
            let raw = try lab.unsignedBase("trailing text")
            return .init(object: try lab.storeSigned(raw, armor: try lab.pgpSign(raw, key: "alice"),
                                                     extraLines: ["trailing"]), kind: .commit)
        },
        Row(scenario: "merge of a signed tag (mergetag), merge itself unsigned", covers: "t4202", git: "N",
            gitAccepts: false, warden: "N", stricter: nil) { lab in
            let side = try lab.commit("tagged side")
            try lab.box.must(["git"] + (try lab.pgpSigning("alice")) + ["tag", "-s", "-m", "to merge", "merge-me", side],
                             in: lab.repo)
            return .init(object: try lab.merge("merge-me"), kind: .commit)
        },
        Row(scenario: "signed tag (tag -s)", covers: "t7030", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in
            .init(object: try lab.tag("signed-tag", config: try lab.pgpSigning("alice"), options: ["-s"]), kind: .tag)
        },
        Row(scenario: "annotated tag, unsigned", covers: "t7030", git: "N", gitAccepts: false, warden: "N",
            stricter: nil) { lab in .init(object: try lab.tag("plain-tag", options: ["-a"]), kind: .tag) },
        Row(scenario: "tag signed by a key gpg has not certified", covers: "t7030 (eighth-signed-alt)", git: "U",
            gitAccepts: true, warden: "E",
            stricter: "no web of trust: the keyring is the trust decision, and a key gpg has not certified is not in it"
        ) { lab in
            let raw = try lab.raw(try lab.tag("dave-tag", options: ["-a"]), kind: .tag)
            let armor = try lab.pgpSign(raw, key: "dave", home: lab.otherHome)
            return .init(object: try lab.store(raw + armor + "\n", kind: .tag), kind: .tag)
        },
        Row(scenario: "tag edited after signing", covers: "t7030", git: "B", gitAccepts: false, warden: "B",
            stricter: nil) { lab in
            let tag = try lab.tag("forged-tag", config: try lab.pgpSigning("alice"), options: ["-s"])
            let raw = try lab.raw(tag, kind: .tag).replacingOccurrences(of: "message of forged-tag",
                                                                         with: "message of a forgery")
            return .init(object: try lab.store(raw, kind: .tag), kind: .tag)
        },
    ]
}
