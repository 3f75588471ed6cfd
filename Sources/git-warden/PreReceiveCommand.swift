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
        if let reason = HookInvocation.byHandReason(hook: "pre-receive", environment: environment, inputIsTerminal: isatty(0) == 1) {
            writeToStandardError(HookInvocation.explanation(hook: "pre-receive", reason: reason))
            throw ExitCode(2)
        }
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        if input.allSatisfy(\.isWhitespace) {
            writeToStandardError(HookInvocation.explanation(hook: "pre-receive", reason: "there are no ref updates on standard input"))
            throw ExitCode(2)
        }
        let hook = PreReceiveHook(environment: environment, output: writeToStandardError)
        let status = hook.run(input: input)
        try exitWith(status)
    }
}
