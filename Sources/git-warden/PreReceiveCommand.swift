import ArgumentParser
import Foundation
import WardenCore

struct PreReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-receive",
        abstract: "Server-side hook: judge the pushed ref updates read from standard input."
    )

    func run() throws {
        // Bytes, not a decoded String: a ref name that is not UTF-8 must not be judged under a substituted name.
        let input = [UInt8](FileHandle.standardInput.readDataToEndOfFile())
        let hook = PreReceiveHook(environment: ProcessInfo.processInfo.environment, output: writeToStandardError)
        let status = hook.run(input: input)
        try exitWith(status)
    }
}
