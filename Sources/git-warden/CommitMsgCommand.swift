import ArgumentParser
import Foundation
import WardenCore

struct CommitMsgCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "commit-msg",
        abstract: "Developer-side hook: check a commit message against the policy's message rules."
    )

    @Argument(help: "The file holding the proposed message, as git passes it.")
    var messageFile: String

    func run() throws {
        let hook = CommitMessageHook(environment: ProcessInfo.processInfo.environment, output: writeToStandardError)
        let status = hook.run(messageFile: messageFile)
        try exitWith(status)
    }
}
