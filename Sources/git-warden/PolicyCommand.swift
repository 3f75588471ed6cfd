import ArgumentParser
import Foundation
import GitKit
import WardenAudit
import WardenCore
import WardenPolicy

struct PolicyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "policy",
        abstract: "Validate, explain or show the push policy.",
        subcommands: [Check.self, Explain.self, Show.self]
    )

    /// The policy a hook in the current repository would use, or the file given.
    static func resolve(_ file: String?) throws -> (Policy, String) {
        if let file { return (try PolicyLocator.load(path: file), file) }
        let gitDirectory = ProcessInfo.processInfo.environment["GIT_DIR"] ?? currentGitDirectory()
        let origin = try PolicyLocator.locate(gitDirectory: gitDirectory, environment: ProcessInfo.processInfo.environment)
        let policy = try PolicyLocator.load(origin)
        return (policy, policy.source)
    }

    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func currentGitDirectory() -> String? {
        let fileManager = FileManager.default
        let here = fileManager.currentDirectoryPath
        if fileManager.fileExists(atPath: here + "/.git") { return here + "/.git" }
        if fileManager.fileExists(atPath: here + "/HEAD") && fileManager.fileExists(atPath: here + "/objects") { return here }
        return nil
    }

    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Validate a policy file; errors name the line and key.")

        @Argument(help: "The policy file (default: the one the hook would use here).")
        var file: String?

        func run() throws {
            let gitDirectory = ProcessInfo.processInfo.environment["GIT_DIR"] ?? PolicyCommand.currentGitDirectory()
            if file == nil {
                // Which file the hook would use, and files that look like a policy but are not read.
                let origin = try? PolicyLocator.locate(gitDirectory: gitDirectory, environment: ProcessInfo.processInfo.environment)
                switch origin {
                case .file(let path)?: print("the hook here uses \(path)")
                case .embeddedDefault?: print("the hook here uses the embedded default policy (no policy file found)")
                case nil: break
                }
                if let gitDirectory {
                    let isBare = (try? Repository.open(at: gitDirectory))?.workDirectory == nil
                    for path in PolicyFiles.nearMisses(gitDirectory: PolicyCommand.absolute(gitDirectory), isBare: isBare) {
                        print("warning: \(path) looks like a policy, but the hook does not read it")
                    }
                }
            }
            do {
                let (policy, source) = try PolicyCommand.resolve(file)
                let problems = PolicyFiles.referenceProblems(
                    policy, gitDirectory: PolicyCommand.absolute(gitDirectory ?? "."), compileRules: true)
                guard problems.isEmpty else {
                    for problem in problems {
                        FileHandle.standardError.write(Data("git-warden: \(source): \(problem)\n".utf8))
                    }
                    throw ExitCode(1)
                }
                print("\(source): OK, \(policy.rules.count) rule\(policy.rules.count == 1 ? "" : "s")")
            } catch let exit as ExitCode {
                throw exit
            } catch {
                FileHandle.standardError.write(Data("git-warden: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
    }

    struct Explain: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Show which rules apply to a ref, and why.")

        @Argument(help: "A full ref name, e.g. refs/heads/main.")
        var ref: String

        @Option(help: "Judge the pushers lists for this pusher.")
        var pusher: String?

        @Option(help: "The policy file (default: the one the hook would use here).")
        var policy: String?

        func run() throws {
            let (loaded, source) = try PolicyCommand.resolve(policy)
            print("policy \(source)")
            print(loaded.explain(ref: ref, pusher: pusher).text)
        }
    }

    struct Show: ParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Print where the policy comes from, or the embedded default.")

        func run() throws {
            let gitDirectory = ProcessInfo.processInfo.environment["GIT_DIR"] ?? PolicyCommand.currentGitDirectory()
            switch try PolicyLocator.locate(gitDirectory: gitDirectory, environment: ProcessInfo.processInfo.environment) {
            case .file(let path):
                print("# \(path)")
                print(String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self))
            case .embeddedDefault:
                print(PolicyLocator.embeddedDefaultText)
            }
        }
    }
}
