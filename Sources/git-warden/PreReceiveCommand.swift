import ArgumentParser
import Foundation
import WardenCore

struct PreReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pre-receive",
        abstract: "Server-side hook: judge the pushed ref updates read from standard input."
    )

    func run() throws {
        let input = String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        let hook = PreReceiveHook(environment: ProcessInfo.processInfo.environment, output: writeToStandardError)
        let status = hook.run(input: input)
        try exitWith(status)
    }
}
