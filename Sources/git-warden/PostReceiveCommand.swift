import ArgumentParser
import Foundation
import WardenCore
import WardenEvidence

struct PostReceiveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "post-receive",
        abstract: "Server-side hook: record in the decision log which pushed ref updates landed."
    )

    /// post-receive cannot change the push; a failure here is reported and the exit status is 0 so that chained
    /// hooks and the pusher's output are not disturbed (git ignores it anyway).
    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let input = String(decoding: try HookInvocation.gitInput(hook: "post-receive", environment: environment),
                           as: UTF8.self)
        do {
            try PostReceiveRecorder.record(input: input, environment: environment)
        } catch {
            let gitDirectory = environment["GIT_DIR"] ?? "."
            writeToStandardError("git-warden: warning: could not record which refs landed: "
                                 + PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))
        }
        do {
            for (ref, level) in try EvidenceRecorder.record(input: input, environment: environment) {
                writeToStandardError("git-warden: evidence for \(ref): SLSA source level \(level.level)"
                                     + (level.limits.isEmpty ? "" : " (" + level.limits.joined(separator: "; ") + ")"))
            }
        } catch {
            let gitDirectory = environment["GIT_DIR"] ?? "."
            writeToStandardError("git-warden: warning: could not write the source evidence: "
                                 + PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))
        }
    }
}
