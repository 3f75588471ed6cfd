import ArgumentParser
import Foundation
import WardenEvidence

struct AttestCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "attest",
        abstract: "Source evidence (SLSA): the server key, and the consumer's check of a revision.",
        subcommands: [Keygen.self, Verify.self]
    )

    struct Keygen: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make the server's signing key (PKCS#8 PEM, mode 0600) and its public key (FILE.pub, PEM); print the key id."
        )

        enum KeyType: String, ExpressibleByArgument { case ed25519, p256 }

        @Option(help: "Where to write the private key (refused if it exists). The public key goes to FILE.pub.")
        var out: String = "attest.key"

        @Option(help: "ed25519 (default) or p256 (ECDSA P-256).")
        var type: KeyType = .ed25519

        @Option(help: "A group that may read the key (mode 0640), e.g. the hook user's group. Default: owner only (0600).")
        var group: String?

        func run() throws {
            do {
                let key = SigningKey.generate(type == .ed25519 ? .ed25519 : .p256)
                var groupID: gid_t?
                if let group {
                    guard let entry = getgrnam(group) else { throw ValidationError("--group \(group): no such group") }
                    groupID = entry.pointee.gr_gid
                }
                try Self.writeNew(out, Data(key.pem.utf8), mode: 0o600, group: groupID)
                let publicFile = out + ".pub"
                try Self.writeNew(publicFile, Data(key.publicKey.pem.utf8), mode: 0o644, group: nil)
                print("private key: \(out) (\(groupID == nil ? "0600" : "0640, group \(group ?? "")"))")
                print("public key:  \(publicFile)")
                print("key id:      \(key.publicKey.keyID)")
            } catch let error as ValidationError {
                throw error
            } catch {
                FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

        /// Creates `path` with O_EXCL at its final mode (never a moment readable by others), writes it whole.
        static func writeNew(_ path: String, _ data: Data, mode: mode_t, group: gid_t?) throws {
            let descriptor = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
            guard descriptor >= 0 else {
                let code = errno
                throw KeygenError("\(path): \(code == EEXIST ? "exists already (remove it first, or choose --out)" : String(cString: strerror(code)))")
            }
            defer { close(descriptor) }
            if let group {
                guard fchown(descriptor, uid_t.max, group) == 0 else { throw KeygenError("\(path): cannot give it to the group: \(String(cString: strerror(errno)))") }
                guard fchmod(descriptor, 0o640) == 0 else { throw KeygenError("\(path): cannot set mode 0640") }
            } else {
                guard fchmod(descriptor, mode) == 0 else { throw KeygenError("\(path): cannot set its mode") }
            }
            let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
            guard written == data.count else { throw KeygenError("\(path): cannot write it: \(String(cString: strerror(errno)))") }
        }
    }
}

struct KeygenError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
