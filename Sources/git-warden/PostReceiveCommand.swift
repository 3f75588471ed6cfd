import ArgumentParser
import Foundation
import WardenCore

struct PostReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-receive",
        abstract: "Server-side hook: record in the decision log which pushed ref updates landed."
    )

    /// post-receive cannot change the push; a failure here is reported and the exit status is 0 so that chained
    /// hooks and the pusher's output are not disturbed (git ignores it anyway).
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        if let reason = HookInvocation.byHandReason(hook: "post-receive", environment: environment, inputIsTerminal: isatty(0) == 1) {
            writeToStandardError(HookInvocation.explanation(hook: "post-receive", reason: reason))
            throw ExitCode(2)
        }
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        if input.allSatisfy(\.isWhitespace) {
            writeToStandardError(HookInvocation.explanation(hook: "post-receive", reason: "there are no ref updates on standard input"))
            throw ExitCode(2)
        }
        do {
            try PostReceiveRecorder.record(input: input, environment: environment)
        } catch {
            let gitDirectory = environment["GIT_DIR"] ?? "."
            writeToStandardError("git-warden: warning: could not record which refs landed: "
                                 + PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))
        }
    }
}
