import ArgumentParser
import Foundation
import GitKit
import WardenCore
import WardenEvidence

struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "The repository's tamper-evident push log: verify its hash chain, or show who pushed what and why.",
        subcommands: [Verify.self, Show.self]
    )

    /// The git directory of REPO (a bare repository, a work tree, or a directory inside one).
    static func gitDirectory(_ path: String?) throws -> String {
        let repository = try Repository.discover(from: path ?? FileManager.default.currentDirectoryPath)
        var directory = repository.gitDirectory
        while directory.count > 1, directory.hasSuffix("/") { directory.removeLast() }
        return directory
    }

    struct Verify: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the push log's hash chain and checkpoint; name the first bad entry. Exit 0 intact, 1 broken, 2 error."
        )

        @Argument(help: "The repository (default: the one containing the current directory).")
        var repository: String?

        @Option(help: "The server's public key (PEM): the checkpoint must be signed with it.")
        var key: String?

        func run() throws {
            do {
                let log = DecisionLog.path(gitDirectory: try LogCommand.gitDirectory(repository))
                let publicKey = try key.map { try VerifyingKey.load(file: $0) }
                let checkpoint = Checkpoint.read(forLog: log, key: publicKey)
                guard let bytes = FileManager.default.contents(atPath: log) else {
                    if case .absent = checkpoint, publicKey == nil {
                        print("push log: no entries yet (\(log) does not exist)")
                        return
                    }
                    print("push log BROKEN: \(log) is missing but a checkpoint was required or recorded")
                    throw ExitCode(1)
                }
                let result = PushLog.verify(bytes: bytes)
                if let bad = result.firstBad {
                    print("push log BROKEN at entry \(bad.line): \(bad.reason)")
                    throw ExitCode(1)
                }
                var summary = "push log OK: \(result.entries) entries"
                if result.unchainedPrefix > 0 { summary += " (the first \(result.unchainedPrefix) from before the chain)" }
                summary += ", head \(result.head)"
                if result.tornBytes > 0 {
                    summary += "; \(result.tornBytes) bytes of an unfinished last line (a writer was killed; the next append removes them)"
                }
                switch checkpoint {
                case .absent:
                    if publicKey != nil {
                        print("push log BROKEN: no checkpoint (a signed one was required)")
                        throw ExitCode(1)
                    }
                    summary += "; no checkpoint (a log cut short at a line boundary cannot be detected)"
                case .bad(let why):
                    print("push log BROKEN: \(why)")
                    throw ExitCode(1)
                case .unsigned(let point), .signed(let point):
                    if let problem = point.problem(with: result, logBytes: bytes) {
                        print("push log BROKEN: \(problem)")
                        throw ExitCode(1)
                    }
                    if case .signed = checkpoint {
                        summary += "; signed checkpoint at entry \(point.entries) verified"
                    } else {
                        summary += "; checkpoint at entry \(point.entries) matches (unsigned: pass --key to require a signed one)"
                    }
                }
                print(summary)
            } catch let exit as ExitCode {
                throw exit
            } catch {
                FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
                throw ExitCode(2)
            }
        }
    }
}
