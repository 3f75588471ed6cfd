import ArgumentParser
import Foundation
import WardenCore

/// A server hook's input through the command line parser: `ServerHookInput` decides, a run by hand is explained
/// and ends with exit status 2 before anything is judged or logged.
enum HookInvocation {
    static func gitInput(hook: String, environment: [String: String]) throws -> [UInt8] {
        do {
            return try ServerHookInput.gitInput(hook: hook, environment: environment)
        } catch {
            writeToStandardError(error.explanation)
            throw ExitCode(error.exitStatus)
        }
    }
}
