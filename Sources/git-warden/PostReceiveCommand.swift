import ArgumentParser
import Foundation
import WardenCore

struct PostReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-receive",
        abstract: "Server-side hook: record in the decision log which pushed ref updates landed."
    )

    /// post-receive cannot change the push (see `PostReceiveHook`): its status is always 0.
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let input = try HookInvocation.gitInput(hook: "post-receive", environment: environment)
        try exitWith(PostReceiveHook(environment: environment, output: writeToStandardError).run(input: input))
    }
}
