import Foundation
import WardenPolicy

/// Bounds how long a hook may run, from the moment the process starts: a stuck guard must not hold a push (and the
/// server's ref locks) forever. At the deadline it reports, appends the decision ("error", reason "timeout after N
/// s", and whether it failed open) to the decision log, and exits as the policy's `on-error` says.
///
/// It is armed before anything else, because reading the policy can itself be slow (a policy on a hung network
/// file system, a FIFO): until the policy is read the bound is `GIT_WARDEN_TIMEOUT` seconds (default 60, as
/// `[hook] timeout`), and a policy that cannot be read fails closed. Once the policy is read, its `[hook] timeout`,
/// counted from the start, replaces that bound.
///
/// The hook thread keeps the watchdog's copy of the decision current; whichever of the two finishes first claims
/// the decision, so exactly one record is logged per run.
final class Watchdog: @unchecked Sendable {
    /// The bound before the policy is known, and its environment override (seconds, for servers with slow storage).
    static let defaultSeconds: Double = HookSettings().timeoutSeconds
    static let environmentKey = "GIT_WARDEN_TIMEOUT"

    private let lock = NSLock()
    private let queue = DispatchQueue(label: "git-warden.watchdog")
    private let started: ContinuousClock.Instant
    private let gitDirectory: String
    private let output: @Sendable (String) -> Void
    // Guarded by `lock`.
    private var record: Decision
    private var failOpen = false
    private var log = true
    private var generation = 0
    private var claimed = false

    init(record: Decision, gitDirectory: String, started: ContinuousClock.Instant,
         output: @escaping @Sendable (String) -> Void) {
        self.record = record
        self.gitDirectory = gitDirectory
        self.started = started
        self.output = output
    }

    /// The pre-policy bound: `GIT_WARDEN_TIMEOUT` when it is a positive number of seconds, else the default.
    static func initialSeconds(_ environment: [String: String]) -> Double {
        guard let text = environment[environmentKey], let seconds = Double(text), seconds > 0, seconds.isFinite else {
            return defaultSeconds
        }
        return seconds
    }

    /// (Re)arms the deadline at `seconds` after the start, with what the policy says about failing open and logging.
    func arm(seconds: Double, failOpen: Bool, log: Bool) {
        lock.lock()
        generation += 1
        let armed = generation
        self.failOpen = failOpen
        self.log = log
        lock.unlock()
        let elapsed = Self.seconds(ContinuousClock.now - started)
        queue.asyncAfter(deadline: .now() + max(0, seconds - elapsed)) { [self] in fire(generation: armed, seconds: seconds) }
    }

    /// Keeps the record the watchdog would log current (policy, updates).
    func update(_ change: (inout Decision) -> Void) {
        lock.lock()
        change(&record)
        lock.unlock()
    }

    /// Called by the hook before it writes its own decision. False when the watchdog has already claimed the run:
    /// it is logging the timeout and about to exit, so the hook must not log a second decision.
    func claim() -> Bool {
        lock.lock()
        defer { lock.unlock() }
        guard !claimed else { return false }
        claimed = true
        return true
    }

    private func fire(generation armed: Int, seconds: Double) {
        lock.lock()
        guard armed == generation, !claimed else {
            lock.unlock()
            return
        }
        claimed = true
        var decision = record
        let failOpen = self.failOpen
        let log = self.log
        lock.unlock()
        let reason = "timeout after \(Self.format(seconds)) s"
        decision.outcome = .error
        decision.error = reason
        decision.failedOpen = failOpen
        decision.durationMilliseconds = Self.seconds(ContinuousClock.now - started) * 1000
        output("git-warden: gave up: \(reason); push \(failOpen ? "accepted (on-error = accept)" : "REJECTED").")
        if log {
            do {
                try DecisionLog.append(decision, gitDirectory: gitDirectory)
            } catch {
                output("git-warden: warning: could not write the decision log \(DecisionLog.path(gitDirectory: gitDirectory)): \(error)")
            }
        }
        exit(failOpen ? 0 : 1)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
