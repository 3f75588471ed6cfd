import ArgumentParser
import Foundation
import WardenCore

struct PrePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "Developer-side hook: judge outgoing commits as the server would, before they leave."
    )

    @Argument(help: "The remote's name (or URL), as git passes it; absent under the pre-commit framework.")
    var remote: String?

    @Argument(help: "The remote's URL, as git passes it.")
    var url: String?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let hook = PrePushHook(environment: environment, output: writeToStandardError)
        let status: Int32
        if let remote {
            status = hook.run(remote: remote, input: String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self))
        } else if let (remote, input) = PrePushHook.frameworkInput(environment) {
            status = hook.run(remote: remote, input: input)
        } else {
            throw ValidationError("give the remote name (git passes it to a pre-push hook), or run under the pre-commit framework")
        }
        try exitWith(status)
    }
}
