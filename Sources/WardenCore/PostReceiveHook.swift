import Foundation

/// The server's post-receive: records in the decision log which pushed ref updates landed, and writes the source
/// evidence the policy's `[attest]` asks for. It cannot change the push; a failure is reported and the status is
/// still 0, so that chained hooks and the pusher's output are not disturbed (git ignores it anyway).
public struct PostReceiveHook {
    public var environment: [String: String]
    public var output: @Sendable (String) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    /// `input` is git's standard input (see `ServerHookInput.gitInput`); returns the exit status, always 0.
    public func run(input bytes: [UInt8]) -> Int32 {
        let input = String(decoding: bytes, as: UTF8.self)
        let gitDirectory = environment["GIT_DIR"] ?? "."
        do {
            try PostReceiveRecorder.record(input: input, environment: environment)
        } catch {
            output("git-warden: warning: could not record which refs landed: "
                   + PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))
        }
        do {
            for (ref, level) in try EvidenceRecorder.record(input: input, environment: environment) {
                output("git-warden: evidence for \(ref): SLSA source level \(level.level)"
                       + (level.limits.isEmpty ? "" : " (" + level.limits.joined(separator: "; ") + ")"))
            }
        } catch {
            output("git-warden: warning: could not write the source evidence: "
                   + PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))
        }
        return 0
    }
}
