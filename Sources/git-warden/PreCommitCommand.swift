import ArgumentParser
import Foundation
import WardenCore

struct PreCommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-commit",
        abstract: "Developer-side hook: scan the staged changes for secrets and the policy's file rules."
    )

    func run() throws {
        let hook = PreCommitHook(environment: ProcessInfo.processInfo.environment) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let status = hook.run()
        if status != 0 { throw ExitCode(status) }
    }
}
