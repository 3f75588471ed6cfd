import ArgumentParser
import Foundation
import WardenCore

struct PrePushCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-push",
        abstract: "Developer-side hook: judge outgoing commits as the server would, before they leave."
    )

    @Argument(help: "The remote's name (or URL), as git passes it.")
    var remote: String

    @Argument(help: "The remote's URL, as git passes it.")
    var url: String?

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let hook = PrePushHook(environment: ProcessInfo.processInfo.environment) { line in
            FileHandle.standardError.write(Data((line + "\n").utf8))
        }
        let status = hook.run(remote: remote, input: input)
        if status != 0 { throw ExitCode(status) }
    }
}
