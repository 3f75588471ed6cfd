import Foundation
import Testing

/// The scenarios git's own signature tests cover (t7510-signed-commit, t7528-signed-commit-ssh, t7030-verify-tag and
/// the signature parts of t4202-log, as of git 2.39), rebuilt here with fresh keys and objects: for each, git's
/// letter (`%G?`, or `verify-tag`) and git-warden's (`verify --format json`) must be equal, or git-warden must be
/// stricter for the reason the table states. git-warden never says G where git does not.
@Suite struct SignatureParityTests {
    struct Row: Sendable {
        /// What the scenario is, in words.
        let scenario: String
        /// Which of git's test scripts covers it.
        let covers: String
        /// git's expected letter, and whether `git verify-commit` / `git verify-tag` exits 0.
        let git: Character
        let gitAccepts: Bool
        /// git-warden's expected letter.
        let warden: Character
        /// Why git-warden is stricter; nil when the letters are equal.
        let stricter: String?
        /// Whether the key vouches for the committer (asserted where the scenario is about it).
        var vouches: Bool? = nil
        let build: @Sendable (ParityLab) throws -> ParityLab.Subject
    }

    @Test func gitAndWardenAgreeOrWardenIsStricter() throws {
        let lab = try Self.setUp()
        let rows = Self.openPGPRows + Self.sshRows + Self.x509Rows
        // Objects first (a key is revoked only after it has signed), then the keyrings git-warden trusts.
        let subjects = try rows.map { try $0.build(lab) }
        try lab.exportKeyrings(trusted: ["alice", "sub", "old", "rsa", "weak", "lapsed", "past", "revoked", "carol"],
                               ultimate: ["alice", "sub", "old", "rsa", "weak", "lapsed", "past", "revoked"])
        for (row, subject) in zip(rows, subjects) {
            let outcome = try lab.outcome(subject)
            let label = "\(row.scenario) [\(row.covers)]: git \(outcome.git) (verify \(outcome.gitAccepts ? "ok" : "fails")), "
                + "git-warden \(outcome.warden): \(outcome.wardenReason)"
            #expect(outcome.git == row.git, "\(label)")
            #expect(outcome.gitAccepts == row.gitAccepts, "\(label)")
            #expect(outcome.warden == row.warden, "\(label)")
            // The table itself: equal letters, or a stated reason for being stricter, never a laxer G.
            #expect(row.warden == row.git || row.stricter != nil, "\(row.scenario): a difference needs its reason")
            if outcome.warden == "G" {
                #expect(outcome.git == "G" && outcome.gitAccepts, "git-warden G where git is not: \(label)")
            }
            if let vouches = row.vouches { #expect(outcome.wardenVouchesForCommitter == vouches, "\(label)") }
        }
    }

    /// The keys every row may use. OpenPGP: alice (ultimate), sub (certify-only primary with a signing subkey), old
    /// (SHA-1 self-signatures), rsa (RSA 2048), weak (RSA 1024), lapsed (expired), past (made in 2020), revoked;
    /// carol (certified by alice: fully valid), dave (known, not certified), stranger (unknown), made elsewhere.
    static func setUp() throws -> ParityLab {
        let lab = try ParityLab()
        let past = "20200101T000000"
        try lab.pgpKey("alice")
        try lab.pgpKey("sub", usage: "cert")
        try lab.gpg(["--quick-add-key", lab.fingerprints["sub"]!, "ed25519", "sign"])
        try lab.pgpKey("old", options: ["--cert-digest-algo", "SHA1"])
        try lab.pgpKey("rsa", algorithm: "rsa2048")
        try lab.pgpKey("weak", algorithm: "rsa1024")
        try lab.pgpKey("lapsed", expire: "1d", fakedTime: past)
        try lab.pgpKey("past", fakedTime: past)
        try lab.pgpKey("revoked")
        for name in ["carol", "dave", "stranger"] { try lab.pgpKey(name, home: lab.otherHome) }
        try lab.importIntoGitHome("carol")
        try lab.importIntoGitHome("dave")
        try lab.gpg(["--default-key", lab.fingerprints["alice"]!, "--quick-sign-key", lab.fingerprints["carol"]!])

        try lab.x509Key()
        for name in ["ada", "stranger", "expired", "future", "boxed", "bob", "files"] { try lab.sshKey(name) }
        try lab.sshKey("ecdsa", type: ["-t", "ecdsa"])
        try lab.sshKey("rsa", type: ["-t", "rsa", "-b", "2048"])
        try lab.box.write(lab.allowedSigners, """
        ada@example.com \(lab.sshPublic("ada"))
        ada@example.com valid-before="20000101" \(lab.sshPublic("expired"))
        ada@example.com valid-after="29990101" \(lab.sshPublic("future"))
        ada@example.com valid-after="20240101",valid-before="20240301" \(lab.sshPublic("boxed"))
        bob@example.com \(lab.sshPublic("bob"))
        ada@example.com namespaces="file" \(lab.sshPublic("files"))
        ada@example.com \(lab.sshPublic("ecdsa"))
        ada@example.com \(lab.sshPublic("rsa"))

        """)
        return lab
    }
}
