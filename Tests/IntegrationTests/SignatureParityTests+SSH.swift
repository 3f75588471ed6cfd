import Foundation

/// The SSH half of the table (t7528, t4202). Key validity windows are judged at the committer time, as git passes
/// it to `ssh-keygen -Overify-time`.
extension SignatureParityTests {
    static let sshRows: [Row] = [
        Row(scenario: "ssh: signed commit", covers: "t7528, t4202", git: "G", gitAccepts: true, warden: "G",
            stricter: nil, vouches: true) { lab in
            .init(object: try lab.commit("ssh signed", config: lab.sshSigning("ada"), options: ["-S"]), kind: .commit)
        },
        Row(scenario: "ssh: ECDSA key", covers: "t7528 (thirteenth-signed-ecdsa)", git: "G", gitAccepts: true,
            warden: "G", stricter: nil) { lab in
            .init(object: try lab.commit("ssh ecdsa", config: lab.sshSigning("ecdsa"), options: ["-S"]), kind: .commit)
        },
        Row(scenario: "ssh: RSA 2048 key", covers: "t7528 (rsa_2048 key)", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in
            .init(object: try lab.commit("ssh rsa", config: lab.sshSigning("rsa"), options: ["-S"]), kind: .commit)
        },
        Row(scenario: "ssh: signed merge", covers: "t7528", git: "G", gitAccepts: true, warden: "G", stricter: nil) { lab in
            .init(object: try lab.merge(try lab.commit("ssh side"), config: lab.sshSigning("ada"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "ssh: commit-tree -S", covers: "t7528", git: "G", gitAccepts: true, warden: "G", stricter: nil) { lab in
            .init(object: try lab.commitTree(config: lab.sshSigning("ada"), options: ["-S"]), kind: .commit)
        },
        Row(scenario: "ssh: message edited after signing", covers: "t7528", git: "B", gitAccepts: false, warden: "B",
            stricter: nil) { lab in
            let raw = try lab.raw(try lab.commit("ssh original", config: lab.sshSigning("ada"), options: ["-S"]))
            return .init(object: try lab.store(raw.replacingOccurrences(of: "original", with: "forged")), kind: .commit)
        },
        Row(scenario: "ssh: NUL and text appended after signing", covers: "t7528", git: "B", gitAccepts: false,
            warden: "B", stricter: nil) { lab in
            let raw = try lab.raw(try lab.commit("ssh nul follows", config: lab.sshSigning("ada"), options: ["-S"]))
            return .init(object: try lab.store(raw + "\u{0}wik\n"), kind: .commit)
        },
        Row(scenario: "ssh: key not in allowed_signers", covers: "t7528 (eighth-signed-alt)", git: "U",
            gitAccepts: false, warden: "U", stricter: nil) { lab in
            .init(object: try lab.commit("ssh stranger", config: lab.sshSigning("stranger"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "ssh: key of another principal", covers: "t7528 (principals)", git: "G", gitAccepts: true,
            warden: "G", stricter: nil, vouches: false) { lab in
            .init(object: try lab.commit("ssh by bob's key", config: lab.sshSigning("bob"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "ssh: key expired (valid-before in the past)", covers: "t7528, t4202", git: "U",
            gitAccepts: false, warden: "Y",
            stricter: "same refusal, named precisely: git finds no valid principal (U), git-warden says the key expired")
        { lab in
            .init(object: try lab.commit("ssh expired", config: lab.sshSigning("expired"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "ssh: key not yet valid (valid-after in the future)", covers: "t7528, t4202", git: "U",
            gitAccepts: false, warden: "Y",
            stricter: "same refusal, named precisely: git finds no valid principal (U), git-warden says the key is not yet valid")
        { lab in
            .init(object: try lab.commit("ssh not yet", config: lab.sshSigning("future"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "ssh: commit time inside the key's window", covers: "t7528, t4202", git: "G", gitAccepts: true,
            warden: "G", stricter: nil) { lab in
            .init(object: try lab.commit("ssh boxed", config: lab.sshSigning("boxed"), options: ["-S"],
                                         environment: ["GIT_COMMITTER_DATE": "2024-02-01T12:00:00Z"]), kind: .commit)
        },
        Row(scenario: "ssh: commit time outside the key's window", covers: "t7528, t4202", git: "U",
            gitAccepts: false, warden: "Y",
            stricter: "same refusal, named precisely: git finds no valid principal (U), git-warden says the key is outside its window")
        { lab in
            .init(object: try lab.commit("ssh out of box", config: lab.sshSigning("boxed"), options: ["-S"],
                                         environment: ["GIT_COMMITTER_DATE": "2024-06-01T12:00:00Z"]), kind: .commit)
        },
        Row(scenario: "ssh: key allowed only for another namespace", covers: "t7528 (namespaces)", git: "B",
            gitAccepts: false, warden: "B", stricter: nil) { lab in
            .init(object: try lab.commit("ssh files key", config: lab.sshSigning("files"), options: ["-S"]),
                  kind: .commit)
        },
        Row(scenario: "ssh: signature made for another namespace", covers: "t7528 (namespaces)", git: "B",
            gitAccepts: false, warden: "B", stricter: nil) { lab in
            let raw = try lab.unsignedBase("ssh wrong namespace")
            return .init(object: try lab.storeSigned(raw, armor: try lab.sshSign(raw, key: "ada", namespace: "file")),
                         kind: .commit)
        },
        Row(scenario: "ssh: text after the signature armor", covers: "t7528 (detached signature)", git: "G",
            gitAccepts: true, warden: "B",
            stricter: "one armor, one meaning: bytes after the END line are refused, ssh-keygen ignores them") { lab in
            let raw = try lab.unsignedBase("ssh trailing text")
            return .init(object: try lab.storeSigned(raw, armor: try lab.sshSign(raw, key: "ada"),
                                                     extraLines: ["trailing"]), kind: .commit)
        },
        Row(scenario: "ssh: signed tag", covers: "t7030 (ssh)", git: "G", gitAccepts: true, warden: "G",
            stricter: nil) { lab in
            .init(object: try lab.tag("ssh-tag", config: lab.sshSigning("ada"), options: ["-s"]), kind: .tag)
        },
        Row(scenario: "ssh: tag edited after signing", covers: "t7030 (ssh)", git: "B", gitAccepts: false,
            warden: "B", stricter: nil) { lab in
            let tag = try lab.tag("ssh-forged-tag", config: lab.sshSigning("ada"), options: ["-s"])
            let raw = try lab.raw(tag, kind: .tag).replacingOccurrences(of: "message of ssh-forged-tag",
                                                                         with: "message of a forgery")
            return .init(object: try lab.store(raw, kind: .tag), kind: .tag)
        },
    ]
}

/// X.509 (gpgsm) signatures, which t7030 and t4202 cover: git verifies them through gpgsm; git-warden does not verify
/// them natively and says so.
extension SignatureParityTests {
    static let x509Reason = "X.509 (gpgsm / gitsign) signatures are not verified natively: E, cannot check"

    static let x509Rows: [Row] = [
        Row(scenario: "x509: signed commit", covers: "t4202 (signed-x509)", git: "G", gitAccepts: true, warden: "E",
            stricter: x509Reason) { lab in
            .init(object: try lab.commit("x509 signed", config: lab.x509Signing, options: ["-S"]), kind: .commit)
        },
        Row(scenario: "x509: signed tag", covers: "t7030 (ninth-signed-x509)", git: "G", gitAccepts: true,
            warden: "E", stricter: x509Reason) { lab in
            .init(object: try lab.tag("x509-tag", config: lab.x509Signing, options: ["-s"]), kind: .tag)
        },
    ]
}
