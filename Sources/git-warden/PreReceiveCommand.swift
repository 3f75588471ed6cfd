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
        // Bytes, not a decoded String: a ref name that is not UTF-8 must not be judged under a substituted name.
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        if input.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D }) {
            writeToStandardError(HookInvocation.explanation(hook: "pre-receive", reason: "there are no ref updates on standard input"))
            throw ExitCode(2)
        }
        let hook = PreReceiveHook(environment: environment, output: writeToStandardError)
        let status = hook.run(input: input)
        try exitWith(status)
    }
}
