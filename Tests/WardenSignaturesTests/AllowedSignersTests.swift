import Foundation
import Testing
@testable import WardenSignatures

/// allowed_signers parsing and principal matching, following ssh-keygen(1) ALLOWED SIGNERS.
@Suite struct AllowedSignersTests {
    static let key = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIEFnL6XI7b8jgqvMnv5oFm7mSTTJpgHr5uERlhsV/Dbp"

    @Test func patternsFollowMatchPatternList() {
        let pattern = PrincipalPattern("*@example.com,!mallory@example.com,bob@other.org")
        #expect(pattern.matches("alice@example.com"))
        #expect(pattern.matches("bob@other.org"))
        #expect(!pattern.matches("mallory@example.com"))
        #expect(!pattern.matches("alice@example.org"))
        #expect(PrincipalPattern("al?ce@*").matches("alice@x"))
        #expect(!PrincipalPattern("al?ce@*").matches("allce"))
        #expect(PrincipalPattern("ALICE@example.com").matches("alice@EXAMPLE.com", caseInsensitive: true))
        #expect(!PrincipalPattern("ALICE@example.com").matches("alice@EXAMPLE.com"))
        #expect(!PrincipalPattern("!alice").matches("alice"))
        #expect(!PrincipalPattern("").matches("alice"))
    }

    @Test func hostilePatternIsFast() {
        let pattern = PrincipalPattern(String(repeating: "*a", count: 200) + "b")
        #expect(!pattern.matches(String(repeating: "a", count: 5000)))
    }

    @Test func parsesOptionsCommentsAndQuotedPrincipals() throws {
        let text = """
            # maintainers
              
            alice@example.com,bob@example.com \(Self.key) alice laptop
            "carol smith@example.com" namespaces="git,file",valid-after="20240101",valid-before="20250101120000Z" \(Self.key)
            dave@example.com cert-authority \(Self.key)
            """
        let signers = try AllowedSigners(parsing: text)
        #expect(signers.entries.count == 3)
        #expect(signers.entries[0].principals.matches("bob@example.com"))
        let carol = signers.entries[1]
        #expect(carol.principals.source == "carol smith@example.com")
        #expect(carol.admits(namespace: "git") && carol.admits(namespace: "file") && !carol.admits(namespace: "x"))
        #expect(carol.validBefore == Date(timeIntervalSince1970: 1_735_732_800))
        #expect(carol.isValid(at: Date(timeIntervalSince1970: 1_720_000_000)))
        #expect(!carol.isValid(at: Date(timeIntervalSince1970: 1_740_000_000)))
        #expect(signers.entries[2].isCertificateAuthority)
    }

    @Test(arguments: [
        ("alice@example.com", "missing key"),
        ("alice@example.com ssh-ed25519 !!notbase64", "invalid base64"),
        ("alice@example.com bogus-option \(key)", "unknown option"),
        ("alice@example.com valid-after=\"2024\" \(key)", "invalid time"),
        ("alice@example.com ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIEFnL6XI7b8jgqvMnv5oFm7mSTTJpgHr5uERlhsV/Dbp", "does not match"),
        ("alice@example.com namespaces=\"git \(key)", "quote"),
    ])
    func errorsNameFileAndLine(line: String, message: String) {
        do {
            _ = try AllowedSigners(parsing: "# header\n\(line)\n", source: "/etc/signers")
            Issue.record("accepted \(line)")
        } catch {
            #expect(error.message.hasPrefix("/etc/signers:2: "), "\(error.message)")
            #expect(error.message.contains(message), "\(error.message)")
        }
    }

    /// CRLF files (a Windows editor) are read line by line: before, "\r\n" did not split, so a file starting
    /// with a comment was one comment line, trusting nobody (allowed_signers) or revoking nothing (revoked keys).
    @Test func crlfFilesAreReadLineByLine() throws {
        let signers = try AllowedSigners(parsing: "# maintainers\r\nalice@example.com \(Self.key)\r\n\r\n", source: "s")
        #expect(signers.entries.count == 1)
        #expect(signers.entries.first?.principals.matches("alice@example.com") == true)
        let revoked = try SSHRevocationList(parsing: "# revoked 2026\r\n\(Self.key) old laptop\r\n", source: "r")
        #expect(revoked.isRevoked(try #require(signers.entries.first?.key)))
        #expect(throws: SignatureParseError("r:2: expected `type base64 [comment]`")) {
            try SSHRevocationList(parsing: "# x\r\nssh-ed25519\r\n", source: "r")
        }
    }

    @Test func revocationListErrorsNameLine() {
        #expect(throws: SignatureParseError("revoked:1: expected `type base64 [comment]`")) {
            try SSHRevocationList(parsing: "ssh-ed25519\n", source: "revoked")
        }
    }

    @Test func cleanFilesFromSshKeygenParse() throws {
        let sandbox = try Sandbox()
        let key = try SSHKey(sandbox, name: "k", type: "ed25519")
        let signers = try AllowedSigners(parsing: "alice@example.com \(key.publicLine)\n")
        let fingerprint = try sandbox.must(["ssh-keygen", "-l", "-f", key.privatePath + ".pub"]).stdout
        #expect(fingerprint.contains(signers.entries[0].key.fingerprint))
    }
}
