import Foundation
import GitKit
import WardenPolicy

/// The server-side guard: judges every ref update of a push against the repository's policy.
///
/// Anything it cannot decide (unreadable policy, malformed input, a git error, a timeout) rejects the push, unless
/// the policy's `[hook] on-error = "accept"` says to fail open; either way the reason is shown and logged.
///
/// Use: `PreReceiveHook(environment:output:terminate:).run(input:)` with git's standard input, the process
/// environment (`GIT_DIR` and the pusher's variables), a sink for the lines git shows as "remote:", and a closure
/// that ends the process with a status when the watchdog gives up on a stuck run (see `Watchdog`). The returned
/// status is the hook's exit status (0 accepts the push). Every run appends one decision to the decision log.
public struct PreReceiveHook {
    public var environment: [String: String]
    /// Where messages for the pusher go (git shows hook output as "remote:" lines).
    public var output: @Sendable (String) -> Void
    /// Called (from another thread) with the exit status when the run times out; the executable exits there.
    public var terminate: @Sendable (Int32) -> Void

    public init(environment: [String: String], output: @escaping @Sendable (String) -> Void,
                terminate: @escaping @Sendable (Int32) -> Void) {
        self.environment = environment
        self.output = output
        self.terminate = terminate
    }

    /// Runs the hook on git's stdin text and returns the process exit status (0 accepts the push).
    public func run(input: String) -> Int32 {
        run(input: Array(input.utf8))
    }

    /// Runs the hook on git's stdin bytes exactly as git wrote them (ref names are bytes, see `RefUpdateLine`).
    public func run(input: [UInt8]) -> Int32 {
        HookRun(door: Self.door(input: input), environment: environment, output: output, terminate: terminate).run()
    }

    /// The pre-receive door: git's update lines, checked against the repository, judged under every name they are
    /// written through.
    static func door(input: [UInt8]) -> HookDoor {
        HookDoor(door: .preReceive, gather: { context in
            let updates = try RefUpdateLine.parse(bytes: input)
            context.record { $0.updates = updates.map { Decision.Update(ref: $0.ref, old: $0.old.hex, new: $0.new.hex) } }
            let repository = try context.repository()
            try RefUpdateLine.checkObjectsExist(updates, in: repository)
            let written = try SymbolicRefUpdates(updates, in: repository)
            context.record { $0.updates = updates.map(written.logged) }
            let collected = try context.facts(of: written.judged)
            return HookFacts(updates: collected.facts, scanNotes: collected.scanNotes,
                             exceptions: policyExceptions(collected.facts), symbolicRefs: written)
        }, verdictSteps: [
            // Violations of a name reached through a symbolic ref say which pushed name led there.
            { verdict, _, facts in facts.symbolicRefs?.annotated(verdict) ?? verdict },
        ])
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
}
