import Foundation
import Testing
@testable import WardenSignatures

/// Loading trust files by path, as the policy layer will.
@Suite struct TrustedKeysFilesTests {
    @Test func loadsAllKindsAndNamesFilesInErrors() throws {
        let sandbox = try Sandbox()
        let home = try GPGHome(sandbox)
        defer { home.stopAgent() }
        let key = try SSHKey(sandbox, name: "k", type: "ed25519")
        try home.generate(uid: "Alice <alice@example.com>", algorithm: "ed25519")
        try sandbox.write("allowed", "alice@example.com \(key.publicLine)\n")
        try sandbox.write("revoked", "")
        try sandbox.write("ring.asc", try home.exportArmored("alice@example.com"))
        try Data(try home.gpg(["--export", "alice@example.com"]).stdoutBytes).write(to: URL(fileURLWithPath: sandbox.path("ring.gpg")))
        let trust = try TrustedKeys.load(
            allowedSignersFile: sandbox.path("allowed"), sshRevocationFile: sandbox.path("revoked"),
            openPGPKeyringFiles: [sandbox.path("ring.asc"), sandbox.path("ring.gpg")])
        #expect(trust.allowedSigners.entries.count == 1)
        #expect(trust.openPGPKeys.certificates.count == 2)

        try sandbox.write("broken", "alice@example.com\n")
        #expect(throws: SignatureParseError("\(sandbox.path("broken")):1: missing key")) {
            try TrustedKeys.load(allowedSignersFile: sandbox.path("broken"))
        }
        #expect(throws: SignatureParseError("\(sandbox.path("absent")): cannot read file")) {
            try TrustedKeys.load(openPGPKeyringFiles: [sandbox.path("absent")])
        }
    }
}
