import GitKit
import WardenPolicy

/// The one hook pipeline. Every door (pre-receive, pre-push, pre-commit, commit-msg) is a `HookDoor` run through
/// the same steps, in this order:
///
/// 1. start: the journal is opened (server: the decision record, and the watchdog armed before anything else);
/// 2. policy: where the policy depends on the repository (client: the work tree's copy), the repository is
///    opened; the policy is loaded. Without a policy there is no `on-error` to consult: a failure fails closed;
/// 3. gather: the door turns git's input into facts (`HookDoor.gather`);
/// 4. evaluate: one call, the policy's verdict on the facts for this door (`evaluate`);
/// 5. transform: the door's verdict steps, in order (`HookDoor.verdictSteps`);
/// 6. render: the verdict, the scan notes and exceptions, the door's lines after a rejection;
/// 7. log (server) and return the exit status.
///
/// A failure in steps 3 to 6 follows `[hook] on-error` on the server and fails closed on a client.
struct HookRun {
    /// Scan notes shown to a pusher before the rest are only counted (all are in the decision log).
    static let notesShown = 50

    let door: HookDoor
    let environment: [String: String]
    let output: @Sendable (String) -> Void
    /// Ends the process with a status when the watchdog gives up (server doors; see `Watchdog`).
    let terminate: @Sendable (Int32) -> Void

    func run() -> Int32 {
        let journal = HookJournal(door: door, environment: environment, output: output, terminate: terminate)
        let context: HookContext
        do {
            context = try load(journal)
        } catch {
            // A client names the failure as it is (the repository or the policy file); the server's log keeps
            // which step failed.
            return journal.fail(door.side == .server ? "cannot load the policy: \(error)" : "\(error)", failOpen: false)
        }
        journal.loaded(context.policy)
        do {
            guard let facts = try door.gather(context) else { return 0 }
            var verdict = evaluate(facts, context)
            for step in door.verdictSteps { verdict = step(verdict, context, facts) }
            render(verdict, facts, context, journal)
            return journal.finish(verdict, notes: facts.scanNotes + facts.exceptions)
        } catch {
            return journal.fail("\(error)", failOpen: journal.failsOpen(context.policy))
        }
    }

    /// Step 2: the policy of this side, and the repository when finding the policy needs it.
    private func load(_ journal: HookJournal) throws -> HookContext {
        let policy: Policy
        var repository: Repository?
        switch door.side {
        case .server:
            policy = try PolicyLocator.load(PolicyLocator.locate(gitDirectory: journal.gitDirectory,
                                                                 environment: environment))
        case .client:
            let opened = try Repository.openFromEnvironment(environment)
            repository = opened
            policy = try PolicyLocator.load(PolicyLocator.locateForClient(workTree: opened.workDirectory,
                                                                          environment: environment))
        }
        return HookContext(environment: environment, door: door.door, policy: policy,
                           gitDirectory: repository?.gitDirectory ?? journal.gitDirectory, pusher: journal.pusher,
                           repository: repository, record: journal.record)
    }

    /// Step 4, in one call: the policy judges every update together with the checks this door runs (a client door
    /// leaves out what only the server can know).
    private func evaluate(_ facts: HookFacts, _ context: HookContext) -> Verdict {
        context.policy.evaluate(facts.updates, pusher: context.pusher?.name, door: door.door)
    }

    /// Step 6: what the person pushing or committing reads.
    private func render(_ verdict: Verdict, _ facts: HookFacts, _ context: HookContext, _ journal: HookJournal) {
        switch door.side {
        case .server:
            VerdictReport.lines(for: verdict, policy: PusherView.policy(context.policy, gitDirectory: context.gitDirectory),
                                ignoreFile: PusherView.ignoreFileName).forEach(journal.say)
            // Every skip is said; a push of thousands of binaries lists the first ones and counts the rest, which
            // the decision log keeps in full (when there is no log, the pusher sees them all).
            let notes = facts.scanNotes
            let shown = context.policy.hook.log ? notes.prefix(Self.notesShown) : notes[...]
            shown.forEach { journal.say("git-warden: note: \($0)") }
            if shown.count < notes.count {
                journal.say("git-warden: note: and \(notes.count - shown.count) more like these (all in the decision log)")
            }
        case .client:
            VerdictReport.lines(for: verdict, policy: context.policy, ignoreFile: context.ignoreFile,
                                speaker: .client(hook: door.name)).forEach(journal.say)
            facts.scanNotes.forEach { journal.say("git-warden: note: \($0)") }
        }
        facts.exceptions.forEach { journal.say("git-warden: note: \($0)") }
        if !verdict.isAllowed { door.afterRejection.forEach(journal.say) }
    }
}
