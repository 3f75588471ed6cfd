import ArgumentParser
import Foundation
import WardenCore

struct PreCommitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-commit",
        abstract: "Developer-side hook: scan the staged changes for secrets and the policy's file rules."
    )

    func run() throws {
        let hook = PreCommitHook(environment: ProcessInfo.processInfo.environment, output: writeToStandardError)
        let status = hook.run()
        try exitWith(status)
    }
}
