import Foundation
import WardenPolicy

/// What a hook run leaves behind and how it ends, by side. On the server: the decision being recorded, the
/// watchdog that bounds the run (armed before anything else, see `Watchdog`), the decision log, the exit status
/// `[hook] on-error` asks for, and failure messages without the server's paths. On a client: none of that; a run
/// that cannot decide says so in the door's words and stops the operation.
final class HookJournal {
    let door: HookDoor
    let output: @Sendable (String) -> Void
    let started = ContinuousClock.now
    let gitDirectory: String
    let pusher: PusherIdentity?
    private var decision: Decision
    private let watchdog: Watchdog?
    private var log = true
    private var signingKey: String?

    init(door: HookDoor, environment: [String: String], output: @escaping @Sendable (String) -> Void,
         terminate: @escaping @Sendable (Int32) -> Void) {
        self.door = door
        self.output = output
        switch door.side {
        case .server:
            gitDirectory = HookContext.absolute(environment["GIT_DIR"] ?? ".")
            pusher = PusherIdentity.resolve(environment)
        case .client:
            gitDirectory = environment["GIT_DIR"] ?? "."
            pusher = environment["GIT_WARDEN_PUSHER"].map { PusherIdentity(name: $0, source: "GIT_WARDEN_PUSHER") }
        }
        decision = Decision(time: DecisionLog.timestamp(), repository: gitDirectory, pusher: pusher?.name,
                            pusherSource: pusher?.source, policy: "(not loaded)", outcome: .error, updates: [],
                            violations: [], warnings: [], durationMilliseconds: 0)
        guard door.side == .server else {
            watchdog = nil
            return
        }
        // Armed before anything else: reading the policy is bounded too.
        let watchdog = Watchdog(record: decision, gitDirectory: gitDirectory, started: started, output: output,
                                terminate: terminate)
        watchdog.arm(seconds: Watchdog.initialSeconds(environment), failOpen: false, log: true)
        self.watchdog = watchdog
    }

    /// What the server would do with a run it cannot decide under `policy`.
    func failsOpen(_ policy: Policy) -> Bool { door.side == .server && policy.hook.onError == .accept }

    /// The policy is known: its bound, logging and signing key apply from now on.
    func loaded(_ policy: Policy) {
        log = policy.hook.log
        signingKey = policy.attest?.key
        record { $0.policy = policy.source }
        watchdog?.arm(seconds: policy.hook.timeoutSeconds, failOpen: failsOpen(policy), log: policy.hook.log)
    }

    /// Changes the decision being recorded, and the watchdog's copy of it.
    func record(_ change: (inout Decision) -> Void) {
        change(&decision)
        watchdog?.update(change)
    }

    /// Says a line, unless the watchdog has already ended the run (its report is the last word).
    func say(_ line: String) {
        if watchdog?.hasTimedOut == true { return }
        output(line)
    }

    /// The run's verdict, recorded; the exit status (0 lets git go on).
    func finish(_ verdict: Verdict, notes: [String]) -> Int32 {
        record {
            $0.outcome = verdict.isAllowed ? .accepted : .rejected
            $0.violations = verdict.violations
            $0.warnings = verdict.warnings
            $0.notes = notes.isEmpty ? nil : notes
        }
        return close(status: verdict.isAllowed ? 0 : 1)
    }

    /// A run that could not decide: said (the server's paths taken out), recorded, and failed closed unless
    /// `failOpen`.
    func fail(_ reason: String, failOpen: Bool) -> Int32 {
        guard door.side == .server else {
            door.cannotDecide(reason).forEach(say)
            return 1
        }
        say("git-warden: could not check this push: "
            + PusherView.redact(reason, policySource: decision.policy, gitDirectory: gitDirectory))
        say(failOpen ? "git-warden: push accepted anyway (policy says on-error = \"accept\")."
                     : "git-warden: push REJECTED (the guard fails closed); ask the server administrator.")
        record {
            $0.outcome = .error
            $0.error = reason
            $0.failedOpen = failOpen
        }
        return close(status: failOpen ? 0 : 1)
    }

    /// Logs the decision (server) unless the watchdog claimed the run first; then its status stands.
    private func close(status: Int32) -> Int32 {
        guard let watchdog else { return status }
        let elapsed = ContinuousClock.now - started
        decision.durationMilliseconds = Watchdog.seconds(elapsed) * 1000
        if let timedOut = watchdog.claim() { return timedOut }
        guard log else { return status }
        do {
            try DecisionLog.append(decision, gitDirectory: gitDirectory, signingKey: signingKey)
        } catch {
            output("git-warden: warning: could not write the decision log: "
                   + PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))
        }
        return status
    }
}
