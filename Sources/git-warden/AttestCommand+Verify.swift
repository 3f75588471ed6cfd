import ArgumentParser
import Foundation
import GitKit
import WardenEvidence

extension AttestCommand {
    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check a revision's source evidence (git notes) before using it. Exit 0 passed, 1 failed, 2 error."
        )

        enum Format: String, ExpressibleByArgument { case text, json }

        @Argument(help: "The revision (a commit id, an annotated tag, or a ref or revision expression).")
        var revision: String

        @Option(help: "The repository holding the revision and its notes (default: the current one), or the URL of the server to fetch the notes from (the revision is then read from the current repository).")
        var repo: String?

        @Option(help: "The full ref the revision must have been attested for, e.g. refs/heads/main.")
        var ref: String

        @Option(help: "The lowest acceptable SLSA source level (1-3).")
        var minLevel: Int = 1

        @Option(help: "The server's public key (PEM), as distributed by its administrator.")
        var key: String

        @Option(help: "An ORG_SOURCE_* property the VSA must claim; may be repeated.")
        var property: [String] = []

        @Option(help: "The repository URI the evidence must name (resourceUri), e.g. git+ssh://host/project.git.")
        var repositoryUri: String?

        @Option(help: "The notes ref holding the evidence.")
        var notesRef: String = "refs/notes/commits"

        @Option(help: "Output format: text or json.")
        var format: Format = .text

        /// A URL (`scheme://…`, or scp-like `host:path` that is not an existing local path) rather than a path.
        static func isRemote(_ location: String) -> Bool {
            if location.contains("://") { return true }
            guard let colon = location.firstIndex(of: ":"), !location[..<colon].contains("/") else { return false }
            return !FileManager.default.fileExists(atPath: location)
        }

        static func temporaryDirectory() throws -> String {
            var template = Array((FileManager.default.temporaryDirectory.path + "/git-warden-verify-XXXXXX").utf8CString)
            guard let made = mkdtemp(&template) else {
                throw CocoaError(.fileWriteUnknown, userInfo: [NSLocalizedDescriptionKey:
                    "cannot make a temporary directory: \(String(cString: strerror(errno)))"])
            }
            return String(cString: made)
        }

        func run() throws {
            let outcome: EvidenceCheck.Outcome
            do {
                guard (1...3).contains(minLevel) else { throw ValidationError("--min-level must be 1, 2 or 3") }
                let publicKey = try VerifyingKey.load(file: key)
                let current = FileManager.default.currentDirectoryPath
                let remote = repo.flatMap { Self.isRemote($0) ? $0 : nil }
                let repository = try Repository.discover(from: remote == nil ? repo ?? current : current)
                // A URL: the notes are fetched from it into a throw-away repository; the revision is read here.
                let scratch = try remote.map { _ in try Self.temporaryDirectory() }
                defer { if let scratch { try? FileManager.default.removeItem(atPath: scratch) } }
                var evidence = repository
                if let remote, let scratch {
                    evidence = try Repository.fetchRefs([notesRef], from: remote, into: scratch + "/notes.git")
                }
                // An annotated tag's evidence names the tag object (gitTag); anything else's the commit.
                let named = try repository.resolveRevision(revision)
                guard let subject = try EvidenceSubject.of(named, in: repository) else {
                    throw ValidationError("\(revision) is a \(try repository.header(of: named).kind.rawValue), not a commit or tag")
                }
                let notes = EvidenceNotes(noteText: try evidence.note(on: subject.id, notesRef: notesRef), key: publicKey)
                var check = EvidenceCheck(revision: subject.id.hex, ref: ref, minLevel: minLevel, properties: property,
                                          repositoryURI: repositoryUri)
                check.digestKey = subject.digestKey
                outcome = check.judge(notes, keyID: publicKey.keyID)
            } catch let error as ValidationError {
                throw error
            } catch {
                FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
                throw ExitCode(2)
            }
            if format == .json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                print(String(decoding: try encoder.encode(outcome), as: UTF8.self))
            } else {
                print((outcome.passed ? "PASSED: " : "FAILED: ") + outcome.reason)
            }
            if !outcome.passed { throw ExitCode(1) }
        }
    }
}
