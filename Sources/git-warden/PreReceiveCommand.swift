import ArgumentParser
import Foundation
import WardenCore

struct PreReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-receive",
        abstract: "Server-side hook: judge the pushed ref updates read from standard input."
    )

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        // Bytes, not a decoded String: a ref name that is not UTF-8 must not be judged under a substituted name.
        let input = try HookInvocation.gitInput(hook: "pre-receive", environment: environment)
        let hook = PreReceiveHook(environment: environment, output: writeToStandardError, terminate: endProcess)
        let status = hook.run(input: input)
        try exitWith(status)
    }
}
