import Foundation
import GitKit
import WardenPolicy

/// The server-side guard: judges every ref update of a push against the repository's policy.
///
/// Anything it cannot decide (unreadable policy, malformed input, a git error, a timeout) rejects the push, unless
/// the policy's `[hook] on-error = "accept"` says to fail open; either way the reason is shown and logged.
public struct PreReceiveHook {
    public var environment: [String: String]
    /// Where messages for the pusher go (git shows hook output as "remote:" lines).
    public var output: @Sendable (String) -> Void

    /// Scan notes shown to the pusher before the rest are only counted.
    static let notesShown = 50

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void) {
        self.environment = environment
        self.output = output
    }

    /// Runs the hook on git's stdin text and returns the process exit status (0 accepts the push).
    public func run(input: String) -> Int32 {
        run(input: Array(input.utf8))
    }

    /// Runs the hook on git's stdin bytes exactly as git wrote them (ref names are bytes, see `RefUpdateLine`).
    public func run(input: [UInt8]) -> Int32 {
        let started = ContinuousClock.now
        let gitDirectory = Self.absolute(environment["GIT_DIR"] ?? ".")
        let pusher = PusherIdentity.resolve(environment)
        var record = Decision(time: DecisionLog.timestamp(), repository: gitDirectory, pusher: pusher?.name,
                              pusherSource: pusher?.source, policy: "(not loaded)", outcome: .error, updates: [],
                              violations: [], warnings: [], durationMilliseconds: 0)
        // Armed before anything else: reading the policy is bounded too (see Watchdog).
        let watchdog = Watchdog(record: record, gitDirectory: gitDirectory, started: started, output: output)
        watchdog.arm(seconds: Watchdog.initialSeconds(environment), failOpen: false, log: true)
        let policy: Policy
        do {
            let origin = try PolicyLocator.locate(gitDirectory: gitDirectory, environment: environment)
            policy = try PolicyLocator.load(origin)
            record.policy = policy.source
            watchdog.update { $0.policy = policy.source }
        } catch {
            // Without a policy there is no on-error setting to consult: fail closed.
            return fail("cannot load the policy: \(error)", failOpen: false, record: &record, gitDirectory: gitDirectory,
                        started: started, log: true, watchdog: watchdog)
        }
        let failOpen = policy.hook.onError == .accept
        watchdog.arm(seconds: policy.hook.timeoutSeconds, failOpen: failOpen, log: policy.hook.log)
        do {
            let updates = try RefUpdateLine.parse(bytes: input)
            record.updates = updates.map { Decision.Update(ref: $0.ref, old: $0.old.hex, new: $0.new.hex) }
            watchdog.update { [updates = record.updates] in $0.updates = updates }
            let repository = try Repository.openFromEnvironment(environment)
            try RefUpdateLine.checkObjectsExist(updates, in: repository)
            let written = try SymbolicRefUpdates(updates, in: repository)
            record.updates = updates.map(written.logged)
            watchdog.update { [updates = record.updates] in $0.updates = updates }
            let ignoreFile = SecretIgnore.path(for: policy, gitDirectory: gitDirectory)
            let collector = try UpdateFactsCollector(repository: repository, policy: policy, pusher: pusher?.name,
                                                     ignoredFingerprints: try SecretIgnore.fingerprints(at: ignoreFile))
            record.rulesCache = collector.secretScan?.scanner.cacheReport
            var facts: [UpdateFacts] = []
            for update in written.judged { facts.append(try collector.facts(for: update)) }
            let judged = written.annotated(policy.evaluate(facts, pusher: pusher?.name))
            // Break-glass (`git push -o git-warden.bypass=…`): a value transform of the verdict.
            let (verdict, bypass) = BypassStep.run(judged, policy: policy, pusher: pusher?.name,
                                                   environment: environment, record: record, output: output)
            record.bypass = bypass
            VerdictReport.lines(for: verdict, policy: PusherView.policy(policy, gitDirectory: gitDirectory),
                                ignoreFile: PusherView.ignoreFileName).forEach(output)
            let notes = collector.scanNotes
            // Every skip is said; a push of thousands of binaries lists the first ones and counts the rest, which
            // the decision log keeps in full (when there is no log, the pusher sees them all).
            let shown = policy.hook.log ? notes.prefix(Self.notesShown) : notes[...]
            shown.forEach { output("git-warden: note: \($0)") }
            if shown.count < notes.count {
                output("git-warden: note: and \(notes.count - shown.count) more like these (all in the decision log)")
            }
            let exceptions = Self.policyExceptions(facts)
            exceptions.forEach { output("git-warden: note: \($0)") }
            record.notes = notes.isEmpty && exceptions.isEmpty ? nil : notes + exceptions
            record.outcome = verdict.isAllowed ? .accepted : .rejected
            record.violations = verdict.violations
            record.warnings = verdict.warnings
            finish(&record, started: started, gitDirectory: gitDirectory, log: policy.hook.log, watchdog: watchdog,
                   key: policy.attest?.key)
            return verdict.isAllowed ? 0 : 1
        } catch {
            return fail("\(error)", failOpen: failOpen, record: &record, gitDirectory: gitDirectory, started: started,
                        log: policy.hook.log, watchdog: watchdog, key: policy.attest?.key)
        }
    }

    private func fail(_ reason: String, failOpen: Bool, record: inout Decision, gitDirectory: String,
                      started: ContinuousClock.Instant, log: Bool, watchdog: Watchdog, key: String? = nil) -> Int32 {
        // The log keeps the reason with its paths; the pusher gets it without the server's layout.
        output("git-warden: could not check this push: \(PusherView.redact(reason, policySource: record.policy, gitDirectory: gitDirectory))")
        output(failOpen ? "git-warden: push accepted anyway (policy says on-error = \"accept\")."
                        : "git-warden: push REJECTED (the guard fails closed); ask the server administrator.")
        record.outcome = .error
        record.error = reason
        record.failedOpen = failOpen
        finish(&record, started: started, gitDirectory: gitDirectory, log: log, watchdog: watchdog, key: key)
        return failOpen ? 0 : 1
    }

    private func finish(_ record: inout Decision, started: ContinuousClock.Instant, gitDirectory: String, log: Bool,
                        watchdog: Watchdog, key: String? = nil) {
        let elapsed = ContinuousClock.now - started
        record.durationMilliseconds = Double(elapsed.components.seconds) * 1000
            + Double(elapsed.components.attoseconds) / 1e15
        // The watchdog may have timed out meanwhile: it logs that decision and exits; one record per run.
        if !watchdog.claim() { while true { pause() } }
        guard log else { return }
        do {
            try DecisionLog.append(record, gitDirectory: gitDirectory, signingKey: key)
        } catch {
            output("git-warden: warning: could not write the decision log: \(PusherView.redact("\(error)", policySource: nil, gitDirectory: gitDirectory))")
        }
    }

    /// Signatures that were good only because the policy allowed an exception, named by ref and object.
    static func policyExceptions(_ facts: [UpdateFacts]) -> [String] {
        var notes: [String] = []
        for update in facts {
            for commit in update.commits {
                let prefix = "\(update.ref): commit \(commit.id.prefix(10)): "
                notes += (commit.signature?.policyNotes ?? []).map { prefix + $0 }
            }
            for tag in update.tags {
                let prefix = "\(update.ref): tag \(tag.name): "
                notes += tag.signature.policyNotes.map { prefix + $0 }
            }
        }
        return notes
    }

    /// git runs hooks with GIT_DIR=".": log and messages name the repository by its real path.
    static func absolute(_ path: String) -> String {
        guard let resolved = realpath(path, nil) else { return path }
        defer { free(resolved) }
        return String(cString: resolved)
    }
}
