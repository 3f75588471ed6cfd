import Foundation
import WardenPolicy

/// Bounds how long a hook may run, from the moment the process starts: a stuck guard must not hold a push (and the
/// server's ref locks) forever. At the deadline it reports, appends the decision ("error", reason "timeout after N
/// s", and whether it failed open) to the decision log, and hands the exit status the policy's `on-error` says to
/// `terminate`, which the executable provides: it ends the process there, since the hook thread may be stuck in a
/// call that never returns. WardenCore itself never exits. When `terminate` returns (a hook run in-process, as the
/// tests do), the hook thread, once it gets to its own decision, returns the watchdog's status instead (`claim`).
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
    private let terminate: @Sendable (Int32) -> Void
    /// Signalled once the watchdog's decision is logged and `terminate` has returned.
    private let settled = DispatchSemaphore(value: 0)
    // Guarded by `lock`.
    private var record: Decision
    private var failOpen = false
    private var log = true
    private var generation = 0
    private var claimed = false
    /// The exit status of the timeout, once the watchdog has claimed the run.
    private var timeoutStatus: Int32?
    /// The deadline, cancelled as soon as the hook claims the run: a process that runs many hooks (the hook
    /// service) must not keep every finished hook's watchdog, and what its closures name, until its deadline.
    private var timer: DispatchSourceTimer?

    init(record: Decision, gitDirectory: String, started: ContinuousClock.Instant,
         output: @escaping @Sendable (String) -> Void, terminate: @escaping @Sendable (Int32) -> Void) {
        self.record = record
        self.gitDirectory = gitDirectory
        self.started = started
        self.output = output
        self.terminate = terminate
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
        guard !claimed else {
            lock.unlock()
            return
        }
        let timer = self.timer ?? DispatchSource.makeTimerSource(queue: queue)
        let first = self.timer == nil
        self.timer = timer
        lock.unlock()
        let elapsed = Self.seconds(ContinuousClock.now - started)
        timer.setEventHandler { [self] in fire(generation: armed, seconds: seconds) }
        timer.schedule(deadline: .now() + max(0, seconds - elapsed))
        if first { timer.resume() }
    }

    /// Keeps the record the watchdog would log current (policy, updates).
    func update(_ change: (inout Decision) -> Void) {
        lock.lock()
        change(&record)
        lock.unlock()
    }

    /// Called by the hook before it writes its own decision: nil when the hook has the run, else the exit status
    /// of the timeout the watchdog has claimed it for. The hook must then log nothing more; this waits until the
    /// watchdog's decision is written and `terminate` has had its say (in the executable, forever: it exits).
    func claim() -> Int32? {
        lock.lock()
        guard claimed else {
            claimed = true
            let timer = self.timer
            lock.unlock()
            timer?.cancel()
            return nil
        }
        lock.unlock()
        settled.wait()
        settled.signal()
        lock.lock()
        defer { lock.unlock() }
        return timeoutStatus ?? 1
    }

    /// Whether the deadline has passed and the watchdog has the run: the hook's own report is then moot.
    var hasTimedOut: Bool {
        lock.lock()
        defer { lock.unlock() }
        return timeoutStatus != nil
    }

    private func fire(generation armed: Int, seconds: Double) {
        lock.lock()
        guard armed == generation, !claimed else {
            lock.unlock()
            return
        }
        claimed = true
        timeoutStatus = failOpen ? 0 : 1
        timer?.cancel()
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
        terminate(failOpen ? 0 : 1)
        settled.signal()
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }

    static func format(_ seconds: Double) -> String {
        seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
    }
}
