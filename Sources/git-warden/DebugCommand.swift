import ArgumentParser
import Foundation
import GitKit
import GitObjects
import WardenSignatures

/// Hidden diagnostics. `debug parse-object` prints what git-warden read from a commit or tag: the identities as
/// `git log` shows them, the identity and time git's signature check uses, and git's fsck message ids. The parity
/// tests compare it with git's own view; it is a diagnostic, not an interface, and its JSON may change.
struct DebugCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "debug",
        abstract: "Diagnostics (unstable output).",
        shouldDisplay: false,
        subcommands: [ParseObject.self]
    )

    struct ParseObject: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "parse-object",
            abstract: "Print, as JSON, how git-warden reads a commit or tag object (identities, dates, fsck problems)."
        )

        @Argument(help: "A full object id, or a revision naming a commit or tag object (not peeled).")
        var revision: String

        func run() throws {
            do {
                let repository = try Repository.discover(from: FileManager.default.currentDirectoryPath)
                // A full object id is taken as is: resolving it through libgit2 would parse (and refuse) the very
                // malformed objects this command exists to show.
                let id = revision.count == 40 && revision.allSatisfy(\.isHexDigit)
                    ? try ObjectID(hex: revision) : try repository.resolveRevision(revision)
                let (objectKind, raw) = try repository.rawObject(id)
                guard objectKind == .commit || objectKind == .tag else {
                    throw ValidationError("\(revision) is a \(objectKind), not a commit or tag")
                }
                let kind: GitObjectKind = objectKind == .commit ? .commit : .tag
                print(try Self.json(id: id.hex, raw: raw, kind: kind))
            } catch let error as ValidationError {
                throw error
            } catch {
                FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }

        static func json(id: String, raw: [UInt8], kind: GitObjectKind) throws -> String {
            let parsed = ParsedObject(raw: raw, kind: kind)
            var out: [String: Any] = ["id": id, "kind": kind.rawValue]
            out["author"] = parsed.author.map(Self.person) ?? NSNull()
            out[kind == .commit ? "committer" : "tagger"] = parsed.committer.map(Self.person) ?? NSNull()
            out["problems"] = parsed.problems.map { ["id": $0.id.rawValue, "gitSeverity": $0.id.gitSeverity.rawValue,
                                                     "message": $0.message] }
            if let signed = SignedObject.extract(rawObject: raw, kind: kind) {
                var signature: [String: Any] = ["format": signed.format?.rawValue ?? NSNull()]
                switch ParsedObject.signerLine(payload: signed.payload, kind: kind) {
                case .unreadable:
                    signature["signerLine"] = NSNull()
                case .identity(let line):
                    signature["signerLine"] = Self.person(line)
                    // nil: git passes no -Overify-time, so ssh-keygen judges at the current time.
                    signature["verifyTime"] = line.signatureTime.map { String($0) } ?? NSNull()
                }
                out["signature"] = signature
            } else {
                out["signature"] = NSNull()
            }
            let data = try JSONSerialization.data(withJSONObject: out, options: [.sortedKeys])
            return String(decoding: data, as: UTF8.self)
        }

        static func person(_ line: IdentityLine) -> [String: Any] {
            ["name": line.nameText, "email": line.emailText,
             "date": line.timestamp.map { String($0) } ?? NSNull(),
             "timezone": line.timezone.map { String(decoding: $0, as: UTF8.self) } ?? NSNull()]
        }
    }
}
