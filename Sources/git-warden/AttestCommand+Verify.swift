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

        @Argument(help: "The revision (a commit id, or a ref or revision expression).")
        var revision: String

        @Option(help: "The repository holding the revision and its notes (default: the current one).")
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

        func run() throws {
            let outcome: EvidenceCheck.Outcome
            do {
                guard (1...3).contains(minLevel) else { throw ValidationError("--min-level must be 1, 2 or 3") }
                let publicKey = try VerifyingKey.load(file: key)
                let repository = try Repository.discover(from: repo ?? FileManager.default.currentDirectoryPath)
                let commit = try repository.peel(try repository.resolveRevision(revision))
                guard commit.kind == .commit else { throw ValidationError("\(revision) is a \(commit.kind.rawValue), not a commit") }
                let notes = EvidenceNotes(noteText: try repository.note(on: commit.id, notesRef: notesRef), key: publicKey)
                outcome = EvidenceCheck(revision: commit.id.hex, ref: ref, minLevel: minLevel, properties: property,
                                        repositoryURI: repositoryUri).judge(notes, keyID: publicKey.keyID)
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
