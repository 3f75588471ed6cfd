import GitKit
import WardenPolicy

/// Which side of a push a door guards: where its policy comes from and what failing means.
enum HookSide: Sendable {
    /// The server (pre-receive): the policy from `GIT_WARDEN_POLICY`, the repository's git directory or /etc, never
    /// from pushed content; the pusher as the hosting server names it; bounded by the watchdog; every run in the
    /// decision log; `[hook] on-error` honoured; the server's paths kept from the pusher.
    case server
    /// A developer's machine (pre-push, pre-commit, commit-msg): the client policy (`PolicyLocator.locateForClient`);
    /// anything it cannot decide stops the operation; nothing is logged.
    case client
}

/// One door of the guard, described as data for the one pipeline (`HookRun`): which door it is (the policy's
/// `Door`, which says which checks run there and what a client cannot know), how it turns git's input into facts,
/// and what it says when it refuses or cannot decide.
/// The four doors are built in `PreReceiveHook`, `PrePushHook`, `PreCommitHook` and `CommitMessageHook`.
struct HookDoor {
    /// A change to the verdict between evaluation and rendering (see `verdictSteps`).
    typealias VerdictStep = (Verdict, HookContext, HookFacts) -> Verdict

    /// The door as the policy knows it: the checks it runs and the facts they need (`Policy.evaluate(_:pusher:door:)`,
    /// `Policy.needs(ref:door:)`).
    var door: Door
    /// Turns what git handed the hook (update lines, the index, a message file) into facts; nil when there is
    /// nothing to judge (the hook then accepts without a word, as git would without it).
    var gather: (HookContext) throws -> HookFacts?
    /// Transforms of the verdict after evaluation and before it is shown and logged, applied in order: what the
    /// verdict means at this door beyond the policy's rules (pre-receive: naming the symbolic refs an update was
    /// written through). A step that turns rejections into warnings for an authorised pusher belongs here.
    var verdictSteps: [VerdictStep] = []
    /// Client side: what the door says when it cannot decide, given the reason (the server says it the same way
    /// at every door, see `HookJournal`).
    var cannotDecide: (String) -> [String] = { _ in [] }
    /// What the door says after a rejection (how to bypass a client check, where a refused message was kept).
    var afterRejection: [String] = []

    /// git's name for the hook ("pre-receive"), used in what the door says.
    var name: String { door.rawValue }
    var side: HookSide { door.isClientSide ? .client : .server }
}

/// What a door gathered for the policy to judge.
struct HookFacts {
    var updates: [UpdateFacts]
    /// What the secret scan skipped or read only in part: every skip is said.
    var scanNotes: [String] = []
    /// Signatures good only because the policy granted an exception, named by ref and object (server).
    var exceptions: [String] = []
    /// The symbolic refs the pushed updates are written through (server).
    var symbolicRefs: SymbolicRefUpdates?
}
