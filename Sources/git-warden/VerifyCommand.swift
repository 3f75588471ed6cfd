import ArgumentParser
import Foundation
import GitKit
import WardenCore

struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Verify commit and tag signatures natively; one %G? letter per object. Exit 1 unless all are good."
    )

    enum Format: String, ExpressibleByArgument { case text, json }

    @Argument(help: "Revision ranges as for git log (A..B, a branch, a tag). Default: HEAD.")
    var ranges: [String] = []

    @Option(help: "An allowed_signers file (SSH). Default: [signers] of the policy in effect.")
    var allowedSigners: String?

    @Option(help: "A file of revoked SSH public keys.")
    var revokedKeys: String?

    @Option(help: "An OpenPGP public keyring (armored or binary); may be repeated.")
    var keyring: [String] = []

    @Flag(name: .customLong("allow-sha1-bindings"), help: ArgumentHelp(
        "Accept OpenPGP user IDs and keys bound only by SHA-1 self-signatures (old keyrings); reports say when it was used.",
        discussion: "Like [signers] openpgp-allow-sha1-bindings = true. SHA-1 signatures over commits stay refused."))
    var allowSHA1Bindings = false

    @Option(help: "Output format: text or json.")
    var format: Format = .text

    func run() throws {
        do {
            let repository = try Repository.discover(from: FileManager.default.currentDirectoryPath)
            let policy = allowedSigners == nil && keyring.isEmpty ? try PolicyCommand.resolve(nil).0 : nil
            let trust = try SignatureReport.trust(allowedSigners: allowedSigners, revokedKeys: revokedKeys,
                                                  keyrings: keyring, allowSHA1Bindings: allowSHA1Bindings,
                                                  policy: policy)
            let report = try SignatureReport.make(repository: repository, ranges: ranges, trust: trust)
            print(format == .json ? try report.json() : report.text)
            if !report.allGood { throw ExitCode(1) }
        } catch let exit as ExitCode {
            throw exit
        } catch {
            FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
            throw ExitCode(2)
        }
    }
}
